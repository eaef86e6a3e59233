/**
 * One mutation of a JSON document, as fast-check arbitraries: which value to
 * break (a path) and how (wrong type, missing, extra, empty, huge, control
 * characters, out of range...). Shared by the config mutations (paths from
 * the spec, spec-mutations.ts) and the catalog and state mutations (paths
 * from the document itself).
 */
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';

export type PathPart = string | number;
export type JsonPath = readonly PathPart[];

/** A mutation: what it does (for the report) and the document it makes. */
export interface Mutation {
  /** The path it changed, e.g. `authentication.password` or `streams[0].sync_mode`. */
  path: string;
  kind: string;
  /** The value written (undefined when the field was removed). */
  value?: JsonValue;
  /** The names a message must mention to name the field (the dotted path, the property name). */
  names: string[];
}

export function formatPath(path: JsonPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text === '' ? '(top level)' : text;
}

/** The names that identify the field at `path`: its dotted path, the JSON pointer, and the nearest property name. */
export function fieldNames(path: JsonPath): string[] {
  const names = new Set<string>();
  if (path.length > 0) names.add(formatPath(path));
  if (path.length > 0) names.add('/' + path.join('/'));
  const lastName = [...path].reverse().find((part): part is string => typeof part === 'string');
  if (lastName !== undefined) names.add(lastName);
  return [...names];
}

/** The names of an unknown key added at `path`: the key itself (quoted when blank) and its dotted path or pointer. */
export function extraKeyNames(path: JsonPath): string[] {
  const key = String(path.at(-1));
  const names = new Set([key.trim() === '' ? JSON.stringify(key) : key, '/' + path.join('/')]);
  if (path.length > 1) names.add(formatPath(path));
  return [...names];
}

/** A deep copy of a JSON value, with no part shared (structuredClone would keep two references to one object as one). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Sets an own property, even `__proto__`. */
export function setKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function getAt(document: JsonValue, path: JsonPath): JsonValue | undefined {
  let node: JsonValue | undefined = document;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[part as number] : Object.hasOwn(node, part) ? node[part as string] : undefined;
  }
  return node;
}

/** Writes `value` at `path` of `document` (in place), creating missing parents as objects or arrays; `undefined` removes. */
export function setAt(document: JsonValue, path: JsonPath, value: JsonValue | undefined): void {
  let node = document as JsonObject | JsonValue[];
  for (const [index, part] of path.slice(0, -1).entries()) {
    const next = Array.isArray(node) ? node[part as number] : node[part as string];
    if (next === null || typeof next !== 'object') {
      const fresh: JsonObject | JsonValue[] = typeof path[index + 1] === 'number' ? [] : {};
      if (Array.isArray(node)) node[part as number] = fresh;
      else setKey(node, part as string, fresh);
      node = fresh;
    } else node = next;
  }
  const last = path.at(-1)!;
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(last as number, 1);
    else node[last as number] = value;
  } else if (value === undefined) delete node[last as string];
  else setKey(node, last as string, value);
}

