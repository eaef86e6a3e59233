import type { JsonValue } from '../../json/json-value.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { configError } from '../../protocol/connector-error.js';
import { patternMatcher } from './index-patterns.js';
import { asStrings, mergeResolveAnswers, resolvedEntries } from './resolve-answer.js';
import { resolveFamilies, type ResolvedFamily } from './resolve-families.js';

/** One stream: what the user sees (`name`) and what its requests target (`search`). */
export interface StreamTarget {
  readonly name: string;
  readonly kind: 'index' | 'alias' | 'data_stream' | 'family';
  /**
   * The index expressions every request of the stream names (mapping,
   * settings, count, sample, point in time, search): the index, alias or
   * data stream itself, or a family's patterns.
   */
  readonly search: readonly string[];
  /** The concrete indices behind it at resolve time (one for an index; none for a family matching nothing yet). */
  readonly indices: readonly string[];
}

export interface ResolveOptions {
  /**
   * Also return index families whose patterns match no index now (with no
   * `indices`). Read asks for them, so a configured family's stream exists
   * before its first index does; discover and check do not offer them.
   */
  readonly emptyFamilies?: boolean;
}

/**
 * Lists the streams the config selects, with `GET _resolve/index`: open,
 * non-hidden indices matching the include patterns and none of the exclude
 * patterns, plus aliases and data streams when the config asks for them,
 * plus one stream per index family. What a family reads (its indices, and
 * the aliases and data streams its patterns name) is not offered as a stream
 * of its own. Sorted by name, so discover is stable.
 *
 * Throws a config_error when a family's name is also the name of an index,
 * alias or data stream the cluster listed: the stream names would collide.
 */
export async function resolveStreams(cluster: Cluster, config: SourceConfig, options: ResolveOptions = {}): Promise<StreamTarget[]> {
  const families = await resolveFamilies(cluster, config);
  const resolved = await resolveIncluded(cluster, config);
  assertNoCollision(families, resolved);
  const claimed = new Set(families.flatMap((family) => [...family.claims]));
  const targets = includedTargets(resolved, config).filter((target) => !claimed.has(target.name));
  for (const family of families) if (options.emptyFamilies === true || family.target.indices.length > 0) targets.push(family.target);
  return targets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `GET _resolve/index/<include_indices>`, in as many requests as the patterns need to keep each request line short. */
async function resolveIncluded(cluster: Cluster, config: SourceConfig): Promise<JsonValue> {
  return mergeResolveAnswers(await cluster.requestEach(config.include_indices, (segment) => ({
    method: 'GET',
    path: `/_resolve/index/${segment}`,
    // A concrete name that does not exist matches nothing rather than failing the others.
    querystring: { expand_wildcards: 'open', ignore_unavailable: true },
    // A 403 here usually means the patterns reach beyond what the user's role grants (the default `*` does).
    action: `list the indices matching include_indices ${patternsForMessage(config.include_indices)} (a read-only user must set include_indices to the index patterns its role grants)`,
  })));
}

/** The index, alias and data stream streams of the include patterns' `_resolve/index` answer. */
function includedTargets(body: JsonValue, config: SourceConfig): StreamTarget[] {
  const excluded = patternMatcher(config.exclude_indices);
  const targets: StreamTarget[] = [];
  for (const index of resolvedEntries(body, 'indices')) {
    const attributes = asStrings(index['attributes']);
    if (attributes.includes('closed') || attributes.includes('hidden') || typeof index['data_stream'] === 'string') continue;
    if (!excluded(index.name)) targets.push({ name: index.name, kind: 'index', search: [index.name], indices: [index.name] });
  }
  if (config.include_aliases) {
    for (const alias of resolvedEntries(body, 'aliases')) {
      if (excluded(alias.name)) continue;
      const indices = asStrings(alias['indices']);
      if (indices.length > 0) targets.push({ name: alias.name, kind: 'alias', search: [alias.name], indices });
    }
  }
  if (config.include_data_streams) {
    for (const stream of resolvedEntries(body, 'data_streams')) {
      if (excluded(stream.name)) continue;
      targets.push({ name: stream.name, kind: 'data_stream', search: [stream.name], indices: asStrings(stream['backing_indices']) });
    }
  }
  return targets;
}

/** Names listed in a `_resolve/index` answer: indices, aliases and data streams. */
function listedNames(body: JsonValue): string[] {
  return (['indices', 'aliases', 'data_streams'] as const).flatMap((key) => resolvedEntries(body, key).map((entry) => entry.name));
}

function assertNoCollision(families: readonly ResolvedFamily[], included: JsonValue): void {
  const names = new Set([...listedNames(included), ...families.flatMap((family) => [...family.names])]);
  for (const [position, family] of families.entries()) {
    if (!names.has(family.target.name)) continue;
    throw configError(`"index_families[${position}].name" is "${family.target.name}", which is also the name of an index, alias or data stream on the cluster: give the family another name, so its stream cannot be mistaken for that one.`);
  }
}

/** Patterns as a message shows them: all of them while short, else the first few and how many there are. */
export function patternsForMessage(patterns: readonly string[]): string {
  const all = JSON.stringify(patterns);
  if (all.length <= 300) return all;
  const shown: string[] = [];
  for (const pattern of patterns) {
    if (JSON.stringify([...shown, pattern]).length > 250) break;
    shown.push(pattern);
  }
  const first = JSON.stringify(shown.length === 0 ? [`${patterns[0]?.slice(0, 100) ?? ''}...`] : shown);
  return `${first.slice(0, -1)}, ... (${patterns.length} patterns)]`;
}
