/**
 * The Parquet shape of one column, independent of any engine. Every column
 * and every struct field or list element is nullable.
 */
export type ColumnType =
  | { kind: 'string' }
  | { kind: 'boolean' }
  /** INT64. */
  | { kind: 'integer' }
  /** DOUBLE. */
  | { kind: 'number' }
  /** TIMESTAMP, microseconds, adjusted to UTC. */
  | { kind: 'timestamp' }
  | { kind: 'date' }
  /** A JSON document as text: schemaless objects, unions that cannot be one type, unknown types. */
  | { kind: 'json' }
  | { kind: 'struct'; fields: Field[] }
  /** A 3-level Parquet LIST. */
  | { kind: 'list'; element: ColumnType };

/** A column or struct field: `source` is the key in the record, `name` the (collision-free) column name. */
export interface Field {
  source: string;
  name: string;
  type: ColumnType;
}

/** The column layout of one stream's files. */
export interface StreamLayout {
  /** Data columns in schema order. Empty when `schemaless`. */
  fields: Field[];
  /** The stream schema declares no properties: each record goes whole into `_airbyte_data`. */
  schemaless: boolean;
}

/** Airbyte's meta columns and ours; data columns never take these names. */
export const RAW_ID_COLUMN = '_airbyte_raw_id';
export const EXTRACTED_AT_COLUMN = '_airbyte_extracted_at';
export const GENERATION_ID_COLUMN = '_airbyte_generation_id';
export const META_COLUMN = '_airbyte_meta';
/** JSON text of `{json pointer: original value}` for every value that did not fit its column, or null. */
export const OVERFLOW_COLUMN = '_airbyte_overflow';
/** JSON text of the whole record for streams whose schema declares no properties. */
export const DATA_COLUMN = '_airbyte_data';

export const META_COLUMNS: Field[] = [
  { source: RAW_ID_COLUMN, name: RAW_ID_COLUMN, type: { kind: 'string' } },
  { source: EXTRACTED_AT_COLUMN, name: EXTRACTED_AT_COLUMN, type: { kind: 'timestamp' } },
  { source: GENERATION_ID_COLUMN, name: GENERATION_ID_COLUMN, type: { kind: 'integer' } },
  {
    source: META_COLUMN,
    name: META_COLUMN,
    type: {
      kind: 'struct',
      fields: [
        { source: 'sync_id', name: 'sync_id', type: { kind: 'integer' } },
        {
          source: 'changes',
          name: 'changes',
          type: {
            kind: 'list',
            element: {
              kind: 'struct',
              fields: [
                { source: 'field', name: 'field', type: { kind: 'string' } },
                { source: 'change', name: 'change', type: { kind: 'string' } },
                { source: 'reason', name: 'reason', type: { kind: 'string' } },
              ],
            },
          },
        },
      ],
    },
  },
];

/** Every column of a file of this layout, in file order: meta columns, data columns, overflow. */
export function allColumns(layout: StreamLayout): Field[] {
  const data = layout.schemaless ? [{ source: DATA_COLUMN, name: DATA_COLUMN, type: { kind: 'json' } as ColumnType }] : layout.fields;
  return [...META_COLUMNS, ...data, { source: OVERFLOW_COLUMN, name: OVERFLOW_COLUMN, type: { kind: 'json' } }];
}
