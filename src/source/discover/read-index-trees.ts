import { isJsonObject } from '../../json/json-value.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { mergeIndexAnswers } from './resolve-answer.js';
import type { ArrayRule } from '../schema/mapping-to-field-tree.js';
import { mappingToFieldTree } from '../schema/mapping-to-field-tree.js';
import type { IndexTree } from '../schema/schema-drift.js';
import type { StreamTarget } from './resolve-streams.js';

/**
 * The field tree of each index a stream reads now (`GET <search>/_mapping`),
 * sorted by index name. One request for a stream's own expression, more
 * only when an index family's patterns are too long for one request line.
 */
export async function readIndexTrees(cluster: Cluster, target: StreamTarget, arrays: ArrayRule): Promise<IndexTree[]> {
  const body = mergeIndexAnswers(await cluster.requestEach(target.search, (segment) => ({ method: 'GET', path: `/${segment}/_mapping`, action: `read the mapping of ${target.name}`, privilege: 'view_index_metadata' })));
  const trees: IndexTree[] = [];
  if (isJsonObject(body)) {
    for (const [index, entry] of Object.entries(body)) {
      if (isJsonObject(entry) && isJsonObject(entry['mappings'])) trees.push({ index, tree: mappingToFieldTree(entry['mappings'], arrays) });
    }
  }
  return trees.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
}
