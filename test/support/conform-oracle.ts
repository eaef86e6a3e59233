import { isJsonObject, type JsonObject, type JsonValue } from '../../src/json/json-value.js';
import type { DeclaredType } from './declared-type.js';
import { epochNanos, isoNanos, rfc3339Nanos, rfc3339OffsetMinutes } from './instant-oracle.js';

/**
 * The tests' own oracle for the source's conforming of `_source` to the
 * stream schema (README, "Values that do not fit"), written from the rules,
 * not from src/source/schema: each value of a record is compared with the
 * document's original value and must be identical to it or one of the
 * documented lossless conversions, checked independently.
 */

/** The documented conversions, one name per rule of the README table. */
export const CONVERSION_KINDS = [
  'one-element-list',
  'integer-from-text',
  'number-from-text',
  'boolean-from-text',
  'timestamp-from-epoch',
  'timestamp-completed',
  'geo-point-from-lat-lon-text',
  'geo-point-from-lon-lat-pair',
  'geo-point-from-wkt',
] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** What {@link checkConformedRecord} found, with JSON pointers into the record. */
export interface OracleReport {
  /** Every conversion seen, by kind. */
  readonly conversions: Map<ConversionKind, string[]>;
  /** Values that do not fit their declared type and (correctly) travel unchanged. */
  readonly unchangedMisfits: string[];
  /** Values the README says convert without loss that arrived unconverted. */
  readonly missedConversions: string[];
  /** Keys the schema does not declare (they must travel unchanged). */
  readonly undeclared: string[];
  /** Values that are neither identical to the original nor a correct conversion of it. */
  readonly problems: string[];
}

export function emptyReport(): OracleReport {
  return { conversions: new Map(), unchangedMisfits: [], missedConversions: [], undeclared: [], problems: [] };
}

/**
 * Walks `record` (a record's data without `_id` and `_index`) next to the
 * document's `original` `_source` and the stream's declared properties,
 * adding what it finds to `report`.
 */
export function checkConformedRecord(original: JsonObject, record: JsonObject, properties: ReadonlyMap<string, DeclaredType>, report: OracleReport, where = ''): void {
  checkObjectKeys(original, record, properties, `${where}#`, '', report);
}

/**
 * True when `actual` is `original` after exactly one documented conversion
 * for a value declared `declared` (a single value or list element, not a
 * list), or identical to it. The destination test uses it for values that
 * reached `_airbyte_overflow` after the source converted them.
 */
export function isOriginalOrConversion(declared: DeclaredType, original: JsonValue, actual: JsonValue): boolean {
  if (exactlyEqual(original, actual)) return true;
  if (declared.kind === 'array') return !Array.isArray(original) && Array.isArray(actual) && actual.length === 1 && isOriginalOrConversion(declared.items, original, actual[0] as JsonValue);
  return scalarConversion(declared, original, actual) !== undefined;
}

function checkValue(declared: DeclaredType, original: JsonValue, actual: JsonValue | undefined, where: string, pointer: string, report: OracleReport): void {
  if (actual === undefined) {
    report.problems.push(`${where}${pointer}: missing (original ${show(original)})`);
    return;
  }
  if (original === null) {
    if (actual !== null) report.problems.push(`${where}${pointer}: null became ${show(actual)}`);
    return;
  }
  if (declared.kind === 'array') {
    checkList(declared.items, original, actual, where, pointer, report);
    return;
  }
  if (declared.kind === 'object' && !declared.geoPoint) {
    if (isJsonObject(original) && isJsonObject(actual)) checkObjectKeys(original, actual, declared.properties, where, pointer, report);
    else checkScalar(declared, original, actual, where, pointer, report);
    return;
  }
  checkScalar(declared, original, actual, where, pointer, report);
}

