import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../../json/json-value.js';
import { stringifyExactJson } from '../../json/exact-json.js';
import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../protocol/messages.js';
import type { StreamLayout } from '../schema/column-type.js';
import { DATA_COLUMN, EXTRACTED_AT_COLUMN, GENERATION_ID_COLUMN, META_COLUMN, OVERFLOW_COLUMN, RAW_ID_COLUMN } from '../schema/column-type.js';
import { coerceStruct, type Misfit } from './coerce-value.js';
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
 */
export function normaliseRecord(record: AirbyteRecord, context: RowContext, nulled: readonly AirbyteRecordMetaChange[] = []): string {
  const misfits: Misfit[] = [];
  const data = context.layout.schemaless ? { [DATA_COLUMN]: stringifyExactJson(record.data) } : coerceStruct(record.data, context.layout.fields, '', misfits);
  const changes: AirbyteRecordMetaChange[] = [...(record.meta?.changes ?? [])].map(({ field, change, reason }) => ({ field, change, reason }));
  let overflow: string | null = null;
  if (misfits.length > 0) {
    const kept: { [pointer: string]: JsonValue } = {};
    for (const misfit of misfits) {
      kept[misfit.pointer] = misfit.value;
      changes.push({ field: misfit.pointer, change: 'NULLED', reason: misfit.reason === 'type' ? 'DESTINATION_TYPECAST_ERROR' : 'DESTINATION_SERIALIZATION_ERROR' });
    }
    overflow = stringifyExactJson(kept);
  }
  changes.push(...nulled);
  const row = {
    [RAW_ID_COLUMN]: randomUUID(),
    [EXTRACTED_AT_COLUMN]: extractedAt(record.emitted_at),
    [GENERATION_ID_COLUMN]: context.generationId,
    [META_COLUMN]: { sync_id: context.syncId, changes },
    ...data,
    [OVERFLOW_COLUMN]: overflow,
  };
  return stringifyExactJson(row);
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
