import { isJsonObject, type JsonObject, type JsonValue } from '../../src/json/json-value.js';
import { parseJsonLossless, type ParquetEngine, type TypeTree } from './s3-test-helpers.js';
import type { DeclaredType } from './declared-type.js';
import { INTEGER_TEXT, NUMBER_TEXT, exactlyEqual, escapePointer, geoPointForm, isOriginalOrConversion, show } from './conform-oracle.js';
import { epochNanos, isoNanos, readerTimestampNanos } from './instant-oracle.js';

/**
 * The tests' own oracle for where each value of a document must be in the
 * Parquet files (README, destination-s3-parquet, "Files, schema and what
 * Athena sees"), written from the rules, not from src/destination: a value
 * that fits its column's type is in the column, equal to the original after
 * the documented conversion; any other value (a misfit) leaves null in the
 * column and is in `_airbyte_overflow` under its JSON pointer, with an
 * `_airbyte_meta.changes` entry for that pointer. Pointers are those of the
 * record the source sends (a single value of a list field is element 0).
 */

/** A value expected in `_airbyte_overflow`, with how it must be accounted for. */
export interface ExpectedMisfit {
  /** The document's value (before the source's conversion). */
  readonly original: JsonValue;
  /** Its declared type (for a list element, the element's). */
  readonly declared: DeclaredType;
  /** `undeclared` for a key the schema does not declare, else `type`. */
  readonly reason: 'type' | 'undeclared';
}

/** What {@link checkParquetRow} found. */
export interface RowCheck {
  /** Pointer -> the misfit expected in `_airbyte_overflow`. */
  readonly misfits: Map<string, ExpectedMisfit>;
  /** Where values were found in their typed column (`where#pointer`). */
  readonly typed: string[];
  /** Values not where the README says they must be. */
  readonly problems: string[];
}

export function emptyRowCheck(): RowCheck {
  return { misfits: new Map(), typed: [], problems: [] };
}

/** Walks the document's `_source` next to its Parquet row (data columns only), filling `check`. */
export function checkParquetRow(original: JsonObject, row: JsonObject, properties: ReadonlyMap<string, DeclaredType>, check: RowCheck, where: string): void {
  checkStruct(original, row, properties, '', check, where);
}

function checkStruct(original: JsonObject, cell: JsonObject, properties: ReadonlyMap<string, DeclaredType>, pointer: string, check: RowCheck, where: string): void {
  for (const [key, declared] of properties) {
    const value = Object.hasOwn(original, key) ? original[key] : undefined;
    checkCell(declared, value, cell[key], `${pointer}/${escapePointer(key)}`, check, where);
  }
  for (const [key, value] of Object.entries(original)) {
    if (!properties.has(key)) check.misfits.set(`${pointer}/${escapePointer(key)}`, { original: value, declared: { kind: 'free' }, reason: 'undeclared' });
  }
}

function checkCell(declared: DeclaredType, original: JsonValue | undefined, cell: JsonValue | undefined, pointer: string, check: RowCheck, where: string): void {
  const problem = (text: string): void => {
    check.problems.push(`${where}#${pointer}: ${text}`);
  };
  if (cell === undefined) {
    problem('no such column or struct field in the file');
    return;
  }
  if (original === undefined || original === null) {
    if (cell !== null) problem(`${original === null ? 'null' : 'a missing value'} arrived as ${show(cell)}`);
    return;
  }
  if (declared.kind === 'array') {
    const geoPair = declared.items.kind === 'object' && declared.items.geoPoint && Array.isArray(original) && original.length === 2 && original.every((v) => typeof v === 'number');
    // The source sends a single value of a list field as a one-element list.
    const elements = Array.isArray(original) && !geoPair ? original : [original];
    if (!Array.isArray(cell) || cell.length !== elements.length) {
      problem(`the list ${show(elements)} arrived as ${show(cell)}`);
      return;
    }
    elements.forEach((element, index) => checkElement(declared.items, element, cell[index] as JsonValue, `${pointer}/${index}`, check, where));
    return;
  }
  checkElement(declared, original, cell, pointer, check, where);
}

