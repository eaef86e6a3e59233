import type { JsonValue } from '../../json/json-value.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { patternMatcher } from './index-patterns.js';
import { asStrings, mergeResolveAnswers, resolvedEntries } from './resolve-answer.js';
import type { StreamTarget } from './resolve-streams.js';

/** One entry of the config's `index_families`. */
export type IndexFamily = SourceConfig['index_families'][number];

/** A family as the cluster has it now. */
export interface ResolvedFamily {
  /** Its stream: `kind` 'family', `search` its patterns (with exclusions), `indices` its members now (possibly none). */
  readonly target: StreamTarget;
  /** The indices, aliases and data streams it reads: none of them is offered as a stream of its own. */
  readonly claims: ReadonlySet<string>;
  /** Every index, alias and data stream name the cluster listed for its patterns, for name collisions. */
  readonly names: ReadonlySet<string>;
}

const isWildcard = (pattern: string): boolean => pattern.includes('*');

/** Resolves every configured family with `GET _resolve/index/<its patterns>`, in config order. */
export async function resolveFamilies(cluster: Cluster, config: SourceConfig): Promise<ResolvedFamily[]> {
  const families: ResolvedFamily[] = [];
  for (const family of config.index_families) {
    const body = mergeResolveAnswers(await cluster.requestEach(family.patterns, (segment) => ({
      method: 'GET',
      path: `/_resolve/index/${segment}`,
      querystring: { expand_wildcards: 'open', ignore_unavailable: true },
      action: `list the indices of index family "${family.name}" (patterns ${JSON.stringify(family.patterns)}; a read-only user needs view_index_metadata on them)`,
    })));
    families.push(familyFromResolve(family, body, config.exclude_indices));
  }
  return families;
}

/**
 * The stream of `family`, from the `_resolve/index` answer for its patterns
 * (sent without exclusions, so what exclude_indices removes is visible here).
 *
 * - Members: the open indices the patterns name, and the indices of the
 *   aliases and data streams they name (a search over the patterns reads
 *   those too), minus what `exclude` matches by name.
 * - `search`: every wildcard pattern; each concrete pattern only while it
 *   names an open, not excluded index, alias or data stream (a missing
 *   concrete name fails a search, and a concrete name is not removed by an
 *   exclusion); then, when a wildcard pattern is there, `-pattern` for each
 *   wildcard exclusion and for each concrete exclusion naming something the
 *   patterns matched. Elasticsearch 8 refuses an exclusion with no wildcard
 *   before it, OpenSearch 2 one naming nothing: neither is sent.
 * - A family matching nothing keeps its positive patterns as `search`
 *   (never an empty list, which would mean every index) and no `indices`.
 */
export function familyFromResolve(family: IndexFamily, body: JsonValue, exclude: readonly string[]): ResolvedFamily {
  const excluded = patternMatcher(exclude);
  const names = new Set<string>();
  const readable = new Set<string>();
  const members = new Set<string>();
  for (const index of resolvedEntries(body, 'indices')) {
    const name = index.name;
    names.add(name);
    if (asStrings(index['attributes']).includes('closed') || excluded(name)) continue;
    readable.add(name);
    members.add(name);
  }
  for (const key of ['aliases', 'data_streams'] as const) {
    for (const group of resolvedEntries(body, key)) {
      const name = group.name;
      names.add(name);
      if (excluded(name)) continue;
      const inner = asStrings(group[key === 'aliases' ? 'indices' : 'backing_indices']);
      if (inner.length === 0) continue;
      readable.add(name);
      for (const member of inner) members.add(member);
    }
  }
  const positive = family.patterns.filter((pattern) => isWildcard(pattern) || readable.has(pattern));
  const exclusions = positive.some(isWildcard) ? exclude.filter((pattern) => isWildcard(pattern) || names.has(pattern)).map((pattern) => `-${pattern}`) : [];
  const indices = [...members].sort();
  const search = indices.length === 0 ? [...family.patterns] : [...positive, ...exclusions];
  return { target: { name: family.name, kind: 'family', search, indices }, claims: new Set([...readable, ...members]), names };
}
