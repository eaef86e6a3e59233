import { parseExactJson } from '../../json/exact-json.js';
import { isJsonObject } from '../../json/json-value.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import { dataTextOf } from '../../protocol/record-data-text.js';
import { systemError } from '../../protocol/connector-error.js';
import { MAX_INPUT_LINE_BYTES, lineTooLongError, messageProblem } from './message-guards.js';
import { splitRecordLine } from './record-line.js';

export { MAX_MESSAGE_BYTES } from './message-guards.js';

/**
 * A RECORD or STATE as it arrived: the message, and for input lines the
 * line itself (without its line ending), which is what a rejected record is
 * stored as, byte for byte (reject-record.ts). Message objects (`sync`) have
 * no text.
 */
export interface ReceivedMessage {
  readonly message: AirbyteMessage;
  readonly text: string | undefined;
  /** A RECORD line's data as it stands in the line (record-line.ts), when it could be told apart; its rows are written from it. */
  readonly dataText?: string | undefined;
}

/**
 * Parses stdin lines into the messages a destination acts on: RECORD and
 * STATE, each with its line. Blank lines and other message types (LOG,
 * TRACE...) are skipped. A line that is not JSON, or a RECORD/STATE without
 * its required fields, stops the sync with a system_error naming the line
 * number: silently skipping it could lose data or acknowledge a state too
 * early. So does a line above `MAX_INPUT_LINE_BYTES` (256 MB), measured
 * before it is parsed, or one too long for Node to hold as a string. A
 * record above 32 MB is not refused here: its row is fitted later
 * (fit-row.ts). The same field checks guard message objects (`guardMessages`).
 * A RECORD line comes with the text of its data where it can be told
 * apart (`splitRecordLine`), so that its row need not serialise it again.
 */
export async function* parseMessages(lines: AsyncIterable<string>): AsyncGenerator<ReceivedMessage> {
  let lineNumber = 0;
  const input = lines[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await input.next();
      } catch (error) {
        // readLines joins a line's pieces into one string: beyond Node's maximum string length that throws.
        if (error instanceof RangeError) throw lineTooLongError(`Input line ${lineNumber + 1}`, undefined);
        throw error;
      }
      if (next.done === true) return;
      const line = next.value;
      lineNumber++;
      if (line.length > MAX_INPUT_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_INPUT_LINE_BYTES) {
        throw lineTooLongError(`Input line ${lineNumber}`, Buffer.byteLength(line));
      }
      if (line.trim() === '') continue;
      // A RECORD is parsed in two parts where its data can be told apart, keeping the data's text; any other line whole.
      const split = splitRecordLine(line);
      let value: unknown = split?.message;
      if (split === undefined) {
        try {
          value = parseExactJson(line);
        } catch (error) {
          throw systemError(`Input line ${lineNumber} is not valid JSON, so the sync stopped: the source must print one Airbyte message per line.`, {
            internalMessage: (error as Error).message,
          });
        }
      }
      if (!isJsonObject(value)) throw systemError(`Input line ${lineNumber} is not an Airbyte message (a JSON object), so the sync stopped.`);
      const problem = messageProblem(value);
      if (problem !== undefined) throw systemError(`Input line ${lineNumber} is ${problem}, so the sync stopped.`);
      if (value['type'] === 'RECORD' || value['type'] === 'STATE') yield { message: value as unknown as AirbyteMessage, text: line, dataText: split?.dataText };
    }
  } finally {
    await input.return?.(undefined);
  }
}

/**
 * Message objects (`sync`, already guarded by `guardMessages`) as received
 * messages, without a line; a RECORD with the text of its data it carries
 * (record-data-text.ts), if any.
 */
export async function* receivedObjects(messages: AsyncIterable<AirbyteMessage>): AsyncGenerator<ReceivedMessage> {
  for await (const message of messages) yield { message, text: undefined, dataText: message.type === 'RECORD' ? dataTextOf(message.record) : undefined };
}