/** Control characters and other code points that break headers, URLs, lines and file names. */
export const CONTROL_CHARACTERS = ['\n', '\r', '\r\n', '\u0000', '\t', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\u2028', '\ufeff', '\ud800'] as const;

/** `text` with one control character inserted (at a position the arbitrary picks). */
export function withControlCharacter(text: string): fc.Arbitrary<{ value: string; kind: string }> {
  return fc.tuple(fc.constantFrom(...CONTROL_CHARACTERS), fc.nat({ max: text.length })).map(([character, at]) => ({
    value: text.slice(0, at) + character + text.slice(at),
    kind: `control character ${JSON.stringify(character)} at ${at}`,
  }));
}

/** A long string: moderate sizes, so that a case stays fast (a few MB at most). */
export function hugeString(base: string): fc.Arbitrary<{ value: string; kind: string }> {
  return fc.constantFrom(4_097, 70_000, 1_100_000).map((length) => ({ value: (base === '' ? 'x' : base).repeat(Math.ceil(length / Math.max(1, base.length))).slice(0, length), kind: `huge string (${length} chars)` }));
}

function typeOf(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Values of a JSON type other than `type` (from a schema or a sample). */
export function wrongTypeValues(types: readonly string[]): JsonValue[] {
  const all: Array<[string, JsonValue]> = [
    ['string', 'not-a-number'],
    ['string', ''],
    ['integer', 42],
    ['number', 2.5],
    ['boolean', true],
    ['null', null],
    ['array', ['x']],
    ['array', []],
    ['object', {}],
    ['object', { value: 1 }],
  ];
  const excluded = new Set(types.flatMap((type) => (type === 'number' ? ['number', 'integer'] : [type])));
  return all.filter(([type]) => !excluded.has(type)).map(([, value]) => value);
}

/**
 * Ways to break one value whose valid form is `sample` (and schema `schema`,
 * when the value is declared): each yields the new value, or `undefined` to remove it.
 */
export function valueMutations(sample: JsonValue | undefined, schema: JsonObject | undefined): fc.Arbitrary<{ value: JsonValue | undefined; kind: string }> {
  const declared = schema?.['type'];
  const types = Array.isArray(declared) ? (declared as string[]) : typeof declared === 'string' ? [declared] : [typeOf(sample)];
  const options: Array<fc.Arbitrary<{ value: JsonValue | undefined; kind: string }>> = [
    fc.constantFrom(...wrongTypeValues(types)).map((value) => ({ value, kind: `wrong type (${typeOf(value)})` })),
    fc.constant({ value: null, kind: 'null' }),
    fc.constant({ value: undefined, kind: 'missing' }),
  ];
  const text = typeof sample === 'string' ? sample : typeof schema?.['default'] === 'string' ? schema['default'] : 'value';
  if (types.includes('string')) {
    options.push(
      fc.constant({ value: '', kind: 'empty string' }),
      fc.constant({ value: ' ', kind: 'blank string' }),
      hugeString(text),
      withControlCharacter(text),
      fc.string({ unit: 'binary', maxLength: 24 }).map((value) => ({ value, kind: 'random string' })),
    );
    if (text !== text.toUpperCase()) options.push(fc.constant({ value: text.toUpperCase(), kind: 'upper case' }));
  }
  if (types.includes('integer') || types.includes('number')) {
    const minimum = typeof schema?.['minimum'] === 'number' ? schema['minimum'] : undefined;
    const maximum = typeof schema?.['maximum'] === 'number' ? schema['maximum'] : undefined;
    const numbers: Array<[JsonValue, string]> = [[-1, 'negative'], [0, 'zero'], [1.5, 'fraction'], [9_007_199_254_740_993, 'beyond 2^53'], [1e300, 'huge number'], ['7', 'number as a string']];
    if (minimum !== undefined) numbers.push([minimum - 1, 'below the minimum']);
    if (maximum !== undefined) numbers.push([maximum + 1, 'above the maximum']);
    options.push(fc.constantFrom(...numbers).map(([value, kind]) => ({ value, kind })));
  }
  if (types.includes('boolean')) options.push(fc.constantFrom<[JsonValue, string]>(['true', 'boolean as a string'], [1, 'boolean as a number']).map(([value, kind]) => ({ value, kind })));
  if (types.includes('array')) {
    const element = Array.isArray(sample) && sample.length > 0 ? sample[0]! : 'x';
    options.push(
      fc.constant({ value: [], kind: 'empty array' }),
      fc.constant({ value: [null], kind: 'array of null' }),
      fc.constant({ value: Array.from({ length: 10_000 }, () => cloneJson(element)), kind: 'array of 10000 items' }),
    );
    if (Array.isArray(sample) && sample.length > 0) options.push(fc.constant({ value: [...cloneJson(sample), ...cloneJson(sample)], kind: 'items repeated' }));
  }
  if (types.includes('object')) options.push(fc.constant({ value: {}, kind: 'empty object' }));
  if (Array.isArray(schema?.['enum'])) options.push(fc.constant({ value: 'not_one_of_them', kind: 'value not in the enum' }));
  return fc.oneof(...options);
}

/** Keys an extra field may have: unknown, misspelt, or dangerous in JavaScript. */
export const EXTRA_KEYS = ['unknown_setting', 'Page_Size', '__proto__', 'constructor', '', ' '] as const;
