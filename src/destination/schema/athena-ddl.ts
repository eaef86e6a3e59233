import type { ColumnType, Field } from './column-type.js';
import { OVERFLOW_COLUMN } from './column-type.js';
import { PARTITION_COLUMN, type GranularityFormat } from '../partition/partition-scheme.js';

export { PARTITION_COLUMN } from '../partition/partition-scheme.js';

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

/** The partitions of a table as the DDL declares them: the format of `dt` and the values written. */
export interface DdlPartitions {
  readonly format: GranularityFormat;
  /** Every partition value present (sorted or not); the projection range spans them. */
  readonly values: readonly string[];
  /** The partition value of the present moment in `format` (the projection range ends at NOW unless a later partition exists). */
  readonly now: string;
}

/**
 * The `CREATE EXTERNAL TABLE` statement matching a stream's files, to paste
 * into Athena. `location` is `s3://bucket/directory/`. With `partitions`, the
 * table is partitioned by `dt` through partition projection (a date
 * projection in the granularity's format, over the smallest partition
 * written to NOW, or to the largest when that is later), so no
 * `MSCK REPAIR TABLE` is needed in Athena; engines without projection add
 * the partitions with `addPartitionsDdl`.
 */
export function athenaDdl(options: { table: string; columns: readonly Field[]; location: string; partitions: DdlPartitions | undefined; compression: string }): string {
  const lines = options.columns.map((c) => {
    const comment = c.name === OVERFLOW_COLUMN ? " COMMENT 'JSON object: pointer to each value that did not fit its column -> the value as received'" : '';
    return `  ${quote(c.name)} ${hiveType(c.type)}${comment}`;
  });
  const location = withSlash(options.location);
  const { partitions } = options;
  const parts = [`CREATE EXTERNAL TABLE IF NOT EXISTS ${quote(options.table)} (`, lines.join(',\n'), ')'];
  if (partitions !== undefined) parts.push(`PARTITIONED BY (${quote(PARTITION_COLUMN)} string)`);
  parts.push('STORED AS PARQUET', `LOCATION '${location}'`);
  const properties: Array<[string, string]> = [['parquet.compression', options.compression]];
  if (partitions !== undefined) {
    const sorted = [...partitions.values].sort();
    const first = sorted[0] ?? partitions.now;
    const last = sorted.at(-1) ?? partitions.now;
    properties.push(
      ['projection.enabled', 'true'],
      [`projection.${PARTITION_COLUMN}.type`, 'date'],
      [`projection.${PARTITION_COLUMN}.format`, partitions.format.projectionFormat],
      [`projection.${PARTITION_COLUMN}.range`, `${first < partitions.now ? first : partitions.now},${last > partitions.now ? last : 'NOW'}`],
      [`projection.${PARTITION_COLUMN}.interval`, '1'],
      [`projection.${PARTITION_COLUMN}.interval.unit`, partitions.format.projectionUnit],
      ['storage.location.template', `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`],
    );
  }
  parts.push(`TBLPROPERTIES (\n${properties.map(([k, v]) => `  '${k}'='${v}'`).join(',\n')}\n);\n`);
  return parts.join('\n');
}

/**
 * `ALTER TABLE ... ADD IF NOT EXISTS PARTITION` statements for `values`, for
 * engines without partition projection (Hive, Spark, Trino's Hive
 * connector, Athena with projection off): at most 100 partitions per
 * statement, in order, each with its location.
 */
export function addPartitionsDdl(options: { table: string; location: string; values: readonly string[] }): string {
  const location = withSlash(options.location);
  const sorted = [...new Set(options.values)].sort();
  const statements: string[] = [];
  for (let i = 0; i < sorted.length; i += 100) {
    const clauses = sorted.slice(i, i + 100).map((value) => `  PARTITION (${quote(PARTITION_COLUMN)} = '${value}') LOCATION '${location}${PARTITION_COLUMN}=${value}/'`);
    statements.push(`ALTER TABLE ${quote(options.table)} ADD IF NOT EXISTS\n${clauses.join('\n')};\n`);
  }
  return statements.join('\n');
}

function withSlash(location: string): string {
  return location.endsWith('/') ? location : `${location}/`;
}
