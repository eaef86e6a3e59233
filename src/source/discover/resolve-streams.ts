import { isJsonObject, type JsonValue } from '../../json/json-value.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { patternMatcher } from './index-patterns.js';

/** One stream: what the user sees (`name`) and what its requests target (`search`). */
export interface StreamTarget {
  readonly name: string;
  readonly kind: 'index' | 'alias' | 'data_stream';
  /**
   * The index expressions every request of the stream names (mapping,
   * settings, count, sample, point in time, search): the index, alias or
   * data stream itself, or a family's patterns.
   */
  readonly search: readonly string[];
  /** The concrete indices behind it at resolve time (one for an index). */
  readonly indices: readonly string[];
}

const asStrings = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Lists the streams the config selects, with `GET _resolve/index`: open,
 * non-hidden indices matching the include patterns and none of the exclude
 * patterns, plus aliases and data streams when the config asks for them.
 * Sorted by name, so discover is stable.
 */
export async function resolveStreams(cluster: Cluster, config: SourceConfig): Promise<StreamTarget[]> {
  const body = await cluster.request({
    method: 'GET',
    path: `/_resolve/index/${config.include_indices.map(encodeURIComponent).join(',')}`,
    // A concrete name that does not exist matches nothing rather than failing the others.
    querystring: { expand_wildcards: 'open', ignore_unavailable: true },
    // A 403 here usually means the patterns reach beyond what the user's role grants (the default `*` does).
    action: `list the indices matching include_indices ${JSON.stringify(config.include_indices)} (a read-only user must set include_indices to the index patterns its role grants)`,
  });
  const excluded = patternMatcher(config.exclude_indices);
  const targets: StreamTarget[] = [];
  const resolved = isJsonObject(body) ? body : {};
  for (const index of Array.isArray(resolved['indices']) ? resolved['indices'] : []) {
    if (!isJsonObject(index) || typeof index['name'] !== 'string') continue;
    const attributes = asStrings(index['attributes']);
    if (attributes.includes('closed') || attributes.includes('hidden') || typeof index['data_stream'] === 'string') continue;
    if (!excluded(index['name'])) targets.push({ name: index['name'], kind: 'index', search: [index['name']], indices: [index['name']] });
  }
  if (config.include_aliases) {
    for (const alias of Array.isArray(resolved['aliases']) ? resolved['aliases'] : []) {
      if (!isJsonObject(alias) || typeof alias['name'] !== 'string' || excluded(alias['name'])) continue;
      const indices = asStrings(alias['indices']);
      if (indices.length > 0) targets.push({ name: alias['name'], kind: 'alias', search: [alias['name']], indices });
    }
  }
  if (config.include_data_streams) {
    for (const stream of Array.isArray(resolved['data_streams']) ? resolved['data_streams'] : []) {
      if (!isJsonObject(stream) || typeof stream['name'] !== 'string' || excluded(stream['name'])) continue;
      targets.push({ name: stream['name'], kind: 'data_stream', search: [stream['name']], indices: asStrings(stream['backing_indices']) });
    }
  }
  return targets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
