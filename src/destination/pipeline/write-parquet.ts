import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Field } from '../schema/column-type.js';
import { quoteIdentifier, quoteLiteral, readNdjsonColumns } from '../schema/duckdb-types.js';
import { GRANULARITY_FORMATS, PARTITION_COLUMN, type Granularity } from '../partition/partition-scheme.js';

/**
 * A row group is also closed at this many bytes (of DuckDB's in-memory
 * rows), whichever of rows and bytes comes first: wide rows (large
 * documents) would otherwise make DuckDB hold row_group_size huge rows in
 * memory at once. The writer's peak grows with it: `sync` of 1M log
 * documents with two slices peaked at 520–542 MB with 64 MB, 444–487 MB
 * with 32 MB and 408–410 MB with 16 MB. 32 MB keeps `sync` under 512 MB
 * with row groups of about 9 MB of Snappy Parquet (17 MB with 64 MB;
 * files 1.4% larger: 216 against 213 bytes per log document).
 */
export const ROW_GROUP_MAX_BYTES = 32 * 1024 * 1024;

export type ParquetCompression = 'SNAPPY' | 'ZSTD' | 'GZIP' | 'UNCOMPRESSED';

export interface ParquetOptions {
  compression: ParquetCompression;
  rowGroupSize: number;
  /** Event-time partitioning: split the rows by the partition value of `column` (a TIMESTAMPTZ or DATE column), in UTC. */
  partition?: { readonly column: string; readonly granularity: Granularity } | undefined;
}

/** One Parquet file written: its local path, size, row count and, when partitioned, its partition value. */
export interface EncodedFile {
  readonly path: string;
  readonly bytes: number;
  readonly rows: number;
  readonly partition?: string | undefined;
}

/**
 * Converts one NDJSON spool file to Parquet with DuckDB. The column types
 * are given explicitly (never inferred) and every line already holds values
 * of those types (see normalise-record.ts), so no row is dropped; the row
 * count of the result is checked against `rows` anyway. Rows may be written
 * in another order than the spool file's.
 *
 * Unpartitioned, `output` is the Parquet file. With `options.partition`,
 * `output` is a directory: one file `output/dt=<value>/part_0.parquet` is
 * written per partition value (see `writePartitions`), the
 * value being the UTC day, hour or month of the partition column, or the
 * granularity's catch-all value (1970-01-01...) where it is null or outside
 * years 1 to 9999. The `dt` column is in the directory names only, as Hive
 * expects. Returns every file written.
 */
export async function writeParquet(
  duckdb: DuckDBInstance,
  input: { path: string; rows: number; maxLineBytes: number },
  columns: readonly Field[],
  output: string,
  options: ParquetOptions,
): Promise<EncodedFile[]> {
  const connection = await duckdb.connect();
  try {
    const select = columns.map((c) => quoteIdentifier(c.name)).join(', ');
    const source = `read_ndjson(${quoteLiteral(input.path)}, columns=${readNdjsonColumns(columns)}, format='newline_delimited', maximum_object_size=${Math.max(16 * 1024 * 1024, input.maxLineBytes + 1024)})`;
    // Rows need not keep the spool's order inside a file; without it DuckDB streams with far less memory
    // (measured on 200k log records: peak RSS 413 MB instead of 618 MB).
    await connection.run('SET preserve_insertion_order = false');
    const format = `(FORMAT parquet, COMPRESSION ${options.compression.toLowerCase()}, ROW_GROUP_SIZE ${options.rowGroupSize}, ROW_GROUP_SIZE_BYTES ${ROW_GROUP_MAX_BYTES})`;
    if (options.partition === undefined) {
      const result = await connection.run(`COPY (SELECT ${select} FROM ${source}) TO ${quoteLiteral(output)} ${format}`);
      const written = Number(await result.getRowObjects().then((rows) => Object.values(rows[0] ?? {})[0] ?? -1).catch(() => -1));
      if (written !== -1 && written !== input.rows) throw new Error(`DuckDB wrote ${written} rows of ${input.rows} from ${input.path}`);
      return [{ path: output, bytes: (await stat(output)).size, rows: input.rows }];
    }
    return await writePartitions(connection, { select, source, format, columns, output, rows: input.rows, partition: options.partition });
  } finally {
    connection.closeSync();
  }
}

