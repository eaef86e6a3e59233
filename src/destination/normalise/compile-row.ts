import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { isJsonObject } from '../../json/json-value.js';
import { stringifyExactJson } from '../../json/exact-json.js';
import type { ColumnType, Field } from '../schema/column-type.js';
import { childPointer, MISFIT, toDouble, toInt64, type Misfit } from './coerce-value.js';
import { isUtcTimestampText, normaliseTimestamp, parseDate } from './parse-timestamp.js';

/**
 * Writes the JSON text of one cell of a column: the value converted to the
 * column's type by the rules of `coerceValue` (coerce-value.ts), or MISFIT.
 * `pointer` is the value's JSON pointer; it is exact only for structs and
 * lists (which report their members' misfits in `misfits`), and '' for
 * other cells, whose caller reports them.
 */
type CellWriter = (value: JsonValue, pointer: string, misfits: Misfit[]) => string | typeof MISFIT;

/** Writes the members of a struct (or a row's data columns), without braces. */
export type StructWriter = (value: JsonObject, pointer: string, misfits: Misfit[]) => string;

/**
 * Compiles the writer of a struct's members once per layout (a stream's
 * fields, or a struct column's): one closure per field, chosen by its type,
 * so that no value is looked up by kind at run time. It writes the same
 * cells as `stringifyExactJson(coerceStruct(...))` and reports the same
 * misfits in the same order (each field's members, then the field, in field
 * order; then the undeclared keys); members are written in field order
 * (`JSON.stringify` would put integer-like names first: DuckDB reads the
 * members by name, so the rows are the same). Empty fields: ''.
 */
export function compileStructWriter(fields: readonly Field[]): StructWriter {
  const members = fields.map((field, index) => ({
    source: field.source,
    // An own-property check only for keys every object inherits ("constructor", "__proto__"...).
    inherited: field.source in Object.prototype,
    prefix: `${index === 0 ? '' : ','}${JSON.stringify(field.name)}:`,
    suffix: childPointer('', field.source),
    nested: field.type.kind === 'struct' || field.type.kind === 'list',
    write: compileCellWriter(field.type),
  }));
  const declared = new Set(fields.map((field) => field.source));
  const count = members.length;
  return (value, pointer, misfits) => {
    let text = '';
    for (let index = 0; index < count; index++) {
      const member = members[index] as (typeof members)[number];
      const raw = member.inherited && !Object.hasOwn(value, member.source) ? undefined : value[member.source];
      let cell: string | typeof MISFIT = 'null';
      if (raw !== undefined && raw !== null) {
        cell = member.write(raw, member.nested ? pointer + member.suffix : '', misfits);
        if (cell === MISFIT) {
          misfits.push({ pointer: pointer + member.suffix, value: raw, reason: 'type' });
          cell = 'null';
        }
      }
      text += member.prefix + cell;
    }
    for (const key in value) {
      const raw = value[key];
      if (raw !== undefined && !declared.has(key)) misfits.push({ pointer: childPointer(pointer, key), value: raw, reason: 'undeclared' });
    }
    return text;
  };
}

/**
 * Writes the members of a row's data columns, like a `StructWriter`;
 * `text`, when given, is the JSON text `value` was parsed from (exactly:
 * see record-line.ts), which data that fits as it stands is written from.
 */
export type RowDataWriter = (value: JsonObject, pointer: string, misfits: Misfit[], text?: string) => string;

/**
 * The writer of a row's data columns (`compileStructWriter` of the
 * stream's fields), with the fast path of `compileFitCheck`: a record whose
 * data already fits every column is written by one `JSON.stringify`, or,
 * when the text it was parsed from is given, as that text (its members
 * between the braces, blanks kept): DuckDB reads the same values from it,
 * and nothing is serialised again. Two things read differently from
 * such text: a duplicated key, which DuckDB refuses, so the conversion
 * rewrites that spool file from parsed values (canonical-spool.ts); and
 * -0 in a number column, kept as -0.0 where serialising wrote 0.
 */
export function compileRowWriter(fields: readonly Field[]): RowDataWriter {
  const members = compileStructWriter(fields);
  const row: ColumnType = { kind: 'struct', fields: [...fields] };
  const fits = compileFitCheck(row, false);
  const fitsWellFormed = compileFitCheck(row, true);
  if (fits === undefined || fitsWellFormed === undefined) return members;
  return (value, pointer, misfits, text) => {
    if (text === undefined) return fits(value) ? JSON.stringify(value).slice(1, -1) : members(value, pointer, misfits);
    // A lone surrogate in a parsed string comes from a well-formed text only as an escape ("\ud800"): text without
    // "\u" needs no check of each string (one native search per record instead of one call per string).
    const check = text.indexOf('\\u') === -1 && text.isWellFormed() ? fitsWellFormed : fits;
    if (!check(value)) return members(value, pointer, misfits);
    for (const _key in value) return text.trim().slice(1, -1);
    return '';
  };
}

