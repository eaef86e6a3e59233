/**
 * Message streams for the destination's `write`: a valid stream of RECORDs
 * and STATEs with one bad or unexpected line (malformed, truncated,
 * oversized, deep, of an unknown type, for an unknown stream...), and the
 * check that nothing acknowledged is lost: every record sent before an
 * echoed STATE is in the Parquet objects written.
 */
import fc from 'fast-check';
import type { JsonObject } from '../../src/json/json-value.js';
import { CONTROL_CHARACTERS } from './json-mutations.js';

/** The schema of the test stream `s` (and of `t`, the second stream). */
export const WRITE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    run: { type: 'string' },
    name: { type: ['null', 'string'] },
    at: { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
    amount: { type: ['null', 'number'] },
    tags: { type: ['null', 'array'], items: { type: 'string' } },
    nested: { type: ['null', 'object'], properties: { level: { type: ['null', 'integer'] } }, additionalProperties: true },
  },
} as const;

export function writeCatalog(): JsonObject {
  const stream = (name: string): JsonObject => ({
    stream: { name, namespace: 'prop', json_schema: JSON.parse(JSON.stringify(WRITE_SCHEMA)) as JsonObject, supported_sync_modes: ['full_refresh', 'incremental'] },
    sync_mode: 'full_refresh',
    destination_sync_mode: 'append',
    primary_key: [['id']],
  });
  return { streams: [stream('s'), stream('t')] };
}

/** One input line; `id` marks a valid record whose row must reach S3 once a later STATE is echoed. */
export interface InputLine {
  bytes: Buffer;
  id?: number;
  stream?: string;
  /** The STATE's JSON (for valid STATE lines). */
  state?: JsonObject;
  /** The line the mutation made (line numbers count from 1). */
  mutated?: boolean;
}

export function recordJson(run: string, stream: string, id: number, extra: JsonObject = {}): JsonObject {
  return { type: 'RECORD', record: { stream, namespace: 'prop', emitted_at: 1_700_000_000_000 + id, data: { id, run, name: `row ${id}`, at: '2024-05-01T10:00:00Z', amount: id / 4, tags: ['a', 'b'], nested: { level: 1 }, ...extra } } };
}

export function stateJson(stream: string, position: number): JsonObject {
  return { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: stream, namespace: 'prop' }, stream_state: { position } } } };
}

const line = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** A STATE the protocol accepts: STREAM with a stream_descriptor name, GLOBAL, or LEGACY data. */
function validStateShape(message: JsonObject): boolean {
  const state = message['state'] as JsonObject | undefined;
  if (state === undefined) return false;
  const stream = state['stream'] as JsonObject | undefined;
  return state['type'] === 'GLOBAL' || (state['type'] === undefined && state['data'] !== undefined) || typeof (stream?.['stream_descriptor'] as JsonObject | undefined)?.['name'] === 'string';
}

/** A valid stream: `count` records over streams s and t with a STATE after every `every` records and at the end. */
export function baseLines(run: string, count: number, every: number): InputLine[] {
  const lines: InputLine[] = [];
  for (let id = 1; id <= count; id++) {
    const stream = id % 3 === 0 ? 't' : 's';
    lines.push({ bytes: line(recordJson(run, stream, id)), id, stream });
    if (id % every === 0 || id === count) {
      const state = stateJson(stream, id);
      lines.push({ bytes: line(state), state });
    }
  }
  return lines;
}

/** A bad or unexpected line (or change to the stream) and where it goes. */
export interface StreamMutation {
  kind: string;
  /** Makes the replacement lines from a valid record line of the same position (`id` is a fresh record id). */
  make: (run: string, id: number, original: Buffer) => InputLine[];
  /** Whether the mutation replaces the line at the position (true) or is inserted before it. */
  replace: boolean;
}

const bad = (bytes: Buffer | string): InputLine => ({ bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), mutated: true });
/** A valid record that must be stored like any other (its values may be odd, but it is a record). */
const kept = (run: string, id: number, extra: JsonObject, stream = 's'): InputLine => ({ bytes: line(recordJson(run, stream, id, extra)), id, stream, mutated: true });