/** Partitions left after the first that are each copied straight from the spool file (one scan each) rather than through a table. */
const DIRECT_PARTITIONS_MAX = 3;

/**
 * The partitioned write, streaming where it can, since a table of the whole
 * batch costs memory (a 300,000-record batch of one day: peak RSS 761 MB
 * through a table, 536 MB unpartitioned):
 * - the partition of the first row is copied straight from the spool file
 *   to `output/dt=<value>/part_0.parquet`; when that was every row (time-
 *   ordered input: an incremental sync, a day of logs), that is the whole write;
 * - otherwise the rows are counted per partition (one more scan) and up to
 *   `DIRECT_PARTITIONS_MAX` further partitions are copied straight as well;
 * - beyond that, the rows of the other partitions are loaded once into a
 *   DuckDB table (spilled to its temp directory beyond its memory limit) and
 *   each partition is copied from it.
 * Every scan parses the whole spool file again, so the destination gives
 * this only the batch's shared file: the spool gives the first partitions
 * of a batch files of their own, each converted unpartitioned in one scan
 * (spool.ts; a 1M-document sync over two days: DuckDB's CPU halved).
 * Not `COPY ... PARTITION_BY`: its writer holds a buffer per column per
 * open partition, and 366 partitions of log records ran out of 305 MB with
 * 3,000 rows (3 partitions of 200,000 log records: peak RSS 498 MB, against
 * 343 MB for the same rows unpartitioned).
 */
async function writePartitions(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  job: { select: string; source: string; format: string; columns: readonly Field[]; output: string; rows: number; partition: NonNullable<ParquetOptions['partition']> },
): Promise<EncodedFile[]> {
  const { partition } = job;
  const granularity = GRANULARITY_FORMATS[partition.granularity];
  const column = job.columns.find((c) => c.name === partition.column);
  const utc = column?.type.kind === 'date' ? quoteIdentifier(partition.column) : `timezone('UTC', ${quoteIdentifier(partition.column)})`;
  const value = `coalesce(CASE WHEN year(${utc}) BETWEEN 1 AND 9999 THEN strftime(${utc}, ${quoteLiteral(granularity.strftime)}) END, ${quoteLiteral(granularity.catchAll)})`;
  const files: EncodedFile[] = [];
  const copy = async (from: string, partitionValue: string, where: string): Promise<number> => {
    const directory = join(job.output, `${PARTITION_COLUMN}=${partitionValue}`);
    await mkdir(directory, { recursive: true });
    const path = join(directory, 'part_0.parquet');
    const result = await connection.run(`COPY (SELECT ${job.select} FROM ${from} WHERE ${where} = ${quoteLiteral(partitionValue)}) TO ${quoteLiteral(path)} ${job.format}`);
    const rows = Number(Object.values((await result.getRowObjects())[0] ?? {})[0] ?? -1);
    files.push({ path, bytes: (await stat(path)).size, rows, partition: partitionValue });
    return rows;
  };
  const first = String(Object.values((await (await connection.run(`SELECT ${value} AS value FROM ${job.source} LIMIT 1`)).getRowObjects())[0] ?? {})[0] ?? granularity.catchAll);
  const firstRows = await copy(job.source, first, value);
  if (firstRows !== job.rows) {
    const counts = (await (await connection.run(`SELECT ${value} AS value, count(*) AS n FROM ${job.source} GROUP BY value ORDER BY value`)).getRowObjects())
      .map((row) => String(row['value']))
      .filter((other) => other !== first);
    if (counts.length <= DIRECT_PARTITIONS_MAX) {
      for (const other of counts) await copy(job.source, other, value);
    } else {
      const dt = quoteIdentifier(PARTITION_COLUMN);
      await connection.run(`CREATE TEMP TABLE batch AS SELECT * FROM (SELECT ${job.select}, ${value} AS ${dt} FROM ${job.source}) WHERE ${dt} <> ${quoteLiteral(first)}`);
      for (const other of counts) await copy('batch', other, dt);
    }
  }
  const total = files.reduce((sum, file) => sum + file.rows, 0);
  if (total !== job.rows) throw new Error(`DuckDB wrote ${total} rows of ${job.rows} into ${files.length} partition files under ${job.output}`);
  return files;
}
