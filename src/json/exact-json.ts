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
 * Throws `SyntaxError` on invalid JSON, like `JSON.parse`.
 */
export function parseExactJson(text: string): JsonValue {
  if (!MAYBE_UNSAFE_INTEGER.test(text)) return JSON.parse(text) as JsonValue;
  return losslessParse(text, null, parseNumber) as JsonValue;
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
