import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { parse as losslessParse, isSafeNumber } from 'lossless-json';
import type { JsonObject } from '../../src/json/json-value.js';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import { MessageWriter } from '../../src/protocol/message-writer.js';
import { ENCODED_LINE, type AirbyteMessage } from '../../src/protocol/messages.js';
import { parseResponseJson } from '../../src/source/elasticsearch/search-response-json.js';
import { hitToRecord } from '../../src/source/read/hit-to-record.js';
import { parseSearchResponse } from '../../src/source/read/search-response.js';
import { sourceTexts } from '../../src/source/read/source-spans.js';
import { compileConformer } from '../../src/source/schema/conform-record.js';
import { mappingToFieldTree } from '../../src/source/schema/mapping-to-field-tree.js';

function exact(text: string): unknown {
  return losslessParse(text, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : /^-?\d+$/.test(digits) ? BigInt(digits) : Number(digits)));
}

function page(sources: string[]): string {
  const hits = sources.map((source, index) => `{"_index":"logs","_id":"id\\"${index}","_score":null,"_source":${source},"sort":[${1700000000123456789n + BigInt(index)},"k}\\\\"]}`);
  return `{"pit_id":"p==","took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[${hits.join(',')}]}}`;
}

const conform = compileConformer(mappingToFieldTree({ properties: { n: { type: 'long' }, at: { type: 'date' }, o: { properties: { x: { type: 'keyword' } } } } } as JsonObject, () => false));

const SOURCES = [
  '{"n":18446744073709551615,"f":1.10,"s":"a \\"}\\" \\\\","u":"\\u00e9\\ud83d\\ude00","deep":{"a":[{"b":"]}"}]}}',
  '{}',
  '{ }',
  '{"at":"2024-01-02T03:04:05Z","o":{"x":"y"},"z":null}',
  '{\n  "n": 1,\r\n  "s": "pretty"\n}',
  '{"n":"42"}',
  '{"o.x":"dotted"}',
  '{"_id":"own","n":1}',
  '{"_index":"own"}',
];

test('sourceTexts finds each hit\'s _source text exactly, strings and escapes included; multi-line ones are left out', () => {
  const text = page(SOURCES);
  const texts = sourceTexts(text, SOURCES.length);
  assert.deepEqual(texts, SOURCES.map((source) => (/[\n\r]/.test(source) ? undefined : source)));
  assert.equal(sourceTexts(text, SOURCES.length + 1), undefined);
  assert.equal(sourceTexts(text, SOURCES.length - 1), undefined);
  assert.equal(sourceTexts('{"hits":{"hits":[{"_source":{"a":"unterminated}]}}', 1), undefined);
});

test('a record forwards its _source text only when conforming changed nothing, and its line is the same message', () => {
  const text = page(SOURCES);
  const hits = parseSearchResponse(parseResponseJson(text), 'logs').hits;
  const forwarded: boolean[] = [];
  for (const hit of hits) {
    const message = hitToRecord('logs', hit, 1700000000000, conform);
    assert.equal(message.type, 'RECORD');
    const line = message.type === 'RECORD' ? message[ENCODED_LINE] : undefined;
    forwarded.push(line !== undefined);
    if (line === undefined) continue;
    assert.doesNotMatch(line, /[\n\r]/);
    // The line and the message object carry the same values, exactly.
    assert.deepEqual(exact(line), exact(stringifyExactJson(message)));
  }
  assert.deepEqual(forwarded, [true, true, true, true, false, false, false, false, false]);
  const first = hits[0] === undefined ? undefined : hitToRecord('logs', { ...hits[0], source: { n: 1 }, sourceText: '{"n":1}' }, 5, conform);
  assert.equal(first?.type === 'RECORD' ? first[ENCODED_LINE] : undefined, '{"type":"RECORD","record":{"stream":"logs","data":{"n":1,"_id":"id\\"0","_index":"logs"},"emitted_at":5}}');
});

test('MessageWriter prints a record\'s encoded line instead of serialising it, one line each', async () => {
  let out = '';
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { out += chunk.toString(); done(); } });
  const writer = new MessageWriter(sink);
  const plain: AirbyteMessage = { type: 'RECORD', record: { stream: 's', data: { a: 1 }, emitted_at: 1 } };
  const encoded: AirbyteMessage = { type: 'RECORD', record: { stream: 's', data: { a: 1.0 }, emitted_at: 1 }, [ENCODED_LINE]: '{"type":"RECORD","record":{"stream":"s","data":{"a":1.0},"emitted_at":1}}' };
  await writer.write(plain);
  await writer.write(encoded);
  await writer.flush();
  assert.equal(out, '{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":1}}\n{"type":"RECORD","record":{"stream":"s","data":{"a":1.0},"emitted_at":1}}\n');
  assert.equal(JSON.stringify(encoded), JSON.stringify(plain), 'the line is invisible to JSON');
});

test('records built from a response without kept text are serialised as before', () => {
  const text = page(['{"n":1}']);
  const hits = parseSearchResponse(JSON.parse(text), 'logs').hits;
  assert.equal(hits[0]?.sourceText, undefined);
  const message = hits[0] === undefined ? undefined : hitToRecord('logs', hits[0], 1, conform);
  assert.equal(message?.type === 'RECORD' ? message[ENCODED_LINE] : 'none', undefined);
});
