import type { AirbyteCatalog, AirbyteStream } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import type { ServerInfo } from '../elasticsearch/server-info.js';
import { cursorCandidates } from '../schema/cursor-candidates.js';
import type { FieldTree } from '../schema/field-node.js';
import { fieldTreeToJsonSchema } from '../schema/field-tree-to-json-schema.js';
import { mergeFieldTrees } from '../schema/merge-field-trees.js';
import { patternMatcher } from './index-patterns.js';
import { readIndexTrees } from './read-index-trees.js';
import { resolveStreams, type StreamTarget } from './resolve-streams.js';
import { sampleArrayFields } from './sample-array-fields.js';

/**
 * Builds the catalog: one stream per selected index (and alias, data stream
 * and index family), each with the schema of its field tree. A stream over
 * several indices gets the merge of their trees (see merge-field-trees.ts).
 * Fields are lists where the mapping says `nested`, where a sample of the
 * stream's documents holds an array, or where `array_fields` names them.
 */
export async function discover(cluster: Cluster, config: SourceConfig): Promise<AirbyteCatalog> {
  const server = await cluster.info();
  const targets = await resolveStreams(cluster, config);
  const declared = patternMatcher(config.array_fields);
  const streams: AirbyteStream[] = [];
  for (const target of targets) {
    const sampled = await sampleArrayFields(cluster, target);
    const trees = await readIndexTrees(cluster, target, (path) => sampled.has(path) || declared(path));
    streams.push(streamFor(target, mergeFieldTrees(trees.map((entry) => entry.tree)), server));
  }
  return { streams };
}

/**
 * Incremental is offered where the tree has a date or numeric field
 * (`@timestamp` by default). Streams are resumable where the server reads
 * with point in time + search_after: that position survives a restart.
 * On scroll-only servers an interrupted full refresh restarts, so not resumable.
 */
function streamFor(target: StreamTarget, tree: FieldTree, server: ServerInfo): AirbyteStream {
  const candidates = cursorCandidates(tree);
  const stream: AirbyteStream = {
    name: target.name,
    json_schema: fieldTreeToJsonSchema(tree),
    supported_sync_modes: candidates.size > 0 ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_cursor: false,
    source_defined_primary_key: [['_id']],
    is_resumable: server.readMode === 'pit',
  };
  if (candidates.has('@timestamp')) stream.default_cursor_field = ['@timestamp'];
  return stream;
}
