import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../../json/json-value.js';
import { stringifyExactJson } from '../../json/exact-json.js';
import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../protocol/messages.js';
import type { StreamLayout } from '../schema/column-type.js';
import { DATA_COLUMN, EXTRACTED_AT_COLUMN, GENERATION_ID_COLUMN, META_COLUMN, OVERFLOW_COLUMN, RAW_ID_COLUMN } from '../schema/column-type.js';
import type { Misfit } from './coerce-value.js';
import { compileRowWriter, type RowDataWriter } from './compile-row.js';
import { formatTimestampMicros } from './parse-timestamp.js';

/** What every row of a stream in this sync shares. */
export interface RowContext {
  layout: StreamLayout;
  generationId: number;
  syncId: number | null;
}

/**
 * Turns one record into one NDJSON line whose keys are exactly the file's
 * columns and whose values already have their column's type, so DuckDB's
 * `read_ndjson` never rejects or drops a row. Values that do not fit and keys
 * the schema does not declare go to the overflow column (JSON object
 * `{pointer: original value}`), their column gets null, and
 * `_airbyte_meta.changes` gets one NULLED entry per pointer (reason
 * DESTINATION_TYPECAST_ERROR, or DESTINATION_SERIALIZATION_ERROR for
 * undeclared keys), after any changes the source reported and before
 * `nulled`: the changes of values the caller removed from `record.data`
 * (see fit-row.ts). Throws a RangeError when the row cannot be serialised
 * (nested too deep, or too long for a string).
 *
 * The row is written as text by the stream's writer, compiled once from its
 * layout (compile-row.ts), with the constant parts decided once per stream:
 * no row object is built and serialised again. `dataText`, when given, is
 * the JSON text `record.data` was parsed from (record-line.ts): data that
 * fits its columns as it stands is written as that text.
 */
export function normaliseRecord(record: AirbyteRecord, context: RowContext, nulled: readonly AirbyteRecordMetaChange[] = NO_CHANGES, dataText?: string): string {
  const writer = rowWriter(context);
  const misfits: Misfit[] = [];
  const data = writer.data(record.data, '', misfits, dataText);
  const sourceChanges = record.meta?.changes;
  let changes = '[]';
  let overflow = 'null';
  if (misfits.length > 0 || nulled.length > 0 || sourceChanges !== undefined) {
    const list: AirbyteRecordMetaChange[] = [...(sourceChanges ?? [])].map(({ field, change, reason }) => ({ field, change, reason }));
    if (misfits.length > 0) {
      const kept: { [pointer: string]: JsonValue } = {};
      for (const misfit of misfits) {
        kept[misfit.pointer] = misfit.value;
        list.push({ field: misfit.pointer, change: 'NULLED', reason: misfit.reason === 'type' ? 'DESTINATION_TYPECAST_ERROR' : 'DESTINATION_SERIALIZATION_ERROR' });
      }
      overflow = JSON.stringify(stringifyExactJson(kept));
    }
    list.push(...nulled);
    // A pointer names a key, which may hold a lone surrogate: the change's text has U+FFFD in its place (a
    // Parquet string is UTF-8), the overflow keeps the key exact (JSON text escapes it).
    changes = JSON.stringify(list.map(({ field, change, reason }) => ({ field: field.toWellFormed(), change: change.toWellFormed(), reason: reason.toWellFormed() })));
  }
  return `{"${RAW_ID_COLUMN}":"${randomUUID()}","${EXTRACTED_AT_COLUMN}":"${extractedAt(record.emitted_at)}",${writer.meta}${changes}}${data === '' ? '' : ','}${data},"${OVERFLOW_COLUMN}":${overflow}}`;
}

const NO_CHANGES: readonly AirbyteRecordMetaChange[] = Object.freeze([]);

/** What is decided once per stream: the data columns' writer and the constant start of `_airbyte_meta`. */
interface RowWriter {
  readonly data: RowDataWriter;
  /** `"_airbyte_generation_id":3,"_airbyte_meta":{"sync_id":9,"changes":`. */
  readonly meta: string;
}

const WRITERS = new WeakMap<RowContext, RowWriter>();

/** The row writer of a stream, compiled from its layout on its first record. */
function rowWriter(context: RowContext): RowWriter {
  let writer = WRITERS.get(context);
  if (writer === undefined) {
    const data: RowDataWriter = context.layout.schemaless
      ? (value) => `"${DATA_COLUMN}":${JSON.stringify(stringifyExactJson(value))}`
      : compileRowWriter(context.layout.fields);
    const meta = `"${GENERATION_ID_COLUMN}":${JSON.stringify(context.generationId)},"${META_COLUMN}":{"sync_id":${JSON.stringify(context.syncId)},"changes":`;
    writer = { data, meta };
    WRITERS.set(context, writer);
  }
  return writer;
}

let lastEmittedAt = Number.NaN;
let lastExtractedAt = '';

/** `emitted_at` as the timestamp text; records of one page share it, so the last one is reused. */
function extractedAt(emittedAt: number): string {
  if (emittedAt !== lastEmittedAt) {
    lastEmittedAt = emittedAt;
    lastExtractedAt = formatTimestampMicros(BigInt(Math.trunc(emittedAt)) * 1000n);
  }
  return lastExtractedAt;
}
