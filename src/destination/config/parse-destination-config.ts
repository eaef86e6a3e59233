import type { JsonObject } from '../../json/json-value.js';
import { createConfigValidator } from '../../config/validate-config.js';
import { secretValues } from '../../config/secrets.js';
import { nameTextProblem } from '../../config/text-patterns.js';
import { configError } from '../../protocol/connector-error.js';
import { DESTINATION_CONFIG_SCHEMA, type DestinationConfig } from './destination-config-schema.js';
import { checkKeyTemplate } from '../pipeline/object-keys.js';
import { configuredPartitioning } from '../partition/partition-scheme.js';

const validate = createConfigValidator<DestinationConfig>(DESTINATION_CONFIG_SCHEMA as unknown as JsonObject);

/**
 * Validates raw config JSON (from `origin`, a file name) into a frozen
 * DestinationConfig, or throws a config_error naming the field and the fix.
 * Beyond the schema it checks that the key parts (path prefix, object key
 * template) hold no control character and are well-formed Unicode, and the
 * object key template's variables.
 */
export function parseDestinationConfig(raw: unknown, origin: string): Readonly<DestinationConfig> {
  const config = validate(raw, origin);
  for (const field of ['path_prefix', 'object_key_template'] as const) {
    const textProblem = nameTextProblem(config[field]);
    if (textProblem !== undefined) throw configError(`${origin} is not a valid config: "${field}" ${textProblem}.`);
  }
  const problem = checkKeyTemplate(config.object_key_template);
  if (problem !== undefined) throw configError(`${origin} is not a valid config: "object_key_template" ${problem}.`);
  configuredPartitioning(config); // throws on contradicting partitioning options
  return config;
}

/** Every secret value in a (possibly invalid) destination config, for scrubbing output. */
export function destinationSecrets(raw: unknown): string[] {
  return secretValues(DESTINATION_CONFIG_SCHEMA as unknown as JsonObject, raw);
}