function checkElement(declared: DeclaredType, original: JsonValue, cell: JsonValue, pointer: string, check: RowCheck, where: string): void {
  if (original === null) {
    if (cell !== null) check.problems.push(`${where}#${pointer}: null arrived as ${show(cell)}`);
    return;
  }
  if (declared.kind === 'object' && !declared.geoPoint && isJsonObject(original)) {
    if (!isJsonObject(cell)) check.problems.push(`${where}#${pointer}: the object ${show(original)} arrived as ${show(cell)}`);
    else checkStruct(original, cell, declared.properties, pointer, check, where);
    return;
  }
  if (declared.kind === 'array') {
    // A list inside a list (never declared by this source): compare as a whole.
    checkCell(declared, original, cell, pointer, check, where);
    return;
  }
  const expected = columnValue(declared, original);
  if (expected === MISFIT) {
    check.misfits.set(pointer, { original, declared, reason: 'type' });
    if (cell !== null) check.problems.push(`${where}#${pointer}: ${show(original)} does not fit a ${declared.kind} column but the column holds ${show(cell)}`);
    return;
  }
  if (!expected(cell)) check.problems.push(`${where}#${pointer}: ${show(original)} (declared ${declared.kind}) arrived as ${show(cell)}`);
  else check.typed.push(`${where}#${pointer}`);
}

const MISFIT: unique symbol = Symbol('misfit');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * How the column of a `declared` value must hold `original` (after the
 * source's and the destination's lossless conversions), as a predicate on
 * the cell a reader returns; MISFIT when the value cannot be in the column.
 */
function columnValue(declared: DeclaredType, original: JsonValue): ((cell: JsonValue) => boolean) | typeof MISFIT {
  switch (declared.kind) {
    case 'integer': {
      const exact = integerOf(original);
      if (exact === undefined || exact < INT64_MIN || exact > INT64_MAX) return MISFIT;
      return (cell) => (typeof cell === 'number' || typeof cell === 'bigint') && Number.isInteger(Number(cell)) && BigInt(cell) === exact;
    }
    case 'number': {
      const double = doubleOf(original);
      if (double === undefined) return MISFIT;
      return (cell) => typeof cell === 'number' && Object.is(cell, double);
    }
    case 'boolean': {
      const flag = typeof original === 'boolean' ? original : original === 'true' ? true : original === 'false' ? false : undefined;
      if (flag === undefined) return MISFIT;
      return (cell) => cell === flag;
    }
    case 'string':
      if (typeof original === 'string') return (cell) => cell === original;
      // Numbers and booleans become their JSON text.
      if (typeof original === 'number' || typeof original === 'bigint' || typeof original === 'boolean') return (cell) => typeof cell === 'string' && exactlyEqual(parseJsonLossless(cell) as JsonValue, original);
      return MISFIT;
    case 'timestamp': {
      // Text is read as ISO first, then as an epoch, as Elasticsearch tries its default formats in order.
      const nanos = (typeof original === 'string' ? isoNanos(original) : undefined) ?? epochNanos(original, declared.epoch);
      // The column holds microseconds: sub-microsecond digits would be lost.
      if (nanos === undefined || nanos % 1000n !== 0n || nanos < MIN_NANOS || nanos > MAX_NANOS) return MISFIT;
      return (cell) => typeof cell === 'string' && readerTimestampNanos(cell) === nanos;
    }
    case 'object': {
      if (!declared.geoPoint) return MISFIT;
      // A geo_point: {lat, lon} in any of the forms the source converts; a geohash is a misfit.
      const point = geoPointOf(original);
      if (point === undefined) return MISFIT;
      return (cell) => isJsonObject(cell) && Object.is(cell['lat'], point.lat) && Object.is(cell['lon'], point.lon);
    }
    case 'free':
      return (cell) => typeof cell === 'string' && exactlyEqual(parseJsonLossless(cell) as JsonValue, original);
    case 'array':
      return MISFIT;
  }
}

const MIN_NANOS = -62135596800000000000n; // 0001-01-01T00:00:00Z
const MAX_NANOS = 253402300799999999000n; // 9999-12-31T23:59:59.999999Z

