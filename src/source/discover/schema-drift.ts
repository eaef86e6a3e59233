import { isJsonObject, type JsonObject } from '../../json/json-value.js';

/**
 * Compares the schema a connection was configured with against the schema
 * of the mapping now, field by field (dotted paths). Returns a short
 * description of what was added, removed or retyped, or undefined if nothing.
 */
export function schemaDrift(configured: JsonObject, current: JsonObject): string | undefined {
  const before = fieldTypes(configured);
  const now = fieldTypes(current);
  const added = [...now.keys()].filter((path) => !before.has(path));
  const removed = [...before.keys()].filter((path) => !now.has(path));
  const changed = [...now.keys()].filter((path) => before.has(path) && before.get(path) !== now.get(path));
  const parts: string[] = [];
  const list = (paths: string[]): string => paths.slice(0, 10).join(', ') + (paths.length > 10 ? ` and ${paths.length - 10} more` : '');
  if (added.length > 0) parts.push(`new fields: ${list(added)}`);
  if (removed.length > 0) parts.push(`fields gone: ${list(removed)}`);
  if (changed.length > 0) parts.push(`fields of another type: ${list(changed)}`);
  return parts.length === 0 ? undefined : parts.join('; ');
}

function fieldTypes(schema: JsonObject, prefix = '', found = new Map<string, string>()): Map<string, string> {
  const properties = isJsonObject(schema['properties']) ? schema['properties'] : {};
  for (const [name, field] of Object.entries(properties)) {
    if (!isJsonObject(field)) continue;
    const type = field['x-elasticsearch-type'] ?? (Array.isArray(field['type']) ? [...field['type']].map(String).sort() : field['type']) ?? null;
    found.set(prefix + name, JSON.stringify(type));
    fieldTypes(field, `${prefix}${name}.`, found);
  }
  return found;
}
