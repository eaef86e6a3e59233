import { isJsonObject, type JsonValue } from '../../json/json-value.js';
import { indexPath, type Cluster } from '../elasticsearch/cluster.js';
import type { StreamTarget } from './resolve-streams.js';

/** Documents looked at per stream; enough to see how arrays are used, cheap enough for discover. */
export const SAMPLE_SIZE = 100;

/**
 * The dotted paths of fields that hold an array in a sample of the stream's
 * documents. A mapping cannot say whether a field is a list (Elasticsearch
 * has no array type), so discover looks: such fields get "array" as their
 * main representation, and a destination makes them list columns.
 */
export async function sampleArrayFields(cluster: Cluster, target: StreamTarget): Promise<Set<string>> {
  const body = await cluster.request({
    method: 'POST',
    path: `/${indexPath(target.search)}/_search`,
    body: { size: SAMPLE_SIZE, sort: ['_doc'], track_total_hits: false },
    action: `sample documents of ${target.name}`,
    idempotent: true,
  });
  const found = new Set<string>();
  const hits = isJsonObject(body) && isJsonObject(body['hits']) && Array.isArray(body['hits']['hits']) ? body['hits']['hits'] : [];
  for (const hit of hits) if (isJsonObject(hit) && isJsonObject(hit['_source'])) collectArrays(hit['_source'], '', found);
  return found;
}

function collectArrays(value: JsonValue, path: string, found: Set<string>): void {
  if (Array.isArray(value)) {
    if (path !== '') found.add(path);
    for (const item of value) if (isJsonObject(item)) collectArrays(item, path, found);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, inner] of Object.entries(value)) collectArrays(inner, path === '' ? key : `${path}.${key}`, found);
}
