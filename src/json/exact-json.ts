import { parse as losslessParse, stringify as losslessStringify, isSafeNumber } from 'lossless-json';
import type { JsonObject, JsonValue } from './json-value.js';

const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** Runs of this many digits or more may be integers beyond 2^53 (2^53 itself has 16). */
const LONG_DIGITS = 16;
/** Magnitudes from which a parsed double may have lost digits of an integer. */
const UNSAFE_MAGNITUDE = 2 ** 53;

function isDigit(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Whether the digit run `text[start, end)` stands where a JSON number does:
 * after `:`, `[` or `,` (then blanks and an optional minus sign) and before
 * blanks and `,`, `]` or `}`, or at either end of the text (a bare number).
 */
function inNumberPosition(text: string, start: number, end: number): boolean {
  let before = start - 1;
  if (before >= 0 && text.charCodeAt(before) === 0x2d) before--;
  while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
  const opener = before < 0 ? 0x5b : text.charCodeAt(before);
  if (opener !== 0x3a && opener !== 0x5b && opener !== 0x2c) return false;
  let after = end;
  while (after < text.length && isJsonSpace(text.charCodeAt(after))) after++;
  if (after >= text.length) return true;
  const closer = text.charCodeAt(after);
  return closer === 0x2c || closer === 0x5d || closer === 0x7d;
}

/**
 * Calls `found(start, end)` for each run of 16 or more digits that stands
 * where a JSON number does (see `inNumberPosition`), in text order, until it
 * returns true. Such a number might be an integer beyond 2^53; every one in
 * the text is found (digit runs inside strings that look like that, such as
 * `"a:1234567890123456,"`, are found too). It probes every 16th character
 * and looks closer only at digits, so text with few long digit runs costs a
 * fraction of a regular expression's scan.
 */
export function scanLongIntegers(text: string, found: (start: number, end: number) => boolean): void {
  const length = text.length;
  let probe = LONG_DIGITS - 1;
  while (probe < length) {
    if (!isDigit(text, probe)) {
      probe += LONG_DIGITS;
      continue;
    }
    let start = probe;
    while (start > 0 && isDigit(text, start - 1)) start--;
    let end = probe + 1;
    while (end < length && isDigit(text, end)) end++;
    if (end - start >= LONG_DIGITS && inNumberPosition(text, start, end) && found(start, end)) return;
    // text[end] is no digit: a run of 16 after it covers end + 16.
    probe = end + LONG_DIGITS;
  }
}

/**
 * Whether the text has a JSON integer beyond 2^53 (one of 16 or more digits
 * found by `scanLongIntegers` whose value a double cannot hold). Text
 * without one is parsed by the native `JSON.parse`, which is exact for it
 * and far faster.
 */
export function mayHoldUnsafeInteger(text: string): boolean {
  let any = false;
  scanLongIntegers(text, (start, end) => (any = isUnsafeIntegerDigits(text.slice(start, end))));
  return any;
}

/** Whether these digits (a found long integer, sign left out) are beyond 2^53: what `parseExactJson` makes a `bigint`. */
export function isUnsafeIntegerDigits(digits: string): boolean {
  return !isSafeNumber(digits);
}

function parseNumber(text: string): number | bigint {
  if (isSafeNumber(text)) return Number(text);
  // Integers keep every digit; other long decimals become the nearest double,
  // which is what Elasticsearch itself indexed for them.
  return /^-?\d+$/.test(text) ? BigInt(text) : Number(text);
}

/** The reviver's view of a primitive's JSON text (Node 21 and later). */
interface ReviverContext {
  readonly source?: string;
}

/**
 * Turns a number whose text is an integer beyond 2^53 into a `bigint`, from
 * its source text; every other value is returned as parsed (a double below
 * 2^53 in magnitude is exactly what `parseNumber` gives for its text).
 */
function exactNumberReviver(this: unknown, _key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value !== 'number' || (value < UNSAFE_MAGNITUDE && value > -UNSAFE_MAGNITUDE)) return value;
  const source = context?.source;
  return source === undefined ? value : parseNumber(source);
}

/** Whether this runtime hands revivers the source text (`JSON.parse` source text access). */
const REVIVER_HAS_SOURCE = ((): boolean => {
  try {
    return JSON.parse('12345678901234567890', (_key: string, _value: unknown, context?: ReviverContext) => context?.source) === '12345678901234567890';
  } catch {
    return false;
  }
})();

/**
 * Parses JSON text exactly: unsafe integers become `bigint`.
 * Throws `SyntaxError` on invalid JSON, like `JSON.parse`. Nesting depth is
 * not limited: the native parser is iterative, and text too deeply nested
 * for the exact parser (it recurses: it overflows the stack at a few
 * thousand levels) is parsed by `parseDeepExactJson`.
 */
