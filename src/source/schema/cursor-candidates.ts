import type { FieldMap, FieldTree } from './field-node.js';

export type CursorKind = 'date' | 'numeric';

const DATE_TYPES = new Set(['date', 'date_nanos']);
const NUMERIC_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long', 'double', 'float', 'half_float', 'scaled_float']);

/**
 * Every field that can be an incremental cursor, by dotted path: dates and
 * numbers that Elasticsearch can sort on (every member index maps them to a
 * date type, or every one to a numeric type), outside `nested` objects (a
 * nested field has no single value per document to sort on).
 */
export function cursorCandidates(tree: FieldTree): Map<string, CursorKind> {
  const found = new Map<string, CursorKind>();
  const walk = (fields: FieldMap, prefix: string): void => {
    for (const [name, node] of fields) {
      const path = prefix + name;
      const types = node.esType.split('|');
      if (types.every((type) => DATE_TYPES.has(type))) found.set(path, 'date');
      else if (types.every((type) => NUMERIC_TYPES.has(type))) found.set(path, 'numeric');
      else if (node.type.kind === 'object' && node.esType !== 'nested') walk(node.type.fields, `${path}.`);
    }
  };
  walk(tree.fields, '');
  return found;
}
