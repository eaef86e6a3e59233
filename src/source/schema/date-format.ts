import type { EpochUnit } from './field-node.js';

/** Built-in formats whose text is ISO 8601 (what the conformer normalises and destinations parse). */
const ISO_FORMATS = new Set([
  'date_optional_time', 'date_optional_time_nanos', 'date_time', 'date_time_no_millis', 'date',
  'date_hour_minute', 'date_hour_minute_second', 'date_hour_minute_second_millis', 'date_hour_minute_second_fraction',
]);

/** What a date field's mapping format means for its values. */
export type DateFormat =
  /** ISO text or epoch numbers (`epoch`: how numbers are read; undefined when no epoch format is listed). */
  | { readonly iso: true; readonly epoch?: EpochUnit }
  /** At least one custom pattern (`yyyy/MM/dd`...): the text is kept as it is. */
  | { readonly iso: false };

/**
 * Reads an Elasticsearch date `format` (`a||b||c`). Without one, the default
 * `strict_date_optional_time||epoch_millis`. A number is read by the first
 * epoch format listed, as Elasticsearch tries the formats in order.
 */
export function parseDateFormat(format: string | undefined): DateFormat {
  if (format === undefined || format === '') return { iso: true, epoch: 'millis' };
  let epoch: EpochUnit | undefined;
  for (const raw of format.split('||')) {
    const name = raw.trim().replace(/^strict_/, '');
    if (name === 'epoch_millis' || name === 'epoch_second') epoch ??= name === 'epoch_millis' ? 'millis' : 'seconds';
    else if (!ISO_FORMATS.has(name)) return { iso: false };
  }
  return epoch === undefined ? { iso: true } : { iso: true, epoch };
}
