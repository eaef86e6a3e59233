import type { AirbyteRecord } from './messages.js';

/** Where a record carries its data's text (a symbol: never serialised, never a key of the record's JSON). */
const DATA_TEXT: unique symbol = Symbol('data text');

/** A record whose data's JSON text travels with it (see `recordWithDataText`). */
type RecordWithText = AirbyteRecord & { readonly [DATA_TEXT]?: string };

/**
 * A record of `stream` whose `data` has the JSON text `dataText`, exactly
 * (parsing it gives `data`'s values; it is one line), so that what only
 * forwards the record writes that text instead of serialising `data`
 * again: the source's RECORD lines (message-writer.ts), the destination's
 * rows in `sync` (compile-row.ts). The data must not change afterwards.
 */
export function recordWithDataText(stream: string, data: AirbyteRecord['data'], emittedAt: number, dataText: string): AirbyteRecord {
  const record: RecordWithText = { stream, data, emitted_at: emittedAt, [DATA_TEXT]: dataText };
  return record;
}

/** The text of the record's data, when it was made by `recordWithDataText`; else undefined. */
export function dataTextOf(record: AirbyteRecord): string | undefined {
  return (record as RecordWithText)[DATA_TEXT];
}
