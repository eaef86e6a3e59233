import { isJsonObject } from '../../json/json-value.js';
import { indexPath, type Cluster } from '../elasticsearch/cluster.js';
import type { ArrayRule } from '../schema/mapping-to-field-tree.js';
import { mappingToFieldTree } from '../schema/mapping-to-field-tree.js';
import type { IndexTree } from '../schema/schema-drift.js';
import type { StreamTarget } from './resolve-streams.js';

/**
 * The field tree of each index a stream reads now (`GET <search>/_mapping`),
 * sorted by index name. One request, whatever the number of indices.
 */
export async function readIndexTrees(cluster: Cluster, target: StreamTarget, arrays: ArrayRule): Promise<IndexTree[]> {
  const body = await cluster.request({ method: 'GET', path: `/${indexPath(target.search)}/_mapping`, action: `read the mapping of ${target.name}` });
  const trees: IndexTree[] = [];
  if (isJsonObject(body)) {
    for (const [index, entry] of Object.entries(body)) {
      if (isJsonObject(entry) && isJsonObject(entry['mappings'])) trees.push({ index, tree: mappingToFieldTree(entry['mappings'], arrays) });
    }
  }
  return trees.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
}
