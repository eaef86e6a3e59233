import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRecordLine } from '../../../src/destination/pipeline/record-line.js';
import { parseExactJson, stringifyExactJson } from '../../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../../src/json/json-value.js';
import { seededRandom as random } from '../../support/seeded-random.js';

/** Either no split, or the split the whole line's exact parse proves right. */
function assertSplitRight(line: string): boolean {
  const split = splitRecordLine(line);
  if (split === undefined) return false;
  const whole = parseExactJson(line) as JsonObject;
  assert.deepStrictEqual(split.message, whole, `message of ${line}`);
  assert.deepStrictEqual(parseExactJson(split.dataText), (whole['record'] as JsonObject)['data'], `data text of ${line}`);
  assert.equal(line.includes(split.dataText), true);
  return true;
}

test('RECORD lines as our source, the Python CDK and the Java CDK write them are split, and the split is the whole parse', () => {
  const data = '{"id":1,"big":12345678901234567890,"s":"caf\\u00e9 \\/ \\"q\\" \\\\","n":[1.0,1e3,-0],"o":{"data":{"emitted_at":2}}}';
  const lines = [
    `{"type":"RECORD","record":{"stream":"t","data":${data},"emitted_at":1700000000000}}`,
    `{"type": "RECORD", "record": {"stream": "t", "data": ${data}, "emitted_at": 1700000000000}}`,
    `{"type":"RECORD","record":{"namespace":"n","stream":"t","data":  ${data}  ,  "emitted_at":1,"meta":{"changes":[]}}}`,
    `{"record":{"stream":"t","data":${data},"emitted_at":1},"type":"RECORD"}`,
    `{"type":"RECORD","record":{"stream":"t","data":{},"emitted_at":1}}`,
    `{"type":"RECORD","record":{"stream":"t","data":{"a":1,\r"b":2},"emitted_at":1}}\r`,
  ];
  for (const line of lines) assert.equal(assertSplitRight(line), true, `split: ${line}`);
  const split = splitRecordLine(lines[0] as string);
  assert.equal(split?.dataText, data, 'the data text is the line\'s own, escapes and number forms kept');
  assert.equal(((split?.message['record'] as JsonObject)['data'] as JsonObject)['big'], 12345678901234567890n);
});

test('lines whose data cannot be told apart by the keys around it are left to the whole parse', () => {
  const lines = [
    // emitted_at before data; data last
    '{"type":"RECORD","record":{"emitted_at":1,"stream":"t","data":{"a":1}}}',
    // the last "emitted_at" is inside data, after the record's own
    '{"type":"RECORD","record":{"emitted_at":1,"stream":"t","data":{"a":1,"emitted_at":2}}}',
    // the first "data": is in the stream's name, or in a string of data
    '{"type":"RECORD","record":{"stream":"\\"data\\":{\\"x\\":1},\\"emitted_at\\":3","data":{"a":1},"emitted_at":1}}',
    '{"type":"RECORD","record":{"stream":"t","data":{"s":"\\",\\"emitted_at\\":1}}"},"emitted_at":1}}',
    // the first "data" and the last "emitted_at" around another object, which parses
    '{"type":"RECORD","record":{"stream":"t","emitted_at":1,"meta":{"data":{"z":1},"emitted_at":3},"data":{"a":1}}}',
    '{"type":"RECORD","p":{"data":{"z":1},"emitted_at":3},"record":{"data":{"a":1},"stream":"t"}}',
    // a second data key: the last one counts, as JSON.parse reads it
    '{"type":"RECORD","record":{"stream":"t","data":{"a":1},"data":{"b":2},"emitted_at":1}}',
    // data that is not an object, or not JSON; other messages
    '{"type":"RECORD","record":{"stream":"t","data":[1],"emitted_at":1}}',
    '{"type":"RECORD","record":{"stream":"t","data":"x","emitted_at":1}}',
    '{"type":"RECORD","record":{"stream":"t","data":{"a":01},"emitted_at":1}}',
    '{"type":"RECORD","record":{"stream":"t","data":{"a":1}x,"emitted_at":1}}',
    '{"type":"STATE","state":{"data":{"a":1},"emitted_at":1}}',
    '{"type":"LOG","log":{"level":"INFO","message":"\\"data\\":{},\\"emitted_at\\":1"}}',
    '{"type":"RECORD","record":{"stream":"t","data":{"a":1},"emitted_at":1}',
  ];
  for (const line of lines) {
    let valid = true;
    try {
      JSON.parse(line);
    } catch {
      valid = false;
    }
    const split = splitRecordLine(line);
    if (split !== undefined) {
      assert.ok(valid, `an invalid line is never split: ${line}`);
      assertSplitRight(line);
    }
  }
  assert.equal(splitRecordLine(lines[6] as string), undefined, 'the first of two data keys is not taken for the data');
  for (const line of [lines[4], lines[5]] as string[]) assert.equal(splitRecordLine(line), undefined, `another object's data is not taken for the record's: ${line}`);
  for (const line of [lines[2], lines[3]] as string[]) assert.equal(assertSplitRight(line), true, `keys inside strings do not mislead the split: ${line}`);
});

test('random records in random layouts: every split is the whole parse, and the usual layouts are split', () => {
  const next = random(31);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const scalars: JsonValue[] = [null, true, 0, -1.5, 9007199254740993n, 'x', '"data":{', ',"emitted_at":1}}', '\\', 'é\u2028', '}', '{"emitted_at":'];
  const keys = ['data', 'emitted_at', 'stream', 'record', 'type', 'a', 'é'];
  const value = (depth: number): JsonValue => {
    const roll = next();
    if (depth > 0 && roll < 0.2) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth - 1));
    if (depth > 0 && roll < 0.45) return Object.fromEntries(keys.filter(() => next() < 0.3).map((key) => [key, value(depth - 1)]));
    return pick(scalars);
  };
  let split = 0;
  for (let index = 0; index < 3000; index++) {
    const data = Object.fromEntries(keys.filter(() => next() < 0.5).map((key) => [key, value(3)]));
    const record: JsonObject = { stream: pick(['t', 'data', '"data":', ',"emitted_at"']), data, emitted_at: 1700000000000 + index };
    if (next() < 0.2) record['namespace'] = 'n';
    const entries = Object.entries(record);
    // Mostly the protocol's order (data before emitted_at), sometimes shuffled.
    if (next() < 0.2) entries.sort(() => next() - 0.5);
    const spaced = next() < 0.3;
    const text = (item: JsonValue): string => (spaced ? stringifyExactJson(item).replace(/^\{/, '{ ') : stringifyExactJson(item));
    const recordText = `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${spaced ? ' ' : ''}${text(member as JsonValue)}`).join(spaced ? ', ' : ',')}}`;
    const line = `{"type":"RECORD","record":${recordText}}`;
    if (assertSplitRight(line)) split++;
  }
  assert.ok(split > 2000, `most lines are split (${split} of 3000)`);
});
