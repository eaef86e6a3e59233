import type { JsonObject } from '../json/json-value.js';
import type { ConnectorSpecification } from '../protocol/messages.js';
import { DESTINATION_CONFIG_SCHEMA } from './config/destination-config-schema.js';

export const DESTINATION_DOCUMENTATION_URL = 'https://github.com/espq/elasticsearch-s3-parquet#destination-s3-parquet';

/** The spec `spec` prints and `spec.json` holds, derived from the config declaration. */
export function destinationSpec(): ConnectorSpecification {
  return {
    documentationUrl: DESTINATION_DOCUMENTATION_URL,
    connectionSpecification: DESTINATION_CONFIG_SCHEMA as unknown as JsonObject,
    supportsIncremental: true,
    supported_destination_sync_modes: ['append', 'overwrite'],
    protocol_version: '0.3.2',
  };
}
