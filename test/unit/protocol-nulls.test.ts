/**
 * Null optional protocol fields count as absent, at the edge only: in the
 * catalog, in states and in the messages the destination reads, never inside
 * record data, stream schemas or state blobs. (End to end, with files written
 * by airbyte-cdk's own models: test/acceptance/airbyte-python-models.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../src/json/json-value.js';
import { messageProblem } from '../../src/destination/pipeline/message-guards.js';
import { parseConfiguredCatalog } from '../../src/protocol/parse-catalog.js';
import { stateMessageWithoutNulls } from '../../src/protocol/protocol-nulls.js';
import { parseStateInput } from '../../src/source/state/read-state-file.js';

const SCHEMA = { type: 'object', properties: { a: { type: ['null', 'string'], default: null, enum: [null, 'x'] } } };
const BLOB = { version: 1, stream: 's', sync_mode: 'incremental', read_mode: 'pit', status: 'done', slice_max: 1, slices: [{ id: 0, done: true, search_after: null }], context_id: null, cursor: { field: 't', value: '5', tiebreaker: null } };

test('a catalog with explicit nulls and unknown fields parses to one without nulls; the schema keeps its nulls', () => {
  const catalog = parseConfiguredCatalog(
    {
      streams: [
        {
          stream: { name: 's', json_schema: SCHEMA, supported_sync_modes: ['incremental'], namespace: null, source_defined_cursor: null, is_file_based: null, extra: 1 },
          sync_mode: 'incremental', destination_sync_mode: null, cursor_field: null, primary_key: null, generation_id: null, minimum_generation_id: null, sync_id: null, include_files: null,
        },
      ],
      extra: null,
    },
    'the catalog',
  );
  const [configured] = catalog.streams;
  assert.ok(configured !== undefined);
  assert.equal(configured.destination_sync_mode, 'append', 'a null destination_sync_mode is the default');
  for (const key of ['cursor_field', 'primary_key', 'generation_id', 'minimum_generation_id', 'sync_id']) assert.ok(!(key in configured), key);
  assert.ok(!('namespace' in configured.stream));
  assert.deepEqual(configured.stream.json_schema, SCHEMA);
  assert.equal((configured.stream as unknown as JsonObject)['extra'], 1);
});

test('a catalog whose required fields are null is still refused, naming them', () => {
  assert.throws(() => parseConfiguredCatalog({ streams: [{ stream: { name: null, json_schema: {} }, sync_mode: null }] }, 'the catalog'), /the catalog is not a valid configured catalog: .*(name|sync_mode)/);
});

test('states: bare or wrapped, explicit nulls count as absent; a null stream_state is no state', () => {
  const bare = { type: 'STREAM', stream: { stream_descriptor: { name: 's', namespace: null }, stream_state: BLOB, extra: 1 }, global: null, data: null, sourceStats: null, destinationStats: null };
  const wrapped = { type: 'STATE', log: null, record: null, state: bare };
  for (const input of [[bare], [wrapped], bare]) {
    const states = parseStateInput(input, 'the state');
    const { context_id: _dropped, ...rest } = BLOB;
    assert.deepEqual(states.get('s'), { ...rest, slices: [{ id: 0, done: true }], cursor: { field: 't', value: '5' } });
  }
  assert.equal(parseStateInput([{ ...bare, stream: { stream_descriptor: { name: 's' }, stream_state: null } }], 'the state').size, 0);
  assert.deepEqual(stateMessageWithoutNulls(bare), { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's' }, stream_state: BLOB, extra: 1 } } });
  assert.deepEqual(stateMessageWithoutNulls(wrapped), stateMessageWithoutNulls(bare));
  assert.equal(stateMessageWithoutNulls('junk'), undefined);
});

test('the destination guard removes null optional fields of a RECORD and a STATE, and leaves record data alone', () => {
  const record: JsonObject = { type: 'RECORD', log: null, record: { stream: 's', namespace: null, meta: null, data: { a: null }, emitted_at: 1 } };
  assert.equal(messageProblem(record), undefined);
  assert.deepEqual(record['record'], { stream: 's', data: { a: null }, emitted_at: 1 });
  const state: JsonObject = { type: 'STATE', log: null, record: null, state: { type: 'STREAM', stream: { stream_descriptor: { name: 's', namespace: null }, stream_state: { x: null } }, sourceStats: null, global: null } };
  assert.equal(messageProblem(state), undefined);
  assert.deepEqual(state, { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's' }, stream_state: { x: null } } } });
  assert.match(messageProblem({ type: 'RECORD', record: { stream: 's', namespace: 3, data: {}, emitted_at: 1 } }) ?? '', /namespace is not a string/);
});
