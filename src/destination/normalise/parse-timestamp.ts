/**
 * Timestamp and date parsing as Elasticsearch's default date format
 * (`strict_date_optional_time||epoch_millis`) accepts them, to exact
 * microseconds since the epoch (UTC).
 *
 * - ISO 8601 strings `YYYY-MM-DD[(T| )hh:mm[:ss[.fraction]]][Z|±hh[:mm]]`;
 *   without a zone the time is UTC, a date alone is midnight UTC.
 * - Integers (or strings of digits) are epoch milliseconds.
 * Returns undefined when the value is not one of these, is not a real
 * calendar date, is outside years 0001-9999, or has sub-microsecond digits
 * (which a microsecond column would lose).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const MIN_MICROS = -62135596800000000n; // 0001-01-01T00:00:00Z
const MAX_MICROS = 253402300799999999n; // 9999-12-31T23:59:59.999999Z

export function parseTimestampMicros(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Number.isInteger(value * 1000) ? inRange(BigInt(Math.round(value * 1000))) : undefined;
  if (typeof value === 'bigint') return inRange(value * 1000n);
  if (typeof value !== 'string') return undefined;
  if (/^-?\d{1,16}$/.test(value)) return inRange(BigInt(value) * 1000n);
  const match = ISO.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (fraction.length > 6 && !/^0+$/.test(fraction.slice(6))) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let micros = BigInt(date.getTime()) * 1000n + BigInt(fraction.slice(0, 6).padEnd(6, '0'));
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    if (Number(digits.slice(0, 2)) > 18 || Number(digits.slice(2) || '0') > 59) return undefined;
    micros -= sign * offsetMinutes * 60_000_000n;
  }
  return inRange(micros);
}

/** The form most timestamps arrive in: UTC, seconds, at most microseconds. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?Z$/;

/**
 * Whether `value` is timestamp text in UTC with at most microseconds
 * (`2024-05-01T09:08:14.176Z`) and a real date and time of years 0001 to
 * 9999: text that reads, as it is, as the instant its column holds (DuckDB
 * reads it to the same microsecond as `normaliseTimestamp`'s padded text).
 */
export function isUtcTimestampText(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 27 || !ISO_UTC.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return Number(value.slice(11, 13)) <= 23 && Number(value.slice(14, 16)) <= 59 && Number(value.slice(17, 19)) <= 59;
}

/**
 * The timestamp text a timestamp column holds (`formatTimestampMicros` of
 * `parseTimestampMicros`), or undefined when the value is no timestamp.
 * Text already in UTC with at most microseconds (`isUtcTimestampText`) is
 * padded without the arithmetic: the same text, for a fraction of the cost.
 */
export function normaliseTimestamp(value: unknown): string | undefined {
  if (isUtcTimestampText(value)) return value.length === 27 ? value : `${value.slice(0, 19)}.${value.slice(20, -1).padEnd(6, '0')}Z`;
  const micros = parseTimestampMicros(value);
  return micros === undefined ? undefined : formatTimestampMicros(micros);
}

/** Days since the epoch for a `YYYY-MM-DD` string that is a real date, else undefined. */
export function parseDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return value;
}

/** `2024-01-02T03:04:05.123456Z` for microseconds since the epoch. */
export function formatTimestampMicros(micros: bigint): string {
  const millis = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const rest = micros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString();
  return `${iso.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

function inRange(micros: bigint): bigint | undefined {
  return micros < MIN_MICROS || micros > MAX_MICROS ? undefined : micros;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
