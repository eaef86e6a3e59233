import { isJsonObject, type JsonObject } from '../../json/json-value.js';
import type { AirbyteCatalog, AirbyteStream } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import { indexPath, type Cluster } from '../elasticsearch/cluster.js';
import { mergeMappings } from './merge-mappings.js';
import { mappingToJsonSchema } from './mapping-to-json-schema.js';
import { resolveStreams, type StreamTarget } from './resolve-streams.js';

/**
 * Builds the catalog: one stream per selected index (and alias and data
 * stream when enabled), each with the schema of its mapping. Streams sharing
 * several indices (aliases, data streams) get the union of their mappings.
 */
export async function discover(cluster: Cluster, config: SourceConfig): Promise<AirbyteCatalog> {
  const targets = await resolveStreams(cluster, config);
  const streams: AirbyteStream[] = [];
  for (const target of targets) streams.push(streamFor(target, await readMapping(cluster, target)));
  return { streams };
}

/** The merged mapping of a target's indices. */
export async function readMapping(cluster: Cluster, target: StreamTarget): Promise<JsonObject> {
  const body = await cluster.request({ method: 'GET', path: `/${indexPath(target.name)}/_mapping`, action: `read the mapping of ${target.name}` });
  const mappings: JsonObject[] = [];
  if (isJsonObject(body)) for (const entry of Object.values(body)) if (isJsonObject(entry) && isJsonObject(entry['mappings'])) mappings.push(entry['mappings']);
  return mergeMappings(mappings);
}

function streamFor(target: StreamTarget, mapping: JsonObject): AirbyteStream {
  return {
    name: target.name,
    json_schema: mappingToJsonSchema(mapping),
    supported_sync_modes: ['full_refresh'],
    source_defined_primary_key: [['_id']],
    is_resumable: false,
  };
}
