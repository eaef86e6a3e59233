import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { systemError, type ConnectorError } from '../../protocol/connector-error.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import { stateWithoutNulls } from '../../protocol/protocol-nulls.js';

/**
 * The largest row written, in bytes of its spool line (the row DuckDB reads
 * and Athena must read back). Athena cannot read a row above 32 MB, and
 * DuckDB needs about three times a row's size in memory to convert it (a
 * 100 MB record ran out of the 320 MB cap). A record whose row would be
 * larger is kept with its largest values nulled until it fits (see
 * fit-row.ts), and the record as received goes whole to a rejected-records
 * object (reject-record.ts): the sync goes on and nothing is lost.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * The longest input line read, in bytes: 256 MB. Each line is held in memory
 * as a string while its record is parsed, fitted and its original stored (a
 * few times its size in all), and Node cannot hold a string of more than
 * about 512 MB at all. A longer line stops the sync with a clear error
 * before it is parsed.
 */
export const MAX_INPUT_LINE_BYTES = 256 * 1024 * 1024;

/**
 * What is wrong with a RECORD or STATE message (as a phrase completing
 * "Input line 3 is ..."), or undefined when it has the fields the
 * destination relies on: a RECORD's stream (string), data (object),
 * emitted_at (number) and optional namespace (string), a STATE's state
 * (an object valid per the protocol's AirbyteStateMessage, see
 * `stateProblem`, since it is echoed). Other message types are not checked. A handful of type checks:
 * it runs once per record. Null optional fields (as Airbyte's Python models
 * write them) are removed from the message in place, so the pipeline and
 * the echoed STATE never carry them: a RECORD's namespace and meta, and a
 * STATE message's own null fields and those of its state (`stateWithoutNulls`).
 */
export function messageProblem(message: JsonObject): string | undefined {
  if (message['type'] === 'RECORD') {
    const record = message['record'];
    if (!isJsonObject(record) || typeof record['stream'] !== 'string' || !isJsonObject(record['data']) || typeof record['emitted_at'] !== 'number') {
      return 'a RECORD without stream, data (an object) and emitted_at (a number)';
    }
    if (record['namespace'] === null) delete record['namespace'];
    if (record['meta'] === null) delete record['meta'];
    if (record['namespace'] !== undefined && typeof record['namespace'] !== 'string') return 'a RECORD whose namespace is not a string';
  } else if (message['type'] === 'STATE') {
    if (!isJsonObject(message['state'])) return 'a STATE without a state object';
    // The STATE is echoed as received: no null may travel with it (`"log": null` is no valid message).
    for (const key of Object.keys(message)) if (message[key] === null) delete message[key];
    message['state'] = stateWithoutNulls(message['state']);
    const problem = stateProblem(message['state']);
    if (problem !== undefined) return `a STATE whose ${problem} (see the Airbyte protocol's AirbyteStateMessage), which cannot be echoed`;
  }
  return undefined;
}

const STATE_TYPES = new Set(['STREAM', 'GLOBAL', 'LEGACY']);

/**
 * What makes an AirbyteStateMessage (nulls already removed) invalid per the
 * Airbyte protocol, as a phrase completing "a STATE whose ...", or undefined.
 * The STATE is echoed as received once its records are stored, so an
 * invalid one would break the protocol downstream. Checked: `type` (one of
 * the enum), the field its type needs (`stream` for STREAM, `global` for
 * GLOBAL), and the shapes of `stream` (a `stream_descriptor` with a string
 * `name`, optional string `namespace`, optional object `stream_state`),
 * `global` (`stream_states`, an array of such stream states; optional
 * object `shared_state`), `data` and the stats objects, wherever present.
 * States are rare: the cost does not matter.
 */
