import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';

/** A named entry of a `GET _resolve/index` answer: an index, an alias or a data stream. */
export type ResolvedEntry = JsonObject & { readonly name: string };

/** The entries under `key` (`indices`, `aliases` or `data_streams`) that have a name; others are skipped. */
export function resolvedEntries(body: JsonValue, key: 'indices' | 'aliases' | 'data_streams'): ResolvedEntry[] {
  const list = isJsonObject(body) ? body[key] : undefined;
  return Array.isArray(list) ? list.filter((entry): entry is ResolvedEntry => isJsonObject(entry) && typeof entry['name'] === 'string') : [];
}

/** The strings of a list field (`attributes`, `indices`, `backing_indices`); anything else is no strings. */
export function asStrings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * One `_resolve/index` answer from the answers for groups of patterns
 * (see `Cluster.requestEach`): each name once, where it was first listed.
 */
export function mergeResolveAnswers(bodies: readonly JsonValue[]): JsonObject {
  const merged: Record<string, JsonValue[]> = {};
  for (const key of ['indices', 'aliases', 'data_streams'] as const) {
    const seen = new Set<string>();
    const entries: JsonValue[] = [];
    for (const entry of bodies.flatMap((body) => resolvedEntries(body, key))) {
      if (seen.has(entry.name)) continue;
      seen.add(entry.name);
      entries.push(entry);
    }
    merged[key] = entries;
  }
  return merged;
}

/** The answers of a per-index API (`_mapping`, `_settings`) for groups of names, as one object keyed by index. */
export function mergeIndexAnswers(bodies: readonly JsonValue[]): JsonObject {
  return Object.assign({}, ...bodies.filter(isJsonObject)) as JsonObject;
}