/** A list field: a list keeps its length (each element checked), a single value becomes a one-element list. */
function checkList(items: DeclaredType, original: JsonValue, actual: JsonValue, where: string, pointer: string, report: OracleReport): void {
  const geoPair = items.kind === 'object' && items.geoPoint && Array.isArray(original) && isNumberPair(original);
  if (Array.isArray(original) && !geoPair) {
    if (!Array.isArray(actual) || actual.length !== original.length) {
      report.problems.push(`${where}${pointer}: a list of ${original.length} became ${show(actual)}`);
      return;
    }
    original.forEach((element, index) => checkValue(items, element, actual[index], where, `${pointer}/${index}`, report));
    return;
  }
  if (!Array.isArray(actual) || actual.length !== 1) {
    report.problems.push(`${where}${pointer}: the single value ${show(original)} became ${show(actual)}, not a one-element list`);
    return;
  }
  record(report, 'one-element-list', `${where}${pointer}`);
  checkValue(items, original, actual[0] as JsonValue, where, `${pointer}/0`, report);
}

function checkObjectKeys(original: JsonObject, actual: JsonObject, properties: ReadonlyMap<string, DeclaredType>, where: string, pointer: string, report: OracleReport): void {
  for (const key of Object.keys(actual)) {
    if (!Object.hasOwn(original, key)) report.problems.push(`${where}${pointer}/${key}: added (${show(actual[key] as JsonValue)})`);
  }
  for (const [key, value] of Object.entries(original)) {
    const child = `${pointer}/${escapePointer(key)}`;
    const declared = properties.get(key);
    if (declared !== undefined) {
      checkValue(declared, value, actual[key], where, child, report);
      continue;
    }
    report.undeclared.push(`${where}${child}`);
    if (!exactlyEqual(value, actual[key])) report.problems.push(`${where}${child}: an undeclared key changed from ${show(value)} to ${show(actual[key])}`);
  }
}

/** A single value (or list element) of a scalar, geo_point or free-form field. */
function checkScalar(declared: DeclaredType, original: JsonValue, actual: JsonValue, where: string, pointer: string, report: OracleReport): void {
  if (exactlyEqual(original, actual)) {
    if (fits(declared, original)) return;
    if (convertible(declared, original)) report.missedConversions.push(`${where}${pointer}: ${show(original)} (declared ${declared.kind})`);
    else report.unchangedMisfits.push(`${where}${pointer}`);
    return;
  }
  const kind = scalarConversion(declared, original, actual);
  if (kind === undefined) report.problems.push(`${where}${pointer}: ${show(original)} became ${show(actual)} (declared ${declared.kind}), which is no documented lossless conversion`);
  else record(report, kind, `${where}${pointer}`);
}

/** The documented conversion that turns `original` into `actual` for a single value declared `declared`, if any. */
function scalarConversion(declared: DeclaredType, original: JsonValue, actual: JsonValue): ConversionKind | undefined {
  switch (declared.kind) {
    case 'integer':
      return typeof original === 'string' && INTEGER_TEXT.test(original) && isInteger(actual) && BigInt(actual) === BigInt(original) ? 'integer-from-text' : undefined;
    case 'number':
      if (typeof original !== 'string' || !NUMBER_TEXT.test(original)) return undefined;
      if (INTEGER_TEXT.test(original)) return isInteger(actual) && BigInt(actual) === BigInt(original) ? 'number-from-text' : undefined;
      return typeof actual === 'number' && actual === Number(original) ? 'number-from-text' : undefined;
    case 'boolean':
      return (original === 'true' && actual === true) || (original === 'false' && actual === false) ? 'boolean-from-text' : undefined;
    case 'timestamp':
      return timestampConversion(declared.epoch, original, actual);
    case 'object':
      return declared.geoPoint ? geoConversion(original, actual) : undefined;
    default:
      return undefined;
  }
}

function timestampConversion(epoch: 'millis' | 'seconds', original: JsonValue, actual: JsonValue): ConversionKind | undefined {
  if (typeof actual !== 'string') return undefined;
  const sent = rfc3339Nanos(actual);
  if (sent === undefined) return undefined;
  // Text is read as ISO first, then as an epoch, as Elasticsearch tries its default formats in order.
  const written = typeof original === 'string' ? isoNanos(original) : undefined;
  if (written !== undefined) {
    // The same instant, sent in UTC (an offset is applied; none is UTC).
    return written === sent && rfc3339OffsetMinutes(actual) === 0 && actual.endsWith('Z') ? 'timestamp-completed' : undefined;
  }
  const fromEpoch = epochNanos(original, epoch);
  return fromEpoch !== undefined && fromEpoch === sent && actual.endsWith('Z') ? 'timestamp-from-epoch' : undefined;
}

