import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceStruct, type Misfit } from '../../../src/destination/normalise/coerce-value.js';
import { normaliseRecord, type RowContext } from '../../../src/destination/normalise/normalise-record.js';
import { jsonSchemaToLayout } from '../../../src/destination/schema/json-schema-to-layout.js';
import { parseExactJson, stringifyExactJson } from '../../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../../src/json/json-value.js';
import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../../src/protocol/messages.js';
import { formatTimestampMicros, isUtcTimestampText, normaliseTimestamp, parseTimestampMicros } from '../../../src/destination/normalise/parse-timestamp.js';
import { seededRandom as random } from '../../support/seeded-random.js';

/**
 * The row as the generic walk made it before the compiled writer: the row
 * object from `coerceStruct`, serialised by `stringifyExactJson`. The
 * compiled writer must write the same text (the raw id aside).
 */
function referenceRow(record: AirbyteRecord, context: RowContext, nulled: readonly AirbyteRecordMetaChange[] = []): string {
  const misfits: Misfit[] = [];
  const data = context.layout.schemaless ? { _airbyte_data: stringifyExactJson(record.data) } : coerceStruct(record.data, context.layout.fields, '', misfits);
  const changes: AirbyteRecordMetaChange[] = [...(record.meta?.changes ?? [])].map(({ field, change, reason }) => ({ field, change, reason }));
  let overflow: string | null = null;
  if (misfits.length > 0) {
    const kept: { [pointer: string]: JsonValue } = {};
    for (const misfit of misfits) {
      kept[misfit.pointer] = misfit.value;
      changes.push({ field: misfit.pointer, change: 'NULLED', reason: misfit.reason === 'type' ? 'DESTINATION_TYPECAST_ERROR' : 'DESTINATION_SERIALIZATION_ERROR' });
    }
    overflow = stringifyExactJson(kept);
  }
  changes.push(...nulled);
  return stringifyExactJson({
    _airbyte_raw_id: 'ID',
    _airbyte_extracted_at: formatTimestampMicros(BigInt(Math.trunc(record.emitted_at)) * 1000n),
    _airbyte_generation_id: context.generationId,
    _airbyte_meta: { sync_id: context.syncId, changes },
    ...data,
    _airbyte_overflow: overflow,
  });
}

const withoutId = (line: string): string => line.replace(/^\{"_airbyte_raw_id":"[0-9a-f-]{36}"/, '{"_airbyte_raw_id":"ID"');

/**
 * A row as DuckDB's `read_ndjson` reads it: members by name, in any order,
 * an absent member the same as a null one. Nulls are dropped from objects
 * (kept in arrays, where they are elements) so that deepStrictEqual,
 * which ignores key order, compares what DuckDB would read; UTC timestamp
 * text is padded to microseconds, which DuckDB reads as the same instant
 * (row-partition.test.ts converts such rows with DuckDB itself).
 */
function asRead(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(asRead);
  // UTC timestamp text is read to the same instant whether its fraction is padded or not (on both sides alike).
  if (isUtcTimestampText(value)) return normaliseTimestamp(value) ?? value;
  if (value === null || typeof value !== 'object') return value;
  const result: JsonObject = {};
  for (const [key, member] of Object.entries(value)) if (member !== null) set(result, key, asRead(member));
  return result;
}

/** The compiled writer's line and the generic walk's reference are the same row (see `asRead`). */
function assertSameRow(line: string, reference: string, message: string): void {
  assert.deepStrictEqual(asRead(parseExactJson(withoutId(line))), asRead(parseExactJson(reference)), message);
}

const SCALARS: JsonValue[] = [
  null, true, false, 'true', 'false', 0, -0, 42, -7, 1.5, 1e21, 2 ** 60, 9007199254740993n, 9223372036854775807n, 9223372036854775808n, -9223372036854775809n,
  '42', '042', '-0', '4.0', '15001.000000000', '1.50', '2.5e3', '1e400', '9007199254740993', '9007199254740992', '9223372036854775807', '9223372036854775808',
  '', ' 42', 'abc', 'é😀', 'quote " back \\ nl \n tab \t ctl \u0001', '\u2028\u2029', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123456789Z', '2024-02-29', '2023-02-29',
  '1700000000000', 1700000000000, -1, '2024-01-02 03:04', 'yesterday',
];

function value(next: () => number, depth: number): JsonValue {
  const pick = next();
  if (depth > 0 && pick < 0.12) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth - 1));
  if (depth > 0 && pick < 0.24) {
    const object: JsonObject = {};
    for (const key of KEYS) if (next() < 0.4) set(object, key, value(next, depth - 1));
    return object;
  }
  return SCALARS[Math.floor(next() * SCALARS.length)] as JsonValue;
}

