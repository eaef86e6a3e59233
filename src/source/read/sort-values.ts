import type { JsonValue } from '../../json/json-value.js';

/** Sort values as stored in state: strings, exact for big integers and date_nanos. */
export function sortValuesToState(values: readonly JsonValue[]): string[] {
  return values.map((value) => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? value.toString() : JSON.stringify(value)));
}

/** Sort values from state, typed back for `search_after`: integers as bigint (sent as bare digits). */
export function sortValuesFromState(values: readonly string[], kinds: ReadonlyArray<'numeric' | 'string'>): JsonValue[] {
  return values.map((value, index) => {
    if (kinds[index] !== 'numeric') return value;
    return /^-?\d+$/.test(value) ? BigInt(value) : Number(value);
  });
}
