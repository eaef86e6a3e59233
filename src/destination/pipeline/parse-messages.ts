import { parseExactJson } from '../../json/exact-json.js';
import { isJsonObject } from '../../json/json-value.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import { systemError } from '../../protocol/connector-error.js';
import { MAX_MESSAGE_BYTES, messageProblem, oversizedError } from './message-guards.js';

export { MAX_MESSAGE_BYTES } from './message-guards.js';

/**
 * Parses stdin lines into the messages a destination acts on: RECORD and
 * STATE. Blank lines and other message types (LOG, TRACE...) are skipped.
 * A line that is not JSON, or a RECORD/STATE without its required fields,
 * stops the sync with a system_error naming the line number: silently
 * skipping it could lose data or acknowledge a state too early. So does a
 * line above `MAX_MESSAGE_BYTES`, measured before it is parsed. The same
 * field checks guard message objects (`guardMessages`).
 */
export async function* parseMessages(lines: AsyncIterable<string>): AsyncGenerator<AirbyteMessage> {
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.length > MAX_MESSAGE_BYTES / 3 && Buffer.byteLength(line) > MAX_MESSAGE_BYTES) {
      throw oversizedError(`Input line ${lineNumber}`, Buffer.byteLength(line));
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
    const problem = messageProblem(value);
    if (problem !== undefined) throw systemError(`Input line ${lineNumber} is ${problem}, so the sync stopped.`);
    if (value['type'] === 'RECORD' || value['type'] === 'STATE') yield value as unknown as AirbyteMessage;
  }
}
