import type { JsonObject } from '../../json/json-value.js';
import { createConfigValidator } from '../../config/validate-config.js';
import { secretValues } from '../../config/secrets.js';
import { SOURCE_CONFIG_SCHEMA, type SourceConfig } from './source-config-schema.js';
import { parseQuery } from '../read/parse-query.js';
import { ConnectorError, configError } from '../../protocol/connector-error.js';
import { cloudIdProblem } from './cloud-id.js';
import { familyRequestLineProblem } from './family-request-lines.js';

const validate = createConfigValidator<SourceConfig>(SOURCE_CONFIG_SCHEMA as unknown as JsonObject);

/** Validates raw config JSON (from `origin`, a file name) into a frozen SourceConfig, or throws a config_error. */
export function parseSourceConfig(raw: unknown, origin: string): Readonly<SourceConfig> {
  const config = validate(raw, origin);
  try {
    parseQuery(config);
  } catch (error) {
    if (error instanceof ConnectorError) throw configError(`${origin} is not a valid config: ${error.message}`);
    throw error;
  }
  const problem = (config.endpoint.mode === 'cloud' ? cloudIdProblem(config.endpoint.cloud_id) : undefined) ?? duplicateFamilyName(config) ?? familyRequestLineProblem(config);
  if (problem !== undefined) throw configError(`${origin} is not a valid config: ${problem}.`);
  return config;
}

/** A sentence naming the first index family whose name an earlier family already has, or undefined. */
function duplicateFamilyName(config: SourceConfig): string | undefined {
  const seen = new Map<string, number>();
  for (const [position, family] of config.index_families.entries()) {
    const first = seen.get(family.name);
    if (first !== undefined) return `"index_families[${position}].name" is "${family.name}", like "index_families[${first}].name": give each family a name of its own (it is the stream name)`;
    seen.set(family.name, position);
  }
  return undefined;
}

/** Every secret value in a (possibly invalid) source config, for scrubbing output. */
export function sourceSecrets(raw: unknown): string[] {
  return secretValues(SOURCE_CONFIG_SCHEMA as unknown as JsonObject, raw);
}

/** The endpoint as shown in messages: URLs without credentials, or the cloud id's label. */
export function endpointLabel(config: SourceConfig): string {
  if (config.endpoint.mode === 'cloud') return `Elastic Cloud deployment ${config.endpoint.cloud_id.split(':')[0] ?? ''}`;
  return config.endpoint.urls
    .map((url) => {
      try {
        const parsed = new URL(url);
        parsed.username = '';
        parsed.password = '';
        // The path too: behind a reverse proxy it is part of where the cluster is, and a wrong one is a common mistake.
        return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname.replace(/\/$/, '')}`;
      } catch {
        return url;
      }
    })
    .join(', ');
}
