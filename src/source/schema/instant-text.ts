import type { JsonValue } from '../../json/json-value.js';
import type { EpochUnit } from './field-node.js';

/** RFC 3339 as Airbyte's TimestampWithTimezone wants it: already what we send. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
/** What Elasticsearch's ISO formats accept: `yyyy[-MM[-dd]][Thh[:mm[:ss[.f]]]][Z|±hh[[:]mm]]`. */
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^(-?)(\d{1,16})(?:\.(\d{1,9}))?$/;
const NANOS_PER_UNIT: Readonly<Record<EpochUnit, bigint>> = { millis: 1_000_000n, seconds: 1_000_000_000n };
const NANOS_PER_MILLI = 1_000_000n;
const MIN_MILLIS = -62167219200000n; // 0000-01-01T00:00:00Z
const MAX_MILLIS = 253402300799999n; // 9999-12-31T23:59:59.999Z

/**
 * A date value as RFC 3339 text with a zone, exactly (nanoseconds kept), or
 * undefined when it is not an instant this format can read:
 * - ISO text is completed (`2024-01-02` is `2024-01-02T00:00:00Z`, a missing
 *   zone is UTC as in Elasticsearch), its digits and offset kept as written;
 * - numbers and digit strings are epoch values in `epoch` units, converted
 *   to UTC text with every fractional digit (`1700000000123.456789` millis
 *   is `2023-11-14T22:13:20.123456789Z`); years 0000-9999 only.
 */
export function instantText(value: JsonValue, epoch: EpochUnit | undefined): string | undefined {
  if (typeof value === 'string') {
    if (RFC3339.test(value)) return value;
    const iso = isoText(value);
    if (iso !== undefined) return iso;
    return epoch === undefined ? undefined : epochText(value, epoch);
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return epoch === undefined ? undefined : epochText(String(value), epoch);
  return undefined;
}

function isoText(text: string): string | undefined {
  const match = ISO.exec(text);
  if (match === null) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction, zone] = match as unknown as [string, string, string?, string?, string?, string?, string?, string?, string?];
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth(Number(year), Number(month))) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '').padEnd(2, '0')}`;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 18 || Number(offset.slice(4)) > 59)) return undefined;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction === undefined ? '' : `.${fraction}`}${offset}`;
}

function epochText(text: string, unit: EpochUnit): string | undefined {
  const match = EPOCH.exec(text);
  if (match === null) return undefined;
  const [, sign, whole, fraction = ''] = match as unknown as [string, string, string, string?];
  const digits = unit === 'millis' ? 6 : 9;
  if (fraction.length > digits) return undefined;
  const magnitude = BigInt(whole) * NANOS_PER_UNIT[unit] + BigInt(fraction.padEnd(digits, '0'));
  const nanos = sign === '-' ? -magnitude : magnitude;
  // Floor division, so instants before 1970 keep a positive sub-millisecond part.
  let millis = nanos / NANOS_PER_MILLI;
  let rest = nanos % NANOS_PER_MILLI;
  if (rest < 0n) {
    millis -= 1n;
    rest += NANOS_PER_MILLI;
  }
  if (millis < MIN_MILLIS || millis > MAX_MILLIS) return undefined;
  const iso = new Date(Number(millis)).toISOString();
  const subMilli = rest === 0n ? '' : rest.toString().padStart(6, '0').replace(/0+$/, '');
  return `${iso.slice(0, 23)}${subMilli}Z`;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
