import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import type { FieldMap, FieldNode, FieldTree, FieldType } from './field-node.js';
import { instantText } from './instant-text.js';

/** Changes a value into its declared form, or returns it unchanged. */
type Conform = (value: JsonValue) => JsonValue;

const CANONICAL_INTEGER = /^-?(0|[1-9]\d*)$/;
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** Integers of up to 15 digits are exact as doubles. */
const EXACT_DOUBLE_DIGITS = 15;

/**
 * Compiles, once per stream, the function that brings a document's `_source`
 * into the form its schema declares, in place, wherever nothing is lost:
 * - a single value of a field declared a list becomes a one-element list;
 * - numeric strings in integer and number fields become numbers (integers
 *   beyond 2^53 as exact bigints), "true"/"false" in boolean fields booleans;
 * - dates become RFC 3339 text with a zone: ISO text completed, epoch
 *   numbers converted exactly (see instant-text.ts);
 * - a geo_point given as "lat,lon", [lon, lat] or "POINT (lon lat)" becomes {lat, lon};
 * - dotted keys (`"kubernetes.labels.app": "x"`) under a declared object
 *   become the nested objects Elasticsearch reads them as.
 * Everything else travels exactly as it is in `_source` (a string in a
 * long field, an array where one value is declared, a key the mapping does
 * not know), so destinations apply Airbyte's typing rules to it: they null
 * it and say so in `_airbyte_meta`, and destination-s3-parquet keeps it in
 * `_airbyte_overflow`. Only declared fields that may need a change are
 * looked up, and the keys of an object are walked only where a declared
 * object could receive a dotted key. Returns whether the document changed.
 */
export function compileConformer(tree: FieldTree): (source: JsonObject) => boolean {
  const conform = objectConformer(tree.fields, '');
  if (conform === undefined) return () => false;
  return (source) => {
    changed = false;
    conform(source);
    return changed;
  };
}

/**
 * Set by every write into the document being conformed: the conformer
 * returns whether it changed anything (so a caller can forward the
 * document's original text when it did not). Conforming is synchronous, so
 * one flag serves every conformer.
 */
let changed = false;

function nodeConformer(node: FieldNode): Conform | undefined {
  const element = typeConformer(node.type, node.esType);
  if (!node.array) return element;
  const geo = node.esType === 'geo_point';
  return (value) => {
    if (value === null) return null;
    if (!Array.isArray(value) || (geo && isNumberPair(value))) return [element === undefined ? value : element(value)];
    if (element !== undefined) {
      for (let index = 0; index < value.length; index++) {
        const before = value[index] as JsonValue;
        const after = element(before);
        if (after !== before) {
          value[index] = after;
          changed = true;
        }
      }
    }
    return value;
  };
}

function typeConformer(type: FieldType, esType: string): Conform | undefined {
  switch (type.kind) {
    case 'string':
    case 'free':
      return undefined;
    case 'integer':
      return toInteger;
    case 'number':
      return toNumber;
    case 'boolean':
      return toBoolean;
    case 'timestamp': {
      const epoch = type.epoch;
      return (value) => instantText(value, epoch) ?? value;
    }
    case 'object': {
      const object = objectConformer(type.fields, esType);
      if (esType !== 'geo_point') return object;
      return object === undefined ? geoPoint : (value) => object(geoPoint(value));
    }
  }
}

/** Names every object inherits (`constructor`, `__proto__`...): a lookup of one must check the key is the object's own. */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

/**
 * The conformer of an object with these declared fields, or undefined when
 * nothing under it can need a change (no declared field with a conformer, no
 * declared object a dotted key could expand into). Declared fields that need
 * a conformer are looked up one by one, and the object's keys are walked
 * only to find dotted keys, where a declared object could receive them.
 */
function objectConformer(fields: FieldMap, esType: string): Conform | undefined {
  // Per declared key: its conformer, or null for a declared field that needs none.
  const conformers = new Map<string, Conform | null>();
  const objects = new Set<string>();
  const keys: string[] = [];
  const keyConformers: Conform[] = [];
  const inherited: boolean[] = [];
  for (const [name, node] of fields) {
    const conform = nodeConformer(node);
    conformers.set(name, conform ?? null);
    if (conform !== undefined) {
      keys.push(name);
      keyConformers.push(conform);
      inherited.push(INHERITED.includes(name));
    }
    if (node.type.kind === 'object' && esType !== 'geo_point') objects.add(name);
  }
  const expandable = objects.size > 0;
  if (keys.length === 0 && !expandable) return undefined;
  const count = keys.length;
  return (value: JsonValue): JsonValue => {
    if (!isJsonObject(value)) return value;
    for (let index = 0; index < count; index++) {
      const key = keys[index] as string;
      const before = value[key];
      if (before === undefined || (inherited[index] === true && !Object.hasOwn(value, key))) continue;
      const after = (keyConformers[index] as Conform)(before);
      if (after !== before) {
        value[key] = after;
        changed = true;
      }
    }
    if (expandable) {
      let dotted: string[] | undefined;
      for (const key in value) if (key.includes('.') && !conformers.has(key)) (dotted ??= []).push(key);
      if (dotted !== undefined) for (const key of dotted) expandDottedKey(value, key, objects, conformers);
    }
    return value;
  };
}

/**
 * Moves `"a.b.c": v` into `a` when `a` is a declared object and the move
 * overwrites nothing, then conforms `a` again (conforming is idempotent).
 */
function expandDottedKey(value: JsonObject, key: string, objects: ReadonlySet<string>, conformers: ReadonlyMap<string, Conform | null>): void {
  for (let dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
    const head = key.slice(0, dot);
    if (!objects.has(head)) continue;
    const rest = key.slice(dot + 1);
    const target = value[head];
    if (target !== undefined && target !== null && !(isJsonObject(target) && !Object.hasOwn(target, rest))) return;
    const inner: JsonObject = isJsonObject(target) ? target : {};
    inner[rest] = value[key] as JsonValue;
    delete value[key];
    changed = true;
    const conform = conformers.get(head);
    value[head] = conform === undefined || conform === null ? inner : conform(inner);
    return;
  }
}

function toInteger(value: JsonValue): JsonValue {
  if (typeof value !== 'string' || !CANONICAL_INTEGER.test(value)) return value;
  return exactInteger(value);
}

function toNumber(value: JsonValue): JsonValue {
  if (typeof value !== 'string' || !JSON_NUMBER.test(value)) return value;
  if (CANONICAL_INTEGER.test(value)) return exactInteger(value);
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

function exactInteger(text: string): number | bigint {
  if (text.replace('-', '').length <= EXACT_DOUBLE_DIGITS) return Number(text);
  const big = BigInt(text);
  return Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

function toBoolean(value: JsonValue): JsonValue {
  return value === 'true' ? true : value === 'false' ? false : value;
}

const LAT_LON = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;
const WKT_POINT = /^\s*POINT\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)\s*$/i;

function isNumberPair(value: JsonValue[]): boolean {
  return value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

/** The {lat, lon} object of a geo_point written as "lat,lon", [lon, lat] or WKT; a geohash or anything else unchanged. */
function geoPoint(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return isNumberPair(value) ? { lat: value[1] as number, lon: value[0] as number } : value;
  if (typeof value !== 'string') return value;
  const latLon = LAT_LON.exec(value);
  if (latLon !== null) return { lat: Number(latLon[1]), lon: Number(latLon[2]) };
  const wkt = WKT_POINT.exec(value);
  if (wkt !== null) return { lat: Number(wkt[2]), lon: Number(wkt[1]) };
  return value;
}
