import { isJsonObject, type JsonObject } from '../../json/json-value.js';
import type { AirbyteCatalog, AirbyteStream } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import { indexPath, type Cluster } from '../elasticsearch/cluster.js';
import type { ServerInfo } from '../elasticsearch/server-info.js';
import { cursorCandidates } from './field-types.js';
import { mergeMappings } from './merge-mappings.js';
import { mappingToJsonSchema } from './mapping-to-json-schema.js';
import { resolveStreams, type StreamTarget } from './resolve-streams.js';
import { sampleArrayFields } from './sample-array-fields.js';

/**
 * Builds the catalog: one stream per selected index (and alias and data
 * stream when enabled), each with the schema of its mapping. Streams sharing
 * several indices (aliases, data streams) get the union of their mappings.
 */
export async function discover(cluster: Cluster, config: SourceConfig): Promise<AirbyteCatalog> {
  const server = await cluster.info();
  const targets = await resolveStreams(cluster, config);
  const streams: AirbyteStream[] = [];
  for (const target of targets) streams.push(streamFor(target, await readMapping(cluster, target), await sampleArrayFields(cluster, target), server));
  return { streams };
}

/** The merged mapping of a target's indices. */
export async function readMapping(cluster: Cluster, target: StreamTarget): Promise<JsonObject> {
  const body = await cluster.request({ method: 'GET', path: `/${indexPath(target.search)}/_mapping`, action: `read the mapping of ${target.name}` });
  const mappings: JsonObject[] = [];
  if (isJsonObject(body)) for (const entry of Object.values(body)) if (isJsonObject(entry) && isJsonObject(entry['mappings'])) mappings.push(entry['mappings']);
  return mergeMappings(mappings);
}

/**
 * Incremental is offered where the mapping has a date or numeric field
 * (`@timestamp` by default). Streams are resumable where the server reads
 * with point in time + search_after: that position survives a restart.
 * On scroll-only servers an interrupted full refresh restarts, so not resumable.
 */
function streamFor(target: StreamTarget, mapping: JsonObject, arrayFields: ReadonlySet<string>, server: ServerInfo): AirbyteStream {
  const candidates = cursorCandidates(mapping);
  const stream: AirbyteStream = {
    name: target.name,
    json_schema: mappingToJsonSchema(mapping, arrayFields),
    supported_sync_modes: candidates.size > 0 ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_cursor: false,
    source_defined_primary_key: [['_id']],
    is_resumable: server.readMode === 'pit',
  };
  if (candidates.has('@timestamp')) stream.default_cursor_field = ['@timestamp'];
  return stream;
}