export function parseExactJson(text: string): JsonValue {
  if (!mayHoldUnsafeInteger(text)) return JSON.parse(text) as JsonValue;
  return parseExactJsonSlowly(text);
}

/** `parseExactJson(text)` when the text is a JSON object; undefined for any other value or invalid JSON. */
export function parseExactObject(text: string): JsonObject | undefined {
  let value: JsonValue;
  try {
    value = parseExactJson(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/**
 * `parseExactJson` without the pre-scan: for text known to hold a long
 * integer. The native parser with a reviver that reads each long number's
 * source text where the runtime offers it (about 3 times faster than
 * lossless-json), else lossless-json; both give the same values.
 */
export function parseExactJsonSlowly(text: string): JsonValue {
  try {
    if (REVIVER_HAS_SOURCE) return JSON.parse(text, exactNumberReviver as (key: string, value: unknown) => unknown) as JsonValue;
    return losslessParse(text, null, parseNumber) as JsonValue;
  } catch (error) {
    if (error instanceof RangeError) return parseDeepExactJson(text);
    throw error;
  }
}

/** JSON strings, and integers of 16 or more digits outside them. */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![\w.])/g;
/** Stands for an unsafe integer while the native parser runs; a NUL and a noncharacter, which no real text starts with. */
const BIGINT_MARK = '\u0000\uffffbigint:';

/**
 * The exact parse of deeply nested text, without recursion: integers beyond
 * 2^53 are quoted with a marker, the native (iterative) parser runs, and an
 * iterative walk turns the marked strings into `bigint`. Slower than
 * `parseExactJson`; only for text the exact parser cannot handle.
 */
function parseDeepExactJson(text: string): JsonValue {
  let marked = false;
  const quoted = text.replace(STRING_OR_LONG_INTEGER, (token) => {
    if (token.startsWith('"') || isSafeNumber(token)) return token;
    marked = true;
    return JSON.stringify(BIGINT_MARK + token);
  });
  const value = JSON.parse(quoted) as JsonValue;
  if (!marked) return value;
  const unmark = (item: JsonValue): JsonValue => (typeof item === 'string' && item.startsWith(BIGINT_MARK) ? BigInt(item.slice(BIGINT_MARK.length)) : item);
  const stack: JsonValue[] = [value];
  for (let container = stack.pop(); container !== undefined; container = stack.pop()) {
    if (container === null || typeof container !== 'object') continue;
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) {
        const item = (container[index] = unmark(container[index] as JsonValue));
        if (item !== null && typeof item === 'object') stack.push(item);
      }
    } else {
      for (const key of Object.keys(container)) {
        const item = (container[key] = unmark(container[key] as JsonValue));
        if (item !== null && typeof item === 'object') stack.push(item);
      }
    }
  }
  return unmark(value);
}

/**
 * Serialises a value to one line of JSON; `bigint` values are written as bare
 * integers. Output is identical to `JSON.stringify` for values without bigint.
 */
export function stringifyExactJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError && /BigInt/i.test(error.message)) {
      const text = losslessStringify(value as JsonValue);
      if (text === undefined) throw new TypeError('Value cannot be serialised to JSON');
      return text;
    }
    throw error;
  }
}

/**
 * Serialises a value to one line of JSON without recursion, so nesting of
 * any depth works (`JSON.stringify` overflows the stack at a few thousand
 * levels). The same text as `stringifyExactJson`; slower, so only for the
 * rare value that one cannot serialise.
 */
export function stringifyDeepJson(value: unknown): string {
  const parts: string[] = [];
  type Frame = { close: string; entries: Array<[string | undefined, unknown]>; next: number };
  const stack: Frame[] = [];
  const open = (item: unknown): boolean => {
    if (item !== null && typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON !== 'function') {
      if (Array.isArray(item)) {
        parts.push('[');
        stack.push({ close: ']', entries: item.map((element: unknown) => [undefined, element === undefined || typeof element === 'function' || typeof element === 'symbol' ? null : element]), next: 0 });
      } else {
        parts.push('{');
        const entries: Array<[string, unknown]> = [];
        for (const key of Object.keys(item)) {
          const member = (item as Record<string, unknown>)[key];
          if (member !== undefined && typeof member !== 'function' && typeof member !== 'symbol') entries.push([key, member]);
        }
        stack.push({ close: '}', entries, next: 0 });
      }
      return true;
    }
    parts.push(typeof item === 'bigint' ? item.toString() : (JSON.stringify(item) ?? 'null'));
    return false;
  };
  open(value);
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    if (frame.next >= frame.entries.length) {
      parts.push(frame.close);
      stack.pop();
      continue;
    }
    const [key, member] = frame.entries[frame.next] as [string | undefined, unknown];
    if (frame.next > 0) parts.push(',');
    frame.next++;
    if (key !== undefined) parts.push(JSON.stringify(key), ':');
    open(member);
  }
  return parts.join('');
}
