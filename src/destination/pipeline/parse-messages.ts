import { parseExactJson } from '../../json/exact-json.js';
import { isJsonObject } from '../../json/json-value.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import { systemError } from '../../protocol/connector-error.js';

/**
 * The largest input line (one message) accepted, in bytes. Athena cannot
 * read a row above 32 MB, and DuckDB needs about three times a row's size in
 * memory to convert it (a 100 MB record ran out of the 320 MB cap), so a
 * larger record stops the sync with a clear error instead of a Parquet file
 * no query can read.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * Parses stdin lines into the messages a destination acts on: RECORD and
 * STATE. Blank lines and other message types (LOG, TRACE...) are skipped.
 * A line that is not JSON, or a RECORD/STATE without its required fields,
 * stops the sync with a system_error naming the line number: silently
 * skipping it could lose data or acknowledge a state too early. So does a
 * line above `MAX_MESSAGE_BYTES`.
 */
export async function* parseMessages(lines: AsyncIterable<string>): AsyncGenerator<AirbyteMessage> {
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.length > MAX_MESSAGE_BYTES / 3 && Buffer.byteLength(line) > MAX_MESSAGE_BYTES) {
      throw systemError(
        `Input line ${lineNumber} is a message of ${(Buffer.byteLength(line) / 1024 ** 2).toFixed(1)} MB, above the ${MAX_MESSAGE_BYTES / 1024 ** 2} MB this destination accepts per record (Athena cannot read rows above 32 MB), so the sync stopped: trim or exclude the oversized document at the source, then run the sync again from the last STATE.`,
      );
    }
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = parseExactJson(line);
    } catch (error) {
      throw systemError(`Input line ${lineNumber} is not valid JSON, so the sync stopped: the source must print one Airbyte message per line.`, {
        internalMessage: (error as Error).message,
      });
    }
    if (!isJsonObject(value)) throw systemError(`Input line ${lineNumber} is not an Airbyte message (a JSON object), so the sync stopped.`);
    if (value['type'] === 'RECORD') {
      const record = value['record'];
      if (!isJsonObject(record) || typeof record['stream'] !== 'string' || !isJsonObject(record['data']) || typeof record['emitted_at'] !== 'number') {
        throw systemError(`Input line ${lineNumber} is a RECORD without stream, data (an object) and emitted_at (a number), so the sync stopped.`);
      }
      if (record['namespace'] !== undefined && record['namespace'] !== null && typeof record['namespace'] !== 'string') {
        throw systemError(`Input line ${lineNumber} is a RECORD whose namespace is not a string, so the sync stopped.`);
      }
      yield value as unknown as AirbyteMessage;
    } else if (value['type'] === 'STATE') {
      if (!isJsonObject(value['state'])) throw systemError(`Input line ${lineNumber} is a STATE without a state object, so the sync stopped.`);
      yield value as unknown as AirbyteMessage;
    }
  }
}