function stateProblem(state: JsonObject): string | undefined {
  const type = state['type'];
  if (type !== undefined && (typeof type !== 'string' || !STATE_TYPES.has(type))) return `type ${JSON.stringify(type)} is not one of STREAM, GLOBAL, LEGACY`;
  if (type === 'STREAM' && state['stream'] === undefined) return 'type is STREAM but has no stream';
  if (type === 'GLOBAL' && state['global'] === undefined) return 'type is GLOBAL but has no global';
  if (state['stream'] !== undefined) {
    const problem = streamStateProblem(state['stream']);
    if (problem !== undefined) return `stream ${problem}`;
  }
  const global = state['global'];
  if (global !== undefined) {
    if (!isJsonObject(global)) return 'global is not an object';
    if (global['shared_state'] !== undefined && !isJsonObject(global['shared_state'])) return 'global.shared_state is not an object';
    const streamStates = global['stream_states'];
    if (!Array.isArray(streamStates)) return 'global has no stream_states array';
    for (const [index, entry] of streamStates.entries()) {
      const problem = streamStateProblem(entry);
      if (problem !== undefined) return `global.stream_states[${index}] ${problem}`;
    }
  }
  if (state['data'] !== undefined && !isJsonObject(state['data'])) return 'data is not an object';
  for (const stats of ['sourceStats', 'destinationStats']) {
    const value = state[stats];
    if (value === undefined) continue;
    if (!isJsonObject(value)) return `${stats} is not an object`;
    for (const count of ['recordCount', 'rejectedRecordCount']) {
      if (value[count] !== undefined && typeof value[count] !== 'number') return `${stats}.${count} is not a number`;
    }
  }
  return undefined;
}

/** What makes an AirbyteStreamState invalid, as a phrase completing "stream ...", or undefined. */
function streamStateProblem(value: JsonValue | undefined): string | undefined {
  if (!isJsonObject(value)) return 'is not an object';
  const descriptor = value['stream_descriptor'];
  if (!isJsonObject(descriptor)) return 'has no stream_descriptor object';
  if (typeof descriptor['name'] !== 'string') return 'has no stream_descriptor.name string';
  if (descriptor['namespace'] !== undefined && typeof descriptor['namespace'] !== 'string') return 'has a stream_descriptor.namespace that is not a string';
  if (value['stream_state'] !== undefined && !isJsonObject(value['stream_state'])) return 'has a stream_state that is not an object';
  return undefined;
}

/** The error that stops the sync when an input line is longer than `MAX_INPUT_LINE_BYTES`; `what` names it ("Input line 2"). */
export function lineTooLongError(what: string, bytes: number | undefined): ConnectorError {
  const size = bytes === undefined ? 'longer than Node.js can hold in one string (about 512 MB)' : `a message of ${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return systemError(
    `${what} is ${size}, above the ${MAX_INPUT_LINE_BYTES / 1024 ** 2} MB this destination reads per line, so the sync stopped: trim or exclude the oversized document at the source (records up to that size are written with their largest values nulled above ${MAX_MESSAGE_BYTES / 1024 ** 2} MB, the original kept in the stream's _airbyte_rejected/ directory), then run the sync again from the last STATE.`,
  );
}

/**
 * The guard for messages that arrive as objects (`sync`, in one process):
 * yields the RECORD and STATE messages and skips every other type, like
 * `parseMessages` does for lines; a RECORD or STATE without its required
 * fields (see `messageProblem`) stops the sync with a system_error naming
 * the message's position. Sizes are checked later, on the spool line each
 * record becomes (fit-row.ts), so that no record is serialised twice.
 */
export async function* guardMessages(messages: AsyncIterable<AirbyteMessage>): AsyncGenerator<AirbyteMessage> {
  let position = 0;
  for await (const message of messages) {
    position++;
    if (message.type !== 'RECORD' && message.type !== 'STATE') continue;
    const problem = messageProblem(message as unknown as JsonObject);
    if (problem !== undefined) throw systemError(`Input message ${position} is ${problem}, so the sync stopped.`);
    yield message;
  }
}