function compileCellWriter(type: ColumnType): CellWriter {
  switch (type.kind) {
    case 'string':
      return (value) => {
        if (typeof value === 'string') return value.isWellFormed() ? JSON.stringify(value) : MISFIT;
        if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return JSON.stringify(String(value));
        return MISFIT;
      };
    case 'boolean':
      return (value) => (value === true || value === 'true' ? 'true' : value === false || value === 'false' ? 'false' : MISFIT);
    case 'integer':
      return (value) => {
        const cell = toInt64(value);
        return cell === MISFIT ? MISFIT : String(cell);
      };
    case 'number':
      return (value) => {
        const cell = toDouble(value);
        // JSON.stringify's text of a double (null for a non-finite one, which no parsed JSON holds).
        return cell === MISFIT ? MISFIT : Number.isFinite(cell) ? String(cell) : 'null';
      };
    case 'timestamp':
      return (value) => {
        const text = normaliseTimestamp(value);
        // The ISO text has no character JSON escapes.
        return text === undefined ? MISFIT : `"${text}"`;
      };
    case 'date':
      return (value) => {
        const date = parseDate(value);
        return date === undefined ? MISFIT : `"${date}"`;
      };
    case 'json':
      return (value) => JSON.stringify(stringifyExactJson(value));
    case 'struct': {
      const members = compileStructWriter(type.fields);
      const fits = compileFitCheck(type, false);
      if (fits === undefined) return (value, pointer, misfits) => (isJsonObject(value) ? `{${members(value, pointer, misfits)}}` : MISFIT);
      return (value, pointer, misfits) => (!isJsonObject(value) ? MISFIT : fits(value) ? JSON.stringify(value) : `{${members(value, pointer, misfits)}}`);
    }
    case 'list': {
      const element = compileCellWriter(type.element);
      const nested = type.element.kind === 'struct' || type.element.kind === 'list';
      const fits = compileFitCheck(type, false);
      return (value, pointer, misfits) => {
        if (!Array.isArray(value)) return MISFIT;
        if (fits?.(value) === true) return JSON.stringify(value);
        let text = '[';
        for (let index = 0; index < value.length; index++) {
          const item = value[index];
          let cell: string | typeof MISFIT = 'null';
          if (item !== undefined && item !== null) {
            cell = element(item, nested ? `${pointer}/${index}` : '', misfits);
            if (cell === MISFIT) {
              misfits.push({ pointer: `${pointer}/${index}`, value: item, reason: 'type' });
              cell = 'null';
            }
          }
          text += index === 0 ? cell : `,${cell}`;
        }
        return `${text}]`;
      };
    }
  }
}

/** Whether a value is already its column's cell as it stands (see `compileFitCheck`). */
type FitCheck = (value: JsonValue) => boolean;

/**
 * The fast path of a row, struct or list: a check, compiled once per type,
 * that a value is already what its column holds, so that its text is
 * `JSON.stringify(value)`, one native call instead of a closure per member.
 * A value fits when every member is declared and null or of its column's
 * own JSON type: a string without a lone surrogate for string (UTF-8 has
 * none), a boolean for boolean, a safe integer for integer, a number for
 * number, UTC timestamp text with at most microseconds for timestamp
 * (`isUtcTimestampText`: DuckDB reads it to the same instant as the padded
 * text the member-by-member writer writes), a
 * `YYYY-MM-DD` date for date, a fitting object or array for struct and
 * list. The text differs from the member-by-member writer's only in member
 * order (the record's), in absent members not written as null, and in
 * timestamps left unpadded: DuckDB reads members by name and absent ones as
 * null, so the rows are the same. Undefined (no fast path) for a type with
 * a JSON column (its values are written as text) or a field renamed for its
 * column; anything that does not fit takes the member-by-member writer,
 * which reports the misfits. `wellFormed`: every string is known to hold no
 * lone surrogate, which is then not checked.
 */
function compileFitCheck(type: ColumnType, wellFormed: boolean): FitCheck | undefined {
  switch (type.kind) {
    case 'string':
      return wellFormed ? (value) => typeof value === 'string' : (value) => typeof value === 'string' && value.isWellFormed();
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'integer':
      return (value) => Number.isSafeInteger(value);
    case 'number':
      // Not an infinity (JSON.parse reads 1e400 as one): the member writer writes it as null.
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'timestamp':
      return isUtcTimestampText;
    case 'date':
      return (value) => parseDate(value) !== undefined;
    case 'struct': {
      const checks = new Map<string, FitCheck>();
      for (const field of type.fields) {
        const check = field.name === field.source ? compileFitCheck(field.type, wellFormed) : undefined;
        if (check === undefined) return undefined;
        checks.set(field.source, check);
      }
      return (value) => {
        if (!isJsonObject(value)) return false;
        for (const key in value) {
          const check = checks.get(key);
          const member = value[key];
          if (check === undefined || (member !== null && !check(member as JsonValue))) return false;
        }
        return true;
      };
    }
    case 'list': {
      const element = compileFitCheck(type.element, wellFormed);
      if (element === undefined) return undefined;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (item !== null && !element(item)) return false;
        return true;
      };
    }
    case 'json':
      return undefined;
  }
}
