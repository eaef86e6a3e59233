import type { ColumnType, Field } from './column-type.js';
import { OVERFLOW_COLUMN } from './column-type.js';

/** The Hive partition column added by Hive-style partitioning. */
export const PARTITION_COLUMN = 'dt';

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The Hive type name Athena uses for a column type. */
export function hiveType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
    case 'json':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double';
    case 'timestamp':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'struct':
      return `struct<${type.fields.map((f) => `${quote(f.name)}:${hiveType(f.type)}`).join(',')}>`;
    case 'list':
      return `array<${hiveType(type.element)}>`;
  }
}

/** An Athena table name: lowercase letters, digits and underscores. */
export function athenaTableName(stream: { name: string; namespace?: string | undefined }): string {
  const raw = stream.namespace ? `${stream.namespace}_${stream.name}` : stream.name;
  return raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * The `CREATE EXTERNAL TABLE` statement matching a stream's files, to paste
 * into Athena. `location` is `s3://bucket/directory/`. With `partitioned`,
 * the table is partitioned by `dt` (YYYY-MM-DD) through partition projection,
 * so no `MSCK REPAIR TABLE` is needed.
 */
export function athenaDdl(options: { table: string; columns: readonly Field[]; location: string; partitioned: boolean; compression: string }): string {
  const lines = options.columns.map((c) => {
    const comment = c.name === OVERFLOW_COLUMN ? " COMMENT 'JSON object: pointer to each value that did not fit its column -> the value as received'" : '';
    return `  ${quote(c.name)} ${hiveType(c.type)}${comment}`;
  });
  const location = options.location.endsWith('/') ? options.location : `${options.location}/`;
  const parts = [`CREATE EXTERNAL TABLE IF NOT EXISTS ${quote(options.table)} (`, lines.join(',\n'), ')'];
  if (options.partitioned) parts.push(`PARTITIONED BY (${quote(PARTITION_COLUMN)} string)`);
  parts.push('STORED AS PARQUET', `LOCATION '${location}'`);
  const properties: Array<[string, string]> = [['parquet.compression', options.compression]];
  if (options.partitioned) {
    properties.push(
      ['projection.enabled', 'true'],
      [`projection.${PARTITION_COLUMN}.type`, 'date'],
      [`projection.${PARTITION_COLUMN}.format`, 'yyyy-MM-dd'],
      [`projection.${PARTITION_COLUMN}.range`, '1970-01-01,NOW'],
      [`projection.${PARTITION_COLUMN}.interval`, '1'],
      [`projection.${PARTITION_COLUMN}.interval.unit`, 'DAYS'],
      ['storage.location.template', `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`],
    );
  }
  parts.push(`TBLPROPERTIES (\n${properties.map(([k, v]) => `  '${k}'='${v}'`).join(',\n')}\n);\n`);
  return parts.join('\n');
}
