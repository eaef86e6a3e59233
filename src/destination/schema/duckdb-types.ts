import type { ColumnType, Field } from './column-type.js';

/** A DuckDB identifier in double quotes. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A DuckDB string literal in single quotes. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The DuckDB type that `read_ndjson` reads and COPY writes as the intended Parquet type. */
export function duckdbType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
    case 'json':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'timestamp':
      return 'TIMESTAMPTZ';
    case 'date':
      return 'DATE';
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdentifier(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
    case 'list':
      return `${duckdbType(type.element)}[]`;
  }
}

/** The `columns={...}` argument of read_ndjson for these columns. */
export function readNdjsonColumns(columns: readonly Field[]): string {
  return `{${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(duckdbType(c.type))}`).join(', ')}}`;
}
