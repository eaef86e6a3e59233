import { isJsonObject, type JsonObject } from '../../json/json-value.js';
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
 * (object). Other message types are not checked. A handful of type checks:
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
  }
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
