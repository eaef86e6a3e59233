import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { isJsonObject } from '../../json/json-value.js';
import { stringifyExactJson } from '../../json/exact-json.js';
import type { ColumnType, Field } from '../schema/column-type.js';
import { childPointer, MISFIT, toDouble, toInt64, type Misfit } from './coerce-value.js';
import { normaliseTimestamp, parseDate } from './parse-timestamp.js';

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

function compileCellWriter(type: ColumnType): CellWriter {
  switch (type.kind) {
    case 'string':
      return (value) => {
        if (typeof value === 'string') return JSON.stringify(value);
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
      return (value, pointer, misfits) => (isJsonObject(value) ? `{${members(value, pointer, misfits)}}` : MISFIT);
    }
    case 'list': {
      const element = compileCellWriter(type.element);
      const nested = type.element.kind === 'struct' || type.element.kind === 'list';
      return (value, pointer, misfits) => {
        if (!Array.isArray(value)) return MISFIT;
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