const LAT_LON_TEXT = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;
const WKT_POINT = /^\s*POINT\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)\s*$/i;

/** A geo_point written in one of the forms the README says the source converts: "lat,lon", [lon, lat] or WKT. */
export function geoPointForm(value: JsonValue): { lat: number; lon: number; kind: ConversionKind } | undefined {
  if (Array.isArray(value)) return isNumberPair(value) ? { lat: value[1] as number, lon: value[0] as number, kind: 'geo-point-from-lon-lat-pair' } : undefined;
  if (typeof value !== 'string') return undefined;
  const latLon = LAT_LON_TEXT.exec(value);
  if (latLon !== null) return { lat: Number(latLon[1]), lon: Number(latLon[2]), kind: 'geo-point-from-lat-lon-text' };
  const wkt = WKT_POINT.exec(value);
  return wkt === null ? undefined : { lat: Number(wkt[2]), lon: Number(wkt[1]), kind: 'geo-point-from-wkt' };
}

function geoConversion(original: JsonValue, actual: JsonValue): ConversionKind | undefined {
  const form = geoPointForm(original);
  if (form === undefined || !isJsonObject(actual) || Object.keys(actual).length !== 2) return undefined;
  return actual['lat'] === form.lat && actual['lon'] === form.lon ? form.kind : undefined;
}

/** A canonical integer text. */
export const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;
/** A JSON number text. */
export const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const RFC3339_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** True when a single value already has its declared type. */
export function fits(declared: DeclaredType, value: JsonValue): boolean {
  switch (declared.kind) {
    case 'integer':
      return isInteger(value);
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'timestamp':
      return typeof value === 'string' && RFC3339_WITH_ZONE.test(value) && rfc3339Nanos(value) !== undefined;
    case 'object':
      return declared.geoPoint ? isJsonObject(value) && typeof value['lat'] === 'number' && typeof value['lon'] === 'number' : isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'free':
      return true;
  }
}

/** True when the README says a value of this form converts without loss into `declared`. */
function convertible(declared: DeclaredType, value: JsonValue): boolean {
  switch (declared.kind) {
    case 'integer':
      return typeof value === 'string' && INTEGER_TEXT.test(value);
    case 'number':
      return typeof value === 'string' && NUMBER_TEXT.test(value);
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'timestamp':
      return epochNanos(value, declared.epoch) !== undefined || (typeof value === 'string' && isoNanos(value) !== undefined);
    case 'object':
      return declared.geoPoint && geoPointForm(value) !== undefined;
    default:
      return false;
  }
}

function isInteger(value: JsonValue | undefined): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

function isNumberPair(value: readonly JsonValue[]): boolean {
  return value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

/** Deep equality that tells a bigint from a number and keeps key sets exact. */
export function exactlyEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((element, index) => exactlyEqual(element, b[index]));
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && exactlyEqual(a[key], b[key]));
  }
  return false;
}

function record(report: OracleReport, kind: ConversionKind, at: string): void {
  const list = report.conversions.get(kind) ?? [];
  list.push(at);
  report.conversions.set(kind, list);
}

/**
 * A fixture's exact JSON (numbers and bigints, as `parseExact` returns it) as
 * a plain JSON value. Throws on a `LosslessNumber`, which only a fixture
 * template (not a parsed `_source`) may hold.
 */
export function plainJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(plainJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainJson(inner)]));
  }
  throw new TypeError(`not a parsed JSON value: ${String(value)}`);
}

/** {@link plainJson} of an object. */
export function plainJsonObject(value: unknown): JsonObject {
  const json = plainJson(value);
  if (!isJsonObject(json)) throw new TypeError('not a JSON object');
  return json;
}

/** RFC 6901 escaping of one key. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A value for a failure message: JSON with bigint digits, cut at 200 characters. */
export function show(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? `${inner}n` : inner));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
