/**
 * A STATE is echoed as received once its records are stored, so one that is
 * not a valid AirbyteStateMessage (per the Airbyte protocol) is refused
 * before it can break the protocol downstream (found by the property test,
 * issue 14); valid ones of every type pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/json/json-value.js';
import { messageProblem } from '../../../src/destination/pipeline/message-guards.js';
import { parseMessages } from '../../../src/destination/pipeline/parse-messages.js';
import { ConnectorError } from '../../../src/protocol/connector-error.js';

const stateMessage = (state: JsonObject): JsonObject => ({ type: 'STATE', state });
const descriptor = { name: 's', namespace: 'ns' };

test('valid STATE messages of each type pass', () => {
  const valid: JsonObject[] = [
    { type: 'STREAM', stream: { stream_descriptor: descriptor, stream_state: { position: 0 } } },
    { type: 'STREAM', stream: { stream_descriptor: { name: 's' } }, sourceStats: { recordCount: 2.0 } },
    { type: 'GLOBAL', global: { shared_state: { lsn: 1 }, stream_states: [{ stream_descriptor: descriptor, stream_state: {} }] } },
    { type: 'GLOBAL', global: { stream_states: [] } },
    { type: 'LEGACY', data: { any: 'thing' } },
    { data: { any: 'thing' } },
    { type: 'STREAM', stream: { stream_descriptor: descriptor, extra: 1 }, extra: true },
  ];
  for (const state of valid) assert.equal(messageProblem(stateMessage(state)), undefined, JSON.stringify(state));
});

test('invalid STATE messages are refused, naming what is wrong', () => {
  const invalid: Array<[JsonObject, RegExp]> = [
    [{ type: 'STREAM', stream: { stream_state: { position: 0 } } }, /^a STATE whose stream has no stream_descriptor object \(see the Airbyte protocol's AirbyteStateMessage\), which cannot be echoed$/],
    [{ type: 'STREAM', stream: { stream_descriptor: {} } }, /stream has no stream_descriptor\.name string/],
    [{ type: 'STREAM', stream: { stream_descriptor: { name: 's', namespace: 3 } } }, /stream_descriptor\.namespace that is not a string/],
    [{ type: 'STREAM', stream: { stream_descriptor: descriptor, stream_state: [1] } }, /stream_state that is not an object/],
    [{ type: 'STREAM' }, /type is STREAM but has no stream/],
    [{ type: 'STREAM', stream: 'x' }, /stream is not an object/],
    [{ type: 'GLOBAL' }, /type is GLOBAL but has no global/],
    [{ type: 'GLOBAL', global: { shared_state: {} } }, /global has no stream_states array/],
    [{ type: 'GLOBAL', global: { shared_state: 1, stream_states: [] } }, /global\.shared_state is not an object/],
    [{ type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: descriptor }, { stream_state: {} }] } }, /global\.stream_states\[1\] has no stream_descriptor object/],
    [{ type: 'PER_STREAM', stream: { stream_descriptor: descriptor } }, /type "PER_STREAM" is not one of STREAM, GLOBAL, LEGACY/],
    [{ type: 'LEGACY', data: 'x' }, /data is not an object/],
    [{ type: 'STREAM', stream: { stream_descriptor: descriptor }, destinationStats: { recordCount: '2' } }, /destinationStats\.recordCount is not a number/],
  ];
  for (const [state, expected] of invalid) assert.match(messageProblem(stateMessage(state)) ?? 'accepted', expected, JSON.stringify(state));
});

test('null optional fields are removed before the state is judged', () => {
  const message = stateMessage({ type: 'STREAM', stream: { stream_descriptor: { name: 's', namespace: null }, stream_state: null }, global: null, data: null });
  assert.equal(messageProblem(message), undefined);
  assert.deepEqual(message, { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's' } } } });
});

test('write refuses the STATE without stream_descriptor with an error naming its input line', async () => {
  async function* lines(): AsyncGenerator<string> {
    yield '{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1}}';
    yield '{"type":"STATE","state":{"type":"STREAM","stream":{"stream_state":{"position":0}}}}';
  }
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const received of parseMessages(lines())) seen.push(received.message.type);
    })(),
    (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.failureType, 'system_error');
      assert.equal(error.message, "Input line 2 is a STATE whose stream has no stream_descriptor object (see the Airbyte protocol's AirbyteStateMessage), which cannot be echoed, so the sync stopped.");
      return true;
    },
  );
  assert.deepEqual(seen, ['RECORD']);
});
