import type { JsonValue } from '../../json/json-value.js';
import { isJsonObject } from '../../json/json-value.js';
import { stringifyExactJson } from '../../json/exact-json.js';
import type { ColumnType, Field } from '../schema/column-type.js';
import { normaliseTimestamp, parseDate } from './parse-timestamp.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** A JSON number's text (RFC 8259), nothing around it. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** A JSON integer, or a decimal whose fraction is all zeros (PyAirbyte's "15001.000000000"); group 1: the integer part. */
const INTEGRAL_NUMBER = /^(-?(?:0|[1-9]\d*))(?:\.0+)?$/;

/** Where a value that did not fit went, and why. */
export interface Misfit {
  /** JSON pointer (RFC 6901) of the value in the record's data. */
  pointer: string;
  value: JsonValue;
  /** `undeclared`: the schema has no column for the key; `type`: the value does not fit the column type. */
  reason: 'type' | 'undeclared';
}

/** Marks a value that does not fit its column. */
export const MISFIT: unique symbol = Symbol('misfit');

/** A value ready for the NDJSON line DuckDB reads: JSON with bigint, or null. */
export type CellValue = JsonValue;

/**
 * Converts `value` to what its column holds, or returns MISFIT.
 * Lossless conversions only (and no change is recorded for them):
 * - integer column: integers within INT64 (number or bigint), and strings
 *   holding a JSON integer within INT64, or a JSON decimal whose fraction
 *   is all zeros ("42", "-7", "15001.000000000" as 15001; not "042",
 *   "4.5", "1e3", " 42");
 * - number column: numbers, bigints a double holds exactly, and strings
 *   holding a JSON number (as a database's SAFE_CAST reads them: "1.50" as
 *   1.5, "15001.000000000" as 15001, "2.5e3" as 2500): an integer or a
 *   decimal whose fraction is all zeros must be exact as a double, like a
 *   bigint; other text becomes the nearest double, as that JSON number
 *   would; a number beyond the double range does not fit;
 * - boolean column: booleans and the strings "true"/"false";
 * - string column: strings, and numbers, bigints, booleans as their JSON text;
 *   not a string with a lone surrogate (JSON text can escape one, "\ud800"):
 *   Parquet strings are UTF-8, which cannot encode it, and DuckDB refuses
 *   it; the value keeps its escape in the overflow column;
 * - timestamp column: see parse-timestamp.ts (written as ISO UTC microseconds);
 * - date column: `YYYY-MM-DD` strings;
 * - JSON column: every value, as its JSON text;
 * - struct: objects (fields converted one by one, see `coerceStruct`);
 * - list: arrays (elements converted one by one; an element that does not
 *   fit becomes null in the list and is reported).
 * null fits every column.
 */
export function coerceValue(value: JsonValue, type: ColumnType, pointer: string, misfits: Misfit[]): CellValue | typeof MISFIT {
  if (value === null) return null;
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return value.isWellFormed() ? value : MISFIT;
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
      return MISFIT;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return MISFIT;
    case 'integer':
      return toInt64(value);
    case 'number':
      return toDouble(value);
    case 'timestamp':
      return normaliseTimestamp(value) ?? MISFIT;
    case 'date':
      return parseDate(value) ?? MISFIT;
    case 'json':
      return stringifyExactJson(value);
    case 'struct':
      return isJsonObject(value) ? coerceStruct(value, type.fields, pointer, misfits) : MISFIT;
    case 'list': {
      if (!Array.isArray(value)) return MISFIT;
      return value.map((element, index) => {
        const path = `${pointer}/${index}`;
        const cell = coerceValue(element, type.element, path, misfits);
        if (cell !== MISFIT) return cell;
        misfits.push({ pointer: path, value: element, reason: 'type' });
        return null;
      });
    }
  }
}

/**
 * Converts an object to a struct (or a row): each field under its column
 * name; fields that do not fit become null and keys without a field are
 * dropped, both reported in `misfits` with their original value.
 */
export function coerceStruct(value: { [key: string]: JsonValue }, fields: readonly Field[], pointer: string, misfits: Misfit[]): { [key: string]: CellValue } {
  const out = Object.create(null) as { [key: string]: CellValue };
  const declared = declaredKeys(fields);
  for (const field of fields) {
    const raw = Object.hasOwn(value, field.source) ? value[field.source] : undefined;
    if (raw === undefined) {
      out[field.name] = null;
      continue;
    }
    // The pointer string is built only where it can be needed: nested values and misfits (this runs per field per record).
    const nested = field.type.kind === 'struct' || field.type.kind === 'list';
    const cell = coerceValue(raw, field.type, nested ? childPointer(pointer, field.source) : '', misfits);
    if (cell === MISFIT) {
      misfits.push({ pointer: childPointer(pointer, field.source), value: raw, reason: 'type' });
      out[field.name] = null;
    } else {
      out[field.name] = cell;
    }
  }
  for (const key in value) {
    const raw = value[key];
    if (!declared.has(key) && raw !== undefined) misfits.push({ pointer: childPointer(pointer, key), value: raw, reason: 'undeclared' });
  }
  return out;
}

const DECLARED = new WeakMap<readonly Field[], ReadonlySet<string>>();

/** The source keys of a struct's fields, computed once per layout. */
function declaredKeys(fields: readonly Field[]): ReadonlySet<string> {
  let keys = DECLARED.get(fields);
  if (keys === undefined) {
    keys = new Set(fields.map((field) => field.source));
    DECLARED.set(fields, keys);
  }
  return keys;
}

/** The JSON pointer of member `key` of the value at `pointer` (RFC 6901 escapes). */
export function childPointer(pointer: string, key: string): string {
  return `${pointer}/${escapePointer(key)}`;
}

function escapePointer(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

export function toInt64(value: JsonValue): number | bigint | typeof MISFIT {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return MISFIT;
    if (Number.isSafeInteger(value)) return value;
    const big = BigInt(value);
    return big >= INT64_MIN && big <= INT64_MAX ? big : MISFIT;
  }
  if (typeof value === 'bigint') return value >= INT64_MIN && value <= INT64_MAX ? value : MISFIT;
  if (typeof value === 'string') {
    const integral = INTEGRAL_NUMBER.exec(value);
    const digits = integral?.[1];
    if (digits === undefined || digits.length > 20) return MISFIT;
    if (digits.length < 16) return Number(digits) + 0; // + 0: "-0" is 0
    const big = BigInt(digits);
    if (big < INT64_MIN || big > INT64_MAX) return MISFIT;
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  return MISFIT;
}

export function toDouble(value: JsonValue): number | typeof MISFIT {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return BigInt(Number(value)) === value ? Number(value) : MISFIT;
  if (typeof value === 'string' && JSON_NUMBER.test(value)) {
    const number = Number(value);
    if (!Number.isFinite(number)) return MISFIT;
    const digits = Number.isSafeInteger(number) ? undefined : INTEGRAL_NUMBER.exec(value)?.[1];
    // An integer beyond 2^53 must be one a double holds exactly, as for a bigint.
    return digits === undefined || BigInt(number) === BigInt(digits) ? number : MISFIT;
  }
  return MISFIT;
}
