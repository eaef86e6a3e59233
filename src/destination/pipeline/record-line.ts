import { randomUUID } from 'node:crypto';
import { parseExactObject } from '../../json/exact-json.js';
import { isJsonObject, type JsonObject } from '../../json/json-value.js';

/**
 * Stands in for a record's data while the rest of its line is parsed: a
 * string with 122 random bits, drawn once per process, which no input can
 * hold except by guessing them, so a parsed line holds this value only
 * where it was put.
 */
const PLACEHOLDER = `espq-record-data-${randomUUID()}`;
const PLACEHOLDER_TOKEN = JSON.stringify(PLACEHOLDER);

/** Where a record's data starts: after this key (and any blanks). */
const DATA_KEY = '"data":';
/** Where it ends, in the member order Airbyte's CDKs and our source write: before the comma (and blanks) of the record's `emitted_at`. */
const EMITTED_AT_KEY = '"emitted_at"';

/** A RECORD line parsed in two parts: the message (its data parsed exactly) and the text of its data, as it stands in the line. */
export interface SplitRecordLine {
  readonly message: JsonObject;
  /** The JSON text of `message.record.data`: exactly the value parsed, blanks around it included. */
  readonly dataText: string;
}

/**
 * Parses a RECORD line whose data is followed by its `emitted_at`, keeping
 * the text of the data, so that a row whose data already fits its columns
 * is written from that text instead of serialising the parsed data again
 * (compile-row.ts). Undefined for any other line, which the caller parses
 * whole; the result is then the same values.
 *
 * The data's span is guessed from the keys around it and proven, not
 * trusted: the line with the span replaced by a placeholder string must
 * parse to a RECORD whose `record.data` is that placeholder, which holds
 * only when the span stands exactly where the record's (last) `data` value
 * does (the placeholder cannot be anywhere else: see `PLACEHOLDER`); and
 * the span itself must parse (exactly: integers beyond 2^53 as bigint) to
 * a JSON object. Both parses together read the line's bytes once, as one
 * parse of the whole line would.
 */
export function splitRecordLine(line: string): SplitRecordLine | undefined {
  const key = line.indexOf(DATA_KEY);
  if (key < 0) return undefined;
  const start = key + DATA_KEY.length;
  let end = line.lastIndexOf(EMITTED_AT_KEY) - 1;
  while (end > start && isBlank(line.charCodeAt(end))) end--;
  if (end <= start || line.charCodeAt(end) !== 0x2c) return undefined; // ,
  // Exactly, as the whole line was: an integer beyond 2^53 outside the data (an emitted_at) stays a bigint.
  const message = parseExactObject(line.slice(0, start) + PLACEHOLDER_TOKEN + line.slice(end));
  if (message === undefined || message['type'] !== 'RECORD') return undefined;
  const record = message['record'];
  if (!isJsonObject(record) || record['data'] !== PLACEHOLDER) return undefined;
  const dataText = line.slice(start, end);
  const data = parseExactObject(dataText);
  if (data === undefined) return undefined;
  record['data'] = data;
  return { message, dataText };
}

/** JSON's blanks inside a line: space, tab, carriage return. */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d;
}
