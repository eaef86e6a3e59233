import type { JsonObject } from '../json/json-value.js';
import type { ConnectorSpecification } from '../protocol/messages.js';
import { SOURCE_CONFIG_SCHEMA } from './config/source-config-schema.js';

export const SOURCE_DOCUMENTATION_URL = 'https://github.com/espq/elasticsearch-s3-parquet#source-elasticsearch';

/** The spec `spec` prints and `spec.json` holds, derived from the config declaration. */
export function sourceSpec(): ConnectorSpecification {
  return {
    documentationUrl: SOURCE_DOCUMENTATION_URL,
    connectionSpecification: SOURCE_CONFIG_SCHEMA as unknown as JsonObject,
    supportsIncremental: false,
    protocol_version: '0.3.2',
  };
}
