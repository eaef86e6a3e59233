import { isJsonObject, type JsonValue } from '../../json/json-value.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import type { StreamTarget } from './resolve-streams.js';

/** Documents looked at per stream in index order (the oldest, usually). */
export const SAMPLE_HEAD = 100;
/** Documents looked at per stream at random across all of its shards and indices. */
export const SAMPLE_RANDOM = 400;

/**
 * The dotted paths of fields that hold an array in a sample of the stream's
 * documents: the first SAMPLE_HEAD in index order and SAMPLE_RANDOM chosen
 * at random across the whole stream (a seeded `random_score` on `_seq_no`,
 * so discover is repeatable). A mapping cannot say whether a field is a
 * list (Elasticsearch has no array type), so discover looks; the paths
 * become list fields of the schema. Only `_source` comes back.
 */
export async function sampleArrayFields(cluster: Cluster, target: StreamTarget): Promise<Set<string>> {
  const found = new Set<string>();
  // One request per stream; an index family whose patterns are too long for one request line is sampled group by group.
  const sample = async (body: JsonValue, what: string): Promise<void> => {
    const responses = await cluster.requestEach(target.search, (segment) => ({
      method: 'POST',
      path: `/${segment}/_search`,
      querystring: { filter_path: 'hits.hits._source' },
      body,
      action: `sample ${what} documents of ${target.name}`,
      idempotent: true,
    }));
    for (const response of responses) {
      const hits = isJsonObject(response) && isJsonObject(response['hits']) && Array.isArray(response['hits']['hits']) ? response['hits']['hits'] : [];
      for (const hit of hits) if (isJsonObject(hit) && isJsonObject(hit['_source'])) collectArrays(hit['_source'], '', found);
    }
  };
  await sample({ size: SAMPLE_HEAD, sort: ['_doc'], track_total_hits: false }, 'the first');
  const random = { function_score: { query: { match_all: {} }, random_score: { seed: 20251201, field: '_seq_no' }, boost_mode: 'replace' } };
  await sample({ size: SAMPLE_RANDOM, query: random, track_total_hits: false }, 'random');
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
