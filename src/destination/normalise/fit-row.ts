import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { stringifyExactJson } from '../../json/exact-json.js';
import { systemError } from '../../protocol/connector-error.js';
import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../protocol/messages.js';
import { childPointer } from './coerce-value.js';
import { normaliseRecord, type RowContext } from './normalise-record.js';

/**
 * The deepest nesting a row keeps, in levels counted from the record's data
 * object (level 1). Jackson, which most JVM readers of JSON use (Airbyte's
 * Java destinations, Spark, Trino), refuses deeper text by default
 * (StreamReadConstraints.maxNestingDepth), and Node's `JSON.stringify`
 * overflows its stack from a few thousand levels on.
 */
export const MAX_JSON_DEPTH = 1000;

/** Room left for the `_airbyte_meta` entries that nulling adds (each well under 1 KB unless its key is long). */
const CHANGE_ROOM_BYTES = 64 * 1024;

/** A record's spool line, and the values nulled to make it (none when it fit as it was). */
export interface FittedRow {
  readonly line: string;
  readonly nulled: readonly AirbyteRecordMetaChange[];
}

const NONE: readonly AirbyteRecordMetaChange[] = Object.freeze([]);

/**
 * The row of `record` (see normalise-record.ts), made to fit: at most
 * `maxBytes` of spool line (32 MB: Athena reads no larger row) and
 * serialisable. The hot path costs one length comparison per record beyond
 * the normalisation; the rest runs only for a record that does not fit:
 *
 * - nesting: when the row cannot be serialised (Node's stack overflows, from
 *   a few thousand levels on), every top-level value of `data` nested
 *   deeper than `MAX_JSON_DEPTH` levels is nulled (reason
 *   DESTINATION_SERIALIZATION_ERROR);
 * - size: when the line is above `maxBytes`, the largest top-level values
 *   are nulled, largest first, until it fits (reason
 *   DESTINATION_RECORD_SIZE_LIMITATION); the fields in `keep` (the
 *   stream's primary key and cursor) go last, only if nothing else is left.
 *
 * Each nulled value gets one NULLED change in `_airbyte_meta.changes`, with
 * its JSON pointer; the other values are written as usual. The record is
 * not changed (the caller keeps the original whole, reject-record.ts).
 * Throws a system_error only when no row can fit: the source's own
 * `_airbyte_meta` alone is above the cap. `dataText`: the JSON text
 * `record.data` was parsed from, when known (see `normaliseRecord`).
 */
export function fitRow(record: AirbyteRecord, context: RowContext, keep: ReadonlySet<string>, maxBytes: number, dataText?: string): FittedRow {
  let line: string | undefined;
  try {
    line = normaliseRecord(record, context, NONE, dataText);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (line !== undefined && !above(line, maxBytes)) return { line, nulled: NONE };
  // Nulling works on the row as serialised from values (the text may be longer: escapes, blanks).
  if (dataText !== undefined) return fitRow(record, context, keep, maxBytes);
  const rowBytes = line === undefined ? undefined : Buffer.byteLength(line);
  line = undefined; // not held while the row is made again
  return fitSlowly(record, context, keep, maxBytes, rowBytes);
}

/** `rowBytes`: the size of the row as it is, or undefined when it cannot be serialised. */
function fitSlowly(record: AirbyteRecord, context: RowContext, keep: ReadonlySet<string>, maxBytes: number, rowBytes: number | undefined): FittedRow {
  const data: JsonObject = { ...record.data };
  const nulled: AirbyteRecordMetaChange[] = [];
  const drop = (key: string, reason: string): void => {
    delete data[key];
    nulled.push({ field: childPointer('', key), change: 'NULLED', reason });
  };
  const row = (): string => normaliseRecord({ ...record, data }, context, nulled);
  let line: string | undefined;
  let bytes: number;
  if (rowBytes === undefined) {
    for (const key of Object.keys(data)) if (nestedDeeperThan(data[key] as JsonValue, MAX_JSON_DEPTH - 1)) drop(key, 'DESTINATION_SERIALIZATION_ERROR');
    line = row();
    bytes = Buffer.byteLength(line);
    if (bytes <= maxBytes) return { line, nulled };
  } else {
    bytes = rowBytes; // the row as it is was measured already: not built again
  }
  // Largest first; the primary key and cursor after every other field. A string is measured without
  // serialising it (its escapes are left out: the row is measured again after nulling).
  const candidates = Object.keys(data)
    .map((key) => {
      const value = data[key];
      const size = typeof value === 'string' ? Buffer.byteLength(value) + 2 : Buffer.byteLength(stringifyExactJson(value));
      return { key, bytes: size + Buffer.byteLength(key) + 4, kept: keep.has(key) };
    })
    .sort((a, b) => Number(a.kept) - Number(b.kept) || b.bytes - a.bytes);
  let next = 0;
  while (bytes > maxBytes) {
    if (next >= candidates.length) {
      throw systemError(`A record of stream "${record.stream}" is ${(bytes / 1024 ** 2).toFixed(1)} MB even with every value nulled (its _airbyte_meta from the source is that large), above the ${maxBytes / 1024 ** 2} MB a row may have, so the sync stopped: fix the source.`);
    }
    // Null enough values, by their serialised size, then measure the row again (a value may weigh more in the row: overflow text is escaped).
    for (let excess = bytes - maxBytes + CHANGE_ROOM_BYTES; excess > 0 && next < candidates.length; next++) {
      const candidate = candidates[next] as { key: string; bytes: number };
      drop(candidate.key, 'DESTINATION_RECORD_SIZE_LIMITATION');
      excess -= candidate.bytes;
    }
    line = row();
    bytes = Buffer.byteLength(line);
  }
  return { line: line ?? row(), nulled };
}

/** Whether `line` has more than `maxBytes` bytes of UTF-8; cheap below a third of it, where no text can reach it. */
function above(line: string, maxBytes: number): boolean {
  return line.length > maxBytes / 3 && Buffer.byteLength(line) > maxBytes;
}

/** Whether `value` has containers nested more than `levels` deep (a scalar: 0, `{}`: 1, `{"a":[]}`: 2), without recursion. */
export function nestedDeeperThan(value: JsonValue, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: JsonValue[] = [value];
  const depths: number[] = [1];
  for (let item = values.pop(), depth = depths.pop() ?? 0; item !== undefined; item = values.pop(), depth = depths.pop() ?? 0) {
    if (depth > levels) return true;
    const children = Array.isArray(item) ? item : Object.values(item as JsonObject);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
