import type { JsonObject } from '../../json/json-value.js';
import { createConfigValidator } from '../../config/validate-config.js';
import { secretValues } from '../../config/secrets.js';
import { SOURCE_CONFIG_SCHEMA, type SourceConfig } from './source-config-schema.js';
import { parseQuery } from '../read/parse-query.js';
import { ConnectorError, configError } from '../../protocol/connector-error.js';

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
  return config;
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
        return parsed.origin;
      } catch {
        return url;
      }
    })
    .join(', ');
}