export function streamMutations(): fc.Arbitrary<StreamMutation> {
  const malformed = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((text): StreamMutation => ({ kind: `garbage line ${JSON.stringify(text)}`, replace: false, make: () => [bad(text.replace(/\n/g, ' '))] })),
    fc.double({ min: 0.05, max: 0.95, noNaN: true }).map((fraction): StreamMutation => ({ kind: `record truncated at ${Math.round(fraction * 100)}%`, replace: true, make: (_run, _id, original) => [bad(original.subarray(0, Math.max(1, Math.floor(original.length * fraction))))] })),
    fc.constantFrom(
      ['invalid UTF-8 in a value', Buffer.from([0xff, 0xfe, 0x80])],
      ['a NUL byte outside strings', Buffer.from([0x00])],
    ).map(([kind, bytes]): StreamMutation => ({ kind: String(kind), replace: true, make: (_run, _id, original) => [bad(Buffer.concat([original.subarray(0, original.length - 30), bytes as Buffer, original.subarray(original.length - 30)]))] })),
    fc.constantFrom('[]', '[1,2]', '42', '"RECORD"', 'null', 'true', '{}', '{"type":null}', '{"type":"RECORD"}', '{"type":"STATE"}', '{"type": "RECORD", "record": {').map((text): StreamMutation => ({ kind: `line ${text}`, replace: false, make: () => [bad(text)] })),
  );
  const framing = fc.constantFrom<StreamMutation>(
    { kind: 'empty line', replace: false, make: () => [bad('')] },
    { kind: 'blank line', replace: false, make: () => [bad('   \t ')] },
    { kind: 'CRLF line ending', replace: true, make: (run, id, original) => [{ bytes: Buffer.concat([original, Buffer.from('\r')]), id, stream: 's', mutated: true }] },
    { kind: 'byte order mark before a record', replace: true, make: (_run, _id, original) => [bad(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]))] },
    { kind: 'record padded with 2 MB of spaces', replace: true, make: (run, id, original) => [{ bytes: Buffer.concat([Buffer.alloc(2 * 1024 * 1024, ' '), original]), id, stream: 's', mutated: true }] },
  );
  const unexpected = fc.constantFrom<[string, unknown]>(
    ['a message of an unknown type', { type: 'BANANA', banana: {} }],
    ['a LOG message', { type: 'LOG', log: { level: 'INFO', message: 'hello' } }],
    ['a TRACE error message', { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'source failed', failure_type: 'system_error' } } }],
    ['a CONTROL message', { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: 1, connectorConfig: { config: {} } } }],
    ['a SPEC message', { type: 'SPEC', spec: { connectionSpecification: {} } }],
    ['a CATALOG message', { type: 'CATALOG', catalog: { streams: [] } }],
    ['a RECORD of an unknown stream', { type: 'RECORD', record: { stream: 'nope', namespace: 'prop', data: { id: 0 }, emitted_at: 1 } }],
    ['a RECORD without namespace', { type: 'RECORD', record: { stream: 's', data: { id: 0 }, emitted_at: 1 } }],
    ['a RECORD without data', { type: 'RECORD', record: { stream: 's', namespace: 'prop', emitted_at: 1 } }],
    ['a RECORD whose data is an array', { type: 'RECORD', record: { stream: 's', namespace: 'prop', data: [1, 2], emitted_at: 1 } }],
    ['a RECORD whose data is null', { type: 'RECORD', record: { stream: 's', namespace: 'prop', data: null, emitted_at: 1 } }],
    ['a RECORD whose emitted_at is a string', { type: 'RECORD', record: { stream: 's', namespace: 'prop', data: { id: 0 }, emitted_at: 'now' } }],
    ['a RECORD without emitted_at', { type: 'RECORD', record: { stream: 's', namespace: 'prop', data: { id: 0 } } }],
    ['a RECORD whose stream is a number', { type: 'RECORD', record: { stream: 5, namespace: 'prop', data: { id: 0 }, emitted_at: 1 } }],
    ['a RECORD without record', { type: 'RECORD' }],
    ['a STATE of type GLOBAL', { type: 'STATE', state: { type: 'GLOBAL', global: { shared_state: {}, stream_states: [] } } }],
    ['a LEGACY STATE', { type: 'STATE', state: { data: { cursor: 1 } } }],
    ['a STATE of an unknown stream', { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'nope', namespace: 'prop' }, stream_state: { position: 0 } } } }],
    ['a STATE without stream_descriptor', { type: 'STATE', state: { type: 'STREAM', stream: { stream_state: { position: 0 } } } }],
    ['a STATE with a null stream_state', { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's', namespace: 'prop' }, stream_state: null } } }],
    ['a STATE without state', { type: 'STATE' }],
  ).map(([kind, message]): StreamMutation => ({
    kind,
    replace: false,
    // A STATE that is valid protocol may be echoed (once its records are stored), or refused.
    make: () => [{ ...bad(JSON.stringify(message)), ...((message as JsonObject)['type'] === 'STATE' && validStateShape(message as JsonObject) ? { state: message as JsonObject } : {}) }],
  }));
  const oddRecords = fc.oneof(
    fc.constantFrom<[string, JsonObject]>(
      ['values of the wrong types', { name: 7, at: 'yesterday', amount: 'lots', tags: 'x', nested: [1] }],
      ['id as a string', { id: 'seven' } as JsonObject],
      ['an extra top-level field', { surprise: { deep: [1, { x: null }] } }],
      ['keys with control characters', { 'we\u0000ird': 1, 'new\nline': 2, '': 3 }],
      ['a number beyond 2^64', { amount: 1e300 }],
      ['a date far out of range', { at: '+275760-09-13T00:00:00Z' }],
      ['a record with 20000 fields', Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, i]))],
    ).map(([kind, extra]): StreamMutation => ({ kind: `a RECORD with ${kind}`, replace: true, make: (run, id) => [extra['id'] === undefined ? kept(run, id, extra) : bad(JSON.stringify(recordJson(run, 's', id, extra)))] })),
    fc.tuple(fc.constantFrom(...CONTROL_CHARACTERS), fc.constantFrom('name', 'run')).map(([character, field]): StreamMutation => ({ kind: `a RECORD with ${JSON.stringify(character)} in ${field}`, replace: true, make: (run, id) => [field === 'name' ? kept(run, id, { name: `a${character}b` }) : bad(JSON.stringify(recordJson(`${run}${character}`, 's', id)))] })),
    fc.constantFrom(1, 2, 4).map((megabytes): StreamMutation => ({ kind: `a RECORD with a ${megabytes} MB string`, replace: true, make: (run, id) => [kept(run, id, { name: 'N'.repeat(megabytes * 1024 * 1024) })] })),
    fc.constantFrom(100, 1000, 5000).map(deepRecordMutation),
  );
  const stateEchoes = fc.constant<StreamMutation>({ kind: 'a STATE repeated', replace: false, make: () => [{ bytes: line(stateJson('s', -1)), state: stateJson('s', -1), mutated: true }, { bytes: line(stateJson('s', -1)), state: stateJson('s', -1), mutated: true }] });
  return fc.oneof({ arbitrary: malformed, weight: 3 }, { arbitrary: framing, weight: 1 }, { arbitrary: unexpected, weight: 3 }, { arbitrary: oddRecords, weight: 3 }, { arbitrary: stateEchoes, weight: 1 });
}

