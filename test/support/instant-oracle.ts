/**
 * Instants for the tests' own checks of timestamps, written from the README
 * rules and independent of the connectors' parsers: every form is turned into
 * exact nanoseconds since 1970-01-01T00:00:00Z (a bigint), so two texts name
 * the same instant exactly when their nanoseconds are equal, every
 * fractional digit included.
 */

/** RFC 3339 as the source sends timestamps: seconds, 1-9 fractional digits, a zone. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
/** The ISO forms Elasticsearch's default date format reads: `yyyy[-MM[-dd]][Thh[:mm[:ss[.f]]]][zone]`. */
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
/** An epoch value as text: optional sign, digits, optional fraction. */
const EPOCH = /^(-?)(\d+)(?:\.(\d+))?$/;

const NANOS_PER_MILLI = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;

/** Units of epoch numbers in a date field, from its mapping format. */
export type EpochUnit = 'millis' | 'seconds';

/** Nanoseconds of an RFC 3339 text (the form the source must send), or undefined when it is not one. */
export function rfc3339Nanos(text: string): bigint | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  return civilNanos(match.slice(1, 8), match[8]);
}

/** Nanoseconds of an ISO text in any form Elasticsearch accepts by default (missing parts are zero, no zone is UTC). */
export function isoNanos(text: string): bigint | undefined {
  const match = ISO.exec(text);
  if (match === null) return undefined;
  return civilNanos(match.slice(1, 8), match[8]);
}

/**
 * Nanoseconds of an epoch value in `unit`: an integer number, a bigint, or a
 * digit string (with an optional fraction). Undefined for anything else.
 */
export function epochNanos(value: unknown, unit: EpochUnit): bigint | undefined {
  let text: string;
  if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else if (typeof value === 'string') text = value;
  else return undefined;
  const match = EPOCH.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const perUnit = unit === 'millis' ? NANOS_PER_MILLI : NANOS_PER_SECOND;
  const fractionDigits = unit === 'millis' ? 6 : 9;
  if (fraction.length > fractionDigits) return undefined;
  const magnitude = BigInt(whole) * perUnit + BigInt(fraction.padEnd(fractionDigits, '0'));
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * Nanoseconds of a timestamp as a Parquet reader prints it
 * (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`, any number of fractional digits).
 */
export function readerTimestampNanos(text: string): bigint | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (match === null || (match[7] ?? '').length > 9) return undefined;
  return civilNanos(match.slice(1, 8), 'Z');
}

/** The zone of an RFC 3339 text as minutes east of UTC. */
export function rfc3339OffsetMinutes(text: string): number | undefined {
  const match = RFC3339.exec(text);
  return match === null ? undefined : offsetMinutes(match[8]);
}


function civilNanos(parts: readonly (string | undefined)[], zone: string | undefined): bigint | undefined {
  const [year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction = ''] = parts;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const millis = BigInt(Date.UTC(y, mo - 1, d, Number(hour), Number(minute), Number(second)));
  return millis * NANOS_PER_MILLI + BigInt(fraction.padEnd(9, '0')) - BigInt(offset) * 60n * NANOS_PER_SECOND;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 18 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
