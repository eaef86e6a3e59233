import { isJsonObject, type JsonObject } from '../../json/json-value.js';

const DATE_TYPES = new Set(['date', 'date_nanos']);
const NUMERIC_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long', 'double', 'float', 'half_float', 'scaled_float']);

export type CursorKind = 'date' | 'numeric';

/**
 * Every field of a mapping that can be an incremental cursor: dates and
 * numbers outside `nested` objects (a nested field has no single value per
 * document to sort on). Keys are dotted paths.
 */
export function cursorCandidates(mapping: JsonObject): Map<string, CursorKind> {
  const found = new Map<string, CursorKind>();
  const walk = (properties: JsonObject, prefix: string): void => {
    for (const [name, field] of Object.entries(properties)) {
      if (!isJsonObject(field)) continue;
      const type = field['type'];
      if (typeof type === 'string' && DATE_TYPES.has(type)) found.set(prefix + name, 'date');
      else if (typeof type === 'string' && NUMERIC_TYPES.has(type)) found.set(prefix + name, 'numeric');
      else if (type !== 'nested' && isJsonObject(field['properties'])) walk(field['properties'], `${prefix}${name}.`);
    }
  };
  if (isJsonObject(mapping['properties'])) walk(mapping['properties'], '');
  return found;
}

/** The mapping type of a dotted field path, if the mapping has it. */
export function fieldType(mapping: JsonObject, path: string): string | undefined {
  let properties: JsonObject | undefined = isJsonObject(mapping['properties']) ? mapping['properties'] : undefined;
  const parts = path.split('.');
  for (const [position, part] of parts.entries()) {
    const field = properties?.[part];
    if (!isJsonObject(field)) return undefined;
    if (position === parts.length - 1) return typeof field['type'] === 'string' ? field['type'] : 'object';
    properties = isJsonObject(field['properties']) ? field['properties'] : undefined;
  }
  return undefined;
}
