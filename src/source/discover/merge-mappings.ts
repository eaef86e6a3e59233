import { isJsonObject, type JsonObject } from '../../json/json-value.js';

/**
 * The union of several index mappings (an alias or a data stream over many
 * indices). A field mapped with different types in different indices keeps
 * no type, so its schema becomes permissive rather than wrong.
 */
export function mergeMappings(mappings: readonly JsonObject[]): JsonObject {
  const [first, ...rest] = mappings;
  if (first === undefined) return { properties: {} };
  return rest.reduce<JsonObject>((merged, next) => mergeField(merged, next), first);
}

function mergeField(a: JsonObject, b: JsonObject): JsonObject {
  if (a['type'] !== b['type']) return { type: 'x-conflicting-types' };
  const merged: JsonObject = { ...a };
  if (a['format'] !== b['format']) delete merged['format'];
  const pa = isJsonObject(a['properties']) ? a['properties'] : undefined;
  const pb = isJsonObject(b['properties']) ? b['properties'] : undefined;
  if (pa !== undefined || pb !== undefined) {
    const properties: JsonObject = { ...(pa ?? {}) };
    for (const [name, field] of Object.entries(pb ?? {})) {
      const existing = properties[name];
      properties[name] = isJsonObject(existing) && isJsonObject(field) ? mergeField(existing, field) : field;
    }
    merged['properties'] = properties;
  }
  return merged;
}
