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
