import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../protocol/messages.js';
import { childPointer } from '../normalise/coerce-value.js';
import { normaliseTimestamp, parseDate } from '../normalise/parse-timestamp.js';
import type { Field } from '../schema/column-type.js';
import { GRANULARITY_FORMATS, partitionOfUtcText, type Granularity } from './partition-scheme.js';

/** The event-time partition value of one record's row. */
export type RowPartition = (record: AirbyteRecord, nulled: readonly AirbyteRecordMetaChange[]) => string;

/**
 * The partition value of a row, computed from its record as writeParquet's
 * SQL computes it from the row's column (`strftime` of the UTC value, or
 * the granularity's catch-all where the cell is null or outside years 1 to
 * 9999): the column's cell is the record's value typed by the same rules
 * as the row writer (`normaliseTimestamp`, `parseDate`: a value that does
 * not fit is a null cell), or null when fit-row nulled it (`nulled`).
 * `column` is a top-level timestamp or date column.
 */
export function compileRowPartition(column: Field, granularity: Granularity): RowPartition {
  const { catchAll } = GRANULARITY_FORMATS[granularity];
  const pointer = childPointer('', column.source);
  const cell = column.type.kind === 'date' ? parseDate : normaliseTimestamp;
  return (record, nulled) => {
    const raw = Object.hasOwn(record.data, column.source) ? record.data[column.source] : undefined;
    // ISO text in UTC: `YYYY-MM-DD` or `YYYY-MM-DDThh:...`, years 0001 to 9999 only.
    const text = raw === undefined || raw === null ? undefined : cell(raw);
    return text === undefined || (nulled.length > 0 && nulled.some((change) => change.field === pointer)) ? catchAll : partitionOfUtcText(text, granularity);
  };
}
