import { isJsonObject, type JsonObject } from '../../json/json-value.js';
import { systemError, type ConnectorError } from '../../protocol/connector-error.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import { stateWithoutNulls } from '../../protocol/protocol-nulls.js';

/**
 * The largest message (one record) accepted, in bytes. Athena cannot read a
 * row above 32 MB, and DuckDB needs about three times a row's size in memory
 * to convert it (a 100 MB record ran out of the 320 MB cap), so a larger
 * record stops the sync with a clear error instead of a Parquet file no
 * query can read. Input lines are measured before they are parsed
 * (parse-messages.ts); message objects, which have no line, by the spool
 * line the record becomes (see `checkRowSize`).
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

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

/** The error that stops the sync when an input message or line is too large; `what` names it ("Input line 2"). */
export function oversizedError(what: string, bytes: number): ConnectorError {
  return systemError(
    `${what} is a message of ${(bytes / 1024 ** 2).toFixed(1)} MB, above the ${MAX_MESSAGE_BYTES / 1024 ** 2} MB this destination accepts per record (Athena cannot read rows above 32 MB), so the sync stopped: trim or exclude the oversized document at the source, then run the sync again from the last STATE.`,
  );
}

/**
 * The guard for messages that arrive as objects (`sync`, in one process):
 * yields the RECORD and STATE messages and skips every other type, like
 * `parseMessages` does for lines; a RECORD or STATE without its required
 * fields (see `messageProblem`) stops the sync with a system_error naming
 * the message's position. Sizes are checked later, on the spool line each
 * record becomes (`checkRowSize`), so that no record is serialised twice.
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

/**
 * For input without lines (`sync`): throws when the spool line of record
 * number `seq` (the row DuckDB reads and Athena must read back) is above
 * `MAX_MESSAGE_BYTES`. Cheap below a third of the cap, where no UTF-8 text
 * can reach it.
 */
export function checkRowSize(line: string, seq: number): void {
  if (line.length > MAX_MESSAGE_BYTES / 3) {
    const bytes = Buffer.byteLength(line);
    if (bytes > MAX_MESSAGE_BYTES) throw oversizedError(`Record ${seq} of the input`, bytes);
  }
}