/** An own property, even for "__proto__" (as JSON.parse makes it). */
function set(object: JsonObject, key: string, member: JsonValue): void {
  Object.defineProperty(object, key, { value: member, enumerable: true, writable: true, configurable: true });
}

const KEYS = ['a', 'n', 'i', 'b', 't', 'd', 'j', 's', 'l', 'u', 'x/y~z', '__proto__', 'constructor', 'extra', 'é'];

const schema = {
  type: 'object',
  properties: {
    s: { type: ['null', 'string'] },
    b: { type: 'boolean' },
    i: { type: 'integer' },
    n: { type: 'number' },
    t: { type: 'string', format: 'date-time' },
    d: { type: 'string', format: 'date' },
    j: {},
    a: { type: 'array', items: { type: 'integer' } },
    l: { type: 'array', items: { type: 'object', properties: { i: { type: 'integer' }, l: { type: 'array', items: { type: 'number' } } } } },
    u: { type: 'object', properties: { 'x/y~z': { type: 'integer' }, constructor: { type: 'string' }, u: { type: 'object', properties: { s: { type: 'string' } } } } },
    constructor: { type: 'integer' },
    __proto__: { type: 'string' },
    'x/y~z': { type: 'number' },
    é: { type: 'string' },
  },
};

test('the compiled row writer writes the rows the generic walk wrote, for 3000 random records of every column kind', () => {
  const layout = jsonSchemaToLayout(JSON.parse(JSON.stringify(schema)));
  const contexts: RowContext[] = [{ layout, generationId: 3, syncId: 9 }, { layout, generationId: 0, syncId: null }];
  const next = random(12);
  let misfitRows = 0;
  let protoRows = 0;
  for (let index = 0; index < 3000; index++) {
    const data: JsonObject = {};
    for (const key of KEYS) if (next() < 0.6) set(data, key, value(next, 3));
    // Keys the JSON parser makes own properties, as a record's data has them.
    const parsed = parseExactJson(stringifyExactJson(data)) as JsonObject;
    const changes: AirbyteRecordMetaChange[] | undefined = next() < 0.2 ? [{ field: '/q', change: 'TRUNCATED', reason: 'SOURCE_FIELD_SIZE_LIMITATION' }] : undefined;
    const record: AirbyteRecord = { stream: 's', emitted_at: 1700000000000 + index, data: parsed, ...(changes === undefined ? {} : { meta: { changes } }) };
    const nulled: AirbyteRecordMetaChange[] = next() < 0.1 ? [{ field: '/big', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' }] : [];
    const context = contexts[index % 2] as RowContext;
    const line = normaliseRecord(record, context, nulled);
    assertSameRow(line, referenceRow(record, context, nulled), `record ${index}: ${stringifyExactJson(parsed)}`);
    if (line.includes('DESTINATION_TYPECAST_ERROR')) misfitRows++;
    if (Object.hasOwn(parsed, '__proto__')) protoRows++;
  }
  assert.ok(protoRows > 500, `records with an own __proto__ key (${protoRows})`);
  assert.ok(misfitRows > 500, `the random records exercise misfits (${misfitRows})`);
});

test('rows, structs and lists whose values already fit are written as the record has them, and read as the generic walk wrote them', () => {
  const struct = {
    type: 'object',
    properties: {
      name: { type: 'string' },
      ok: { type: 'boolean' },
      n: { type: 'integer' },
      at: { type: 'string', format: 'date-time' },
      day: { type: 'string', format: 'date' },
      cpu: { type: 'object', properties: { usage: { type: 'number' } } },
      tags: { type: 'array', items: { type: 'string' } },
      items: { type: 'array', items: { type: 'object', properties: { i: { type: 'integer' } } } },
      ['__proto__']: { type: 'string' },
    },
  };
  const plain = { type: 'object', properties: { id: { type: 'integer' }, t: { type: 'string', format: 'date-time' }, h: struct } };
  // A JSON column (written as text) and fields that differ only in case (distinct column names): no fast path for the row, h keeps its own.
  const mixed = { type: 'object', properties: { ...plain.properties, j: {}, c: { type: 'object', properties: { a: { type: 'string' }, A: { type: 'string' } } } } };
  const contextOf = (schema: object): RowContext => ({ layout: jsonSchemaToLayout(parseExactJson(stringifyExactJson(schema as JsonObject)) as JsonObject), generationId: 1, syncId: 2 });
  const plainContext = contextOf(plain);
  const mixedContext = contextOf(mixed);
  const h0 = plainContext.layout.fields.find((field) => field.name === 'h');
  assert.ok(h0?.type.kind === 'struct' && h0.type.fields.some((field) => field.source === '__proto__'), 'h declares __proto__');
  const next = random(99);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const strings = ['', 'abc', 'é😀', 'quote " back \\ nl \n', '\u2028', '\ud83d\ude00'];
  const instants = ['2024-05-01T09:08:14.176Z', '2024-05-01T09:08:14Z', '0001-01-01T00:00:00.123456Z', '9999-12-31T23:59:59.9Z', '2024-02-29T23:59:59.12345Z'];
  // Values their column converts (offsets, epoch millis, numbers as text) or cannot hold: the writer must not write them as they are.
  const converted = { t: ['2024-05-01T11:08:14.176+02:00', 1700000000000, '2024-02-30T00:00:00Z', '2024-05-01T09:08:14.1234567Z'], day: ['2024-02-30', 20240501] };
  let rowFast = 0;
  let structFast = 0;
  let slow = 0;
  for (let index = 0; index < 3000; index++) {
    let fits = true;
    // A member is absent, null, converted or a misfit, or a fitting value.
    const maybe = (member: () => JsonValue, other: () => JsonValue): JsonValue | undefined => {
      const roll = next();
      if (roll < 0.15) return undefined;
      if (roll < 0.25) return null;
      if (roll < 0.27) {
        fits = false;
        return other();
      }
      return member();
    };
    const h: JsonObject = {};
    const members: Array<[string, () => JsonValue, () => JsonValue]> = [
      // A lone surrogate is no UTF-8 (a Parquet string): a misfit.
      ['name', () => pick(strings), () => pick([42, 'a\ud800', '\udc00b'])],
      ['ok', () => next() < 0.5, () => 'true'],
      ['n', () => pick([0, -0, -7, 42, 2 ** 53 - 1, -(2 ** 53 - 1)]), () => pick(['42', 1.5, 9007199254740993n])],
      ['at', () => pick(instants), () => pick(converted.t)],
      ['day', () => pick(['2024-02-29', '0001-01-01', '9999-12-31']), () => pick(converted.day)],
      ['cpu', () => (next() < 0.1 ? ({} as JsonObject) : { usage: pick([0, 0.3581, -1e-300, 1e300, 5]) }), () => pick(['x', { usage: '1.5' }])],
      ['tags', () => Array.from({ length: Math.floor(next() * 3) }, () => (next() < 0.2 ? null : pick(strings))), () => pick(['x', [1], ['ok', '\ud83d']])],
      ['items', () => Array.from({ length: Math.floor(next() * 3) }, () => (next() < 0.2 ? null : { i: pick([1, null, -3]) })), () => [{ i: 2, j: 3 }]],
      ['__proto__', () => pick(strings), () => 5],
    ];
    // Members in a random order, as documents have them.
    for (const [key, member, other] of members.sort(() => next() - 0.5)) {
      const value = maybe(member, other);
      if (value !== undefined) set(h, key, value);
    }
    if (next() < 0.03) {
      fits = false;
      h['undeclared'] = 1;
    }
    const hFits = fits;
    const t = next() < 0.1 ? pick(converted.t) : maybe(() => pick(instants), () => pick(converted.t));
    if (typeof t === 'number' || (typeof t === 'string' && !isUtcTimestampText(t))) fits = false;
    const data = parseExactJson(stringifyExactJson({ id: index, ...(t === undefined ? {} : { t }), h })) as JsonObject;
    const record: AirbyteRecord = { stream: 's', emitted_at: 1700000000000, data };
    const line = normaliseRecord(record, plainContext);
    assertSameRow(line, referenceRow(record, plainContext), `record ${index}: ${stringifyExactJson(data)}`);
    assert.equal(line.includes(`,${stringifyExactJson(data).slice(1, -1)},"_airbyte_overflow":null}`), fits, `record ${index}: the row is written as it is exactly when all of it fits: ${line}`);
    // The same record with the text it was parsed from (blanks as a Python source writes them): that text where it fits.
    const dataText = ` ${stringifyExactJson(data).replace(/,"/g, ', "').replace(/":/g, '": ')} `;
    assert.deepStrictEqual(parseExactJson(dataText), data, 'the spaced text is the same data');
    const textLine = normaliseRecord(record, plainContext, [], dataText);
    assertSameRow(textLine, referenceRow(record, plainContext), `record ${index} from its text: ${dataText}`);
    assert.equal(textLine.includes(`,${dataText.trim().slice(1, -1)},"_airbyte_overflow":null}`), fits, `record ${index}: the row is written from the text exactly when all of it fits: ${textLine}`);
    const withMixed: AirbyteRecord = { ...record, data: { ...data, j: { k: [1] }, c: { a: 'x', A: 'y' } } };
    const mixedLine = normaliseRecord(withMixed, mixedContext);
    assertSameRow(mixedLine, referenceRow(withMixed, mixedContext), `record ${index} with j and c`);
    assert.equal(mixedLine.includes(`"h":${stringifyExactJson(data['h'] as JsonValue)}`), hFits, `record ${index}: h is written as it is exactly when it fits: ${mixedLine}`);
    assert.ok(mixedLine.includes('"j":"{\\"k\\":[1]}"') && mixedLine.includes('"c":{"a_2":"x","A":"y"}'), mixedLine);
    if (fits) rowFast++;
    else if (hFits) structFast++;
    else slow++;
  }
  assert.ok(rowFast > 500 && structFast > 100 && slow > 500, `every path exercised (row ${rowFast}, struct ${structFast}, slow ${slow})`);
});

test('a lone surrogate is a misfit whether its text escapes it or holds it raw, and a text without one is written as it is', () => {
  const context: RowContext = { layout: jsonSchemaToLayout({ type: 'object', properties: { s: { type: 'string' }, l: { type: 'array', items: { type: 'string' } } } }), generationId: 1, syncId: 2 };
  for (const text of ['{"s":"a\\ud800","l":["x"]}', '{"s":"a\ud800","l":["x"]}', '{"s":"ok","l":["\\udc00"]}', '{"s":"ok","l":["\udc00"]}', '{"s":"\\u00e9 \\ud83d\\ude00","l":[]}', '{"s":"é😀","l":[]}']) {
    const data = parseExactJson(text) as JsonObject;
    const record: AirbyteRecord = { stream: 's', emitted_at: 5, data };
    const line = normaliseRecord(record, context, [], text);
    assertSameRow(line, referenceRow(record, context), `from its text ${text}`);
    const whole = Object.values(data).every((value) => (Array.isArray(value) ? value : [value]).every((item) => typeof item === 'string' && item.isWellFormed()));
    assert.equal(line.includes(`,${text.slice(1, -1)},"_airbyte_overflow":null}`), whole, `written from the text exactly when it fits: ${line}`);
  }
});

test('the compiled row writer: a schemaless stream, an empty layout, and a record too deep to serialise', () => {
  const schemaless: RowContext = { layout: jsonSchemaToLayout({ type: 'object' }), generationId: 1, syncId: 2 };
  const record: AirbyteRecord = { stream: 's', emitted_at: 5, data: { a: [1, 12345678901234567890n], 'b"': '\n' } };
  assert.equal(withoutId(normaliseRecord(record, schemaless)), referenceRow(record, schemaless));
  const empty: RowContext = { layout: { fields: [], schemaless: false }, generationId: 1, syncId: 2 };
  assertSameRow(normaliseRecord(record, empty), referenceRow(record, empty), 'empty layout');
  const nothing: AirbyteRecord = { stream: 's', emitted_at: 5, data: {} };
  for (const text of ['{}', ' { \t} ']) assertSameRow(normaliseRecord(nothing, empty, [], text), referenceRow(nothing, empty), `empty data from its text ${text}`);
  let deep: JsonValue = 1;
  for (let level = 0; level < 20000; level++) deep = [deep];
  const layout = jsonSchemaToLayout({ type: 'object', properties: { j: {} } });
  assert.throws(() => normaliseRecord({ stream: 's', emitted_at: 5, data: { j: deep } }, { layout, generationId: 1, syncId: 2 }), RangeError);
  assert.throws(() => normaliseRecord({ stream: 's', emitted_at: 5, data: { k: deep } }, { layout, generationId: 1, syncId: 2 }), RangeError);
});

test('timestamps in UTC text take a shortcut that gives the text of the exact parse, valid or not', () => {
  const next = random(7);
  const digits = (count: number, max: number): string => String(Math.floor(next() * max)).padStart(count, '0');
  const slow = (value: string): string | undefined => {
    const micros = parseTimestampMicros(value);
    return micros === undefined ? undefined : formatTimestampMicros(micros);
  };
  const fixed = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z', '2023-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-13-01T00:00:00Z', '2024-00-01T00:00:00Z', '2024-01-00T00:00:00Z', '2024-01-01T00:00:00.Z', '2024-01-01T00:00:00.1234567Z'];
  for (let index = 0; index < 20000; index++) {
    const fraction = next() < 0.3 ? '' : `.${digits(1 + Math.floor(next() * 6), 10 ** 6).slice(0, 1 + Math.floor(next() * 6))}`;
    fixed.push(`${digits(4, 10000)}-${digits(2, 14)}-${digits(2, 33)}T${digits(2, 26)}:${digits(2, 62)}:${digits(2, 62)}${fraction}Z`);
  }
  let valid = 0;
  for (const value of fixed) {
    const expected = slow(value);
    assert.equal(normaliseTimestamp(value), expected, value);
    if (expected !== undefined) valid++;
  }
  assert.ok(valid > 5000 && valid < fixed.length - 2000, `valid ${valid} of ${fixed.length}`);
});
