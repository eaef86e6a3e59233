/**
 * A source state that cannot be used names the key at fault, by its path
 * from the stream's stream_state, and the fields that disagree (found by the
 * property test, issue 14).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '../../src/protocol/connector-error.js';
import { parseStateInput } from '../../src/source/state/read-state-file.js';

const BLOB = { version: 1, stream: 'logs', sync_mode: 'full_refresh', read_mode: 'pit', status: 'in_progress', slice_max: 1, slices: [{ id: 0, done: false, search_after: ['1'] }] };
const stateOf = (blob: unknown, name = 'logs'): unknown => [{ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: blob } } }];

function refusal(input: unknown): string {
  try {
    parseStateInput(input, 'The --state file s.json');
  } catch (error) {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.failureType, 'config_error');
    return error.message;
  }
  assert.fail('the state was accepted');
}

test('the valid state is read', () => {
  assert.deepEqual(parseStateInput(stateOf(BLOB), 's.json').get('logs'), BLOB);
});

test('an unknown key in stream_state is named', () => {
  assert.equal(
    refusal(stateOf({ ...BLOB, positon: 3 })),
    'The --state file s.json, entry 1: the state of stream "logs" cannot be used (stream_state has an unknown key "positon"). Pass the STATE messages a previous read printed (or [] to start afresh).',
  );
});

test('an unknown key in a slice is named with its path', () => {
  assert.match(refusal(stateOf({ ...BLOB, slices: [{ id: 0, done: false, serach_after: ['1'] }] })), /cannot be used \(stream_state\.slices\[0\] has an unknown key "serach_after"\)/);
});

test('a missing key and a wrong value are named', () => {
  const { slice_max: _dropped, ...withoutSliceMax } = BLOB;
  assert.match(refusal(stateOf(withoutSliceMax)), /stream_state lacks the required key "slice_max"/);
  assert.match(refusal(stateOf({ ...BLOB, read_mode: 'scan' })), /stream_state\.read_mode must be one of "pit", "scroll", "search_after"/);
  assert.match(refusal(stateOf({ ...BLOB, slices: [{ id: -1, done: false }] })), /stream_state\.slices\[0\]\.id must be >= 0/);
});

test('a state filed under another stream names both fields', () => {
  assert.equal(
    refusal(stateOf({ ...BLOB, stream: 'y' }, 'x')),
    'The --state file s.json, entry 1: the state filed under stream_descriptor.name "x" was written for another stream (its stream_state.stream is "y"). Pass the STATE messages a previous read printed (or [] to start afresh).',
  );
});
