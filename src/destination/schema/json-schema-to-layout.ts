import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { isJsonObject } from '../../json/json-value.js';
import { assignColumnNames } from './column-names.js';
import { META_COLUMNS, OVERFLOW_COLUMN, DATA_COLUMN, type ColumnType, type Field, type StreamLayout } from './column-type.js';

/**
 * Maps a stream's `json_schema` to its Parquet columns. Top-level column names
 * never take a meta column's name nor one of `reservedNames` (e.g. the Hive
 * partition column `dt`), compared case-insensitively.
 *
 * - `type` lists: the FIRST non-null type is the column type; values of the
 *   other listed types are kept in the overflow column unless they convert
 *   without loss (see normalise/coerce-value.ts).
 * - string: `format: date-time` or `airbyte_type: timestamp_with(out)_timezone`
 *   is TIMESTAMP (UTC), `format: date` is DATE, otherwise STRING.
 * - integer (or number with `airbyte_type: integer`) is INT64; number is DOUBLE.
 * - object with properties is a STRUCT; without properties it is JSON text.
 * - array with an `items` schema is a LIST; without one (or a tuple) JSON text.
 * - `oneOf`/`anyOf` whose branches map to one type is that type, otherwise JSON
 *   text; Airbyte's WellKnownTypes `$ref`s are understood; anything else is JSON text.
 */
export function jsonSchemaToLayout(schema: JsonObject, options: { reservedNames?: readonly string[] } = {}): StreamLayout {
  const properties = schema['properties'];
  if (!isJsonObject(properties) || Object.keys(properties).length === 0) return { fields: [], schemaless: true };
  const reserved = new Set([...META_COLUMNS.map((f) => f.name), OVERFLOW_COLUMN, DATA_COLUMN, ...(options.reservedNames ?? [])].map((n) => n.toLowerCase()));
  return { fields: fieldsOf(properties, reserved), schemaless: false };
}

function fieldsOf(properties: JsonObject, reserved?: ReadonlySet<string>): Field[] {
  const keys = Object.keys(properties);
  const names = assignColumnNames(keys, reserved);
  return keys.map((key) => ({ source: key, name: names.get(key) ?? key, type: columnType(properties[key]) }));
}

const WELL_KNOWN: Record<string, ColumnType> = {
  String: { kind: 'string' },
  BinaryData: { kind: 'string' },
  Boolean: { kind: 'boolean' },
  Integer: { kind: 'integer' },
  Number: { kind: 'number' },
  Date: { kind: 'date' },
  TimestampWithTimezone: { kind: 'timestamp' },
  TimestampWithoutTimezone: { kind: 'timestamp' },
  TimeWithTimezone: { kind: 'string' },
  TimeWithoutTimezone: { kind: 'string' },
};

/** The column type for one property schema. */
export function columnType(schema: JsonValue | undefined): ColumnType {
  if (!isJsonObject(schema)) return { kind: 'json' };
  const ref = schema['$ref'];
  if (typeof ref === 'string') return WELL_KNOWN[ref.replace(/^.*\//, '')] ?? { kind: 'json' };
  const type = mainType(schema['type']) ?? (isJsonObject(schema['properties']) ? 'object' : isJsonObject(schema['items']) ? 'array' : undefined);
  if (type === undefined) {
    const branches = schema['oneOf'] ?? schema['anyOf'];
    return Array.isArray(branches) ? unionType(branches) : { kind: 'json' };
  }
  switch (type) {
    case 'string': {
      const airbyteType = schema['airbyte_type'];
      if (schema['format'] === 'date-time' || airbyteType === 'timestamp_with_timezone' || airbyteType === 'timestamp_without_timezone') return { kind: 'timestamp' };
      if (schema['format'] === 'date') return { kind: 'date' };
      return { kind: 'string' };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
      return { kind: 'integer' };
    case 'number':
      return schema['airbyte_type'] === 'integer' ? { kind: 'integer' } : { kind: 'number' };
    case 'object': {
      const properties = schema['properties'];
      if (!isJsonObject(properties) || Object.keys(properties).length === 0) return { kind: 'json' };
      return { kind: 'struct', fields: fieldsOf(properties) };
    }
    case 'array': {
      const items = schema['items'];
      return isJsonObject(items) ? { kind: 'list', element: columnType(items) } : { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

function mainType(type: JsonValue | undefined): string | undefined {
  if (typeof type === 'string') return type === 'null' ? undefined : type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  return undefined;
}

function unionType(branches: JsonValue[]): ColumnType {
  const types = branches.filter((b) => !(isJsonObject(b) && b['type'] === 'null')).map(columnType);
  const first = types[0];
  if (first === undefined) return { kind: 'json' };
  const key = JSON.stringify(first);
  return types.every((t) => JSON.stringify(t) === key) ? first : { kind: 'json' };
}