export interface StreamCase {
  run: string;
  lines: InputLine[];
  kind: string;
  /** 1-based number of the first mutated line. */
  at: number;
  toString(): string;
}

/** A valid stream of `count` records with one mutation at one of its record lines. */
export function streamCases(run: () => string): fc.Arbitrary<StreamCase> {
  return fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 2, max: 4 }), fc.nat(), streamMutations()).map(([count, every, where, mutation]) => buildStreamCase(run(), count, every, where, mutation));
}

/** The stream of `count` records (STATE every `every`) with `mutation` at its `where`-th record line. */
export function buildStreamCase(name: string, count: number, every: number, where: number, mutation: StreamMutation): StreamCase {
  {
    const lines = baseLines(name, count, every);
    const recordPositions = lines.flatMap((entry, index) => (entry.id === undefined ? [] : [index]));
    const position = recordPositions[where % recordPositions.length]!;
    const original = lines[position]!;
    const replacement = mutation.make(name, original.id ?? 0, original.bytes);
    lines.splice(position, mutation.replace ? 1 : 0, ...replacement);
    return {
      run: name,
      lines,
      kind: mutation.kind,
      at: position + 1,
      toString: () => `write stream of ${count} records (STATE every ${every}), line ${position + 1}: ${mutation.kind}`,
    };
  }
}

/** A record nested `depth` levels deep (issue 14), kept like any record. */
export function deepRecordMutation(depth: number): StreamMutation {
  // Written as text: JSON.stringify of 5,000 levels overflows this process's stack too.
  const nested = `${'{"inner":'.repeat(depth)}{"level":${depth}}${'}'.repeat(depth)}`;
  return {
    kind: `a RECORD nested ${depth} levels deep`,
    replace: true,
    make: (run, id) => {
      const text = JSON.stringify(recordJson(run, 's', id, { nested: '@NESTED@' }));
      return [{ bytes: Buffer.from(text.replace('"@NESTED@"', nested)), id, stream: 's', mutated: true }];
    },
  };
}

/** The input bytes: each line and a newline. */
export function inputOf(lines: readonly InputLine[]): Buffer[] {
  return lines.flatMap((entry) => [entry.bytes, Buffer.from('\n')]);
}