function integerOf(value: JsonValue): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  // Integer text, or decimal text whose fraction is all zeros ("15001.000000000", as PyAirbyte sends numbers).
  const integral = typeof value === 'string' ? INTEGRAL_TEXT.exec(value) : null;
  if (integral !== null) return BigInt(integral[1] ?? '');
  return undefined;
}

const INTEGRAL_TEXT = /^(-?(?:0|[1-9]\d*))(?:\.0+)?$/;

function doubleOf(value: JsonValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return BigInt(Number(value)) === value ? Number(value) : undefined;
  if (typeof value === 'string' && NUMBER_TEXT.test(value)) {
    const number = Number(value);
    if (!Number.isFinite(number)) return undefined;
    // An integer text beyond 2^53 names a number a double may not hold.
    return INTEGER_TEXT.test(value) && BigInt(number) !== BigInt(value) ? undefined : number;
  }
  return undefined;
}

function geoPointOf(value: JsonValue): { lat: number; lon: number } | undefined {
  if (isJsonObject(value)) {
    const { lat, lon } = value;
    return typeof lat === 'number' && typeof lon === 'number' && Object.keys(value).length === 2 ? { lat, lon } : undefined;
  }
  return geoPointForm(value);
}

/**
 * Checks a row's `_airbyte_overflow` (JSON text) and `_airbyte_meta.changes`
 * against the misfits the walk expected: exactly those pointers, each value
 * the original (or the source's lossless conversion of it, such as a numeric
 * text of an integer field beyond INT64), each with one NULLED change.
 */
export function checkOverflow(row: JsonObject, check: RowCheck, where: string): void {
  const text = row['_airbyte_overflow'];
  const overflow = text === null || text === undefined ? {} : (parseJsonLossless(String(text)) as JsonObject);
  const meta = row['_airbyte_meta'];
  const changes = isJsonObject(meta) && Array.isArray(meta['changes']) ? meta['changes'] : [];
  const expected = [...check.misfits.keys()].sort();
  const found = Object.keys(overflow).sort();
  if (!exactlyEqual(found, expected)) check.problems.push(`${where}: _airbyte_overflow holds ${show(found)}, expected ${show(expected)}`);
  for (const [pointer, misfit] of check.misfits) {
    const kept = overflow[pointer];
    if (kept === undefined) continue;
    if (!isOriginalOrConversion(misfit.declared, misfit.original, kept)) check.problems.push(`${where}#${pointer}: _airbyte_overflow holds ${show(kept)}, not the original ${show(misfit.original)}`);
  }
  const reasons = changes.map((change) => (isJsonObject(change) ? `${String(change['field'])} ${String(change['change'])} ${String(change['reason'])}` : show(change))).sort();
  const expectedReasons = [...check.misfits].map(([pointer, misfit]) => `${pointer} NULLED ${misfit.reason === 'type' ? 'DESTINATION_TYPECAST_ERROR' : 'DESTINATION_SERIALIZATION_ERROR'}`).sort();
  if (!exactlyEqual(reasons, expectedReasons)) check.problems.push(`${where}: _airbyte_meta.changes are ${show(reasons)}, expected ${show(expectedReasons)}`);
}

/** The column type a reader must report for a declared type (README: integer INT64, number DOUBLE, timestamp UTC micros...). */
export function expectedTypeTree(declared: DeclaredType, engine: ParquetEngine): TypeTree {
  const leaf = (pyarrow: string, duckdb: string): TypeTree => (engine === 'pyarrow' ? pyarrow : duckdb);
  switch (declared.kind) {
    case 'integer':
      return leaf('int64', 'BIGINT');
    case 'number':
      return leaf('double', 'DOUBLE');
    case 'boolean':
      return leaf('bool', 'BOOLEAN');
    case 'string':
    case 'free':
      return leaf('string', 'VARCHAR');
    case 'timestamp':
      return leaf('timestamp[us, tz=UTC]', 'TIMESTAMP WITH TIME ZONE');
    case 'object':
      return { struct: Object.fromEntries([...declared.properties].map(([name, type]) => [name, expectedTypeTree(type, engine)])) };
    case 'array':
      return { list: expectedTypeTree(declared.items, engine) };
  }
}
