import { parse as losslessParse, stringify as losslessStringify, isSafeNumber } from 'lossless-json';
import type { JsonValue } from './json-value.js';

/**
 * A JSON number of 16 or more digits (after `:`, `[` or `,`, ending at a
 * delimiter) might be an integer beyond 2^53. Text without one is parsed by
 * the native `JSON.parse`, which is exact for it and far faster. Digit runs
 * inside strings (hex trace ids) rarely look like that; when they do, the
 * slower exact parser runs, which is still correct.
 */
const MAYBE_UNSAFE_INTEGER = /[:[,]\s*-?\d{16,}\s*[,\]}]/;

function parseNumber(text: string): number | bigint {
  if (isSafeNumber(text)) return Number(text);
  // Integers keep every digit; other long decimals become the nearest double,
  // which is what Elasticsearch itself indexed for them.
  return /^-?\d+$/.test(text) ? BigInt(text) : Number(text);
}

/**
 * Parses JSON text exactly: unsafe integers become `bigint`.
 * Throws `SyntaxError` on invalid JSON, like `JSON.parse`. Nesting depth is
 * not limited: the native parser is iterative, and text too deeply nested
 * for the exact parser (it recurses: it overflows the stack at a few
 * thousand levels) is parsed by `parseDeepExactJson`.
 */
export function parseExactJson(text: string): JsonValue {
  if (!MAYBE_UNSAFE_INTEGER.test(text)) return JSON.parse(text) as JsonValue;
  try {
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
