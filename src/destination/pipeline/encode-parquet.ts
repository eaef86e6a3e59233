import { systemError } from '../../protocol/connector-error.js';
import type { Field } from '../schema/column-type.js';
import type { SpoolFile } from './spool.js';
import type { StreamTarget } from './stream-target.js';
import type { EncodedFile, ParquetOptions } from './write-parquet.js';

/** Turns a spool file into a Parquet file: `ParquetConverter` (DuckDB), or a stand-in in unit tests. */
export interface ParquetEncoder {
  /**
   * Writes `input` (an NDJSON spool file of `rows` lines) to `output` as
   * Parquet: one file at `output`, or with `options.partition` files under
   * the directory `output`, one or more per partition. Returns the files.
   */
  convert(input: { path: string; rows: number; maxLineBytes: number }, columns: readonly Field[], output: string, options: ParquetOptions): Promise<EncodedFile[]>;
}

/** Where the Parquet file (or, partitioned, the directory of files) of a spool file is written: next to it, in the spool directory. */
export function parquetPath(file: SpoolFile): string {
  return file.path.replace(/\.ndjson$/, '.parquet');
}

/**
 * Stage 3 of the write path (encode): converts one closed spool file of
 * `target` to Parquet at `parquetPath(file)` with the stream's columns,
 * split by partition when the stream is partitioned by event time, and
 * records the observed size ratio on the target (the batch policy sizes its
 * next files by it). Returns the files written. A failure becomes a
 * system_error naming the stream. The caller removes the spool file and
 * everything at `parquetPath(file)`, in `finally`.
 */
export async function encodeParquet(encoder: ParquetEncoder, file: SpoolFile, target: StreamTarget, options: ParquetOptions): Promise<EncodedFile[]> {
  const { partitioning } = target;
  const partition = partitioning.kind === 'event_time' ? { column: partitioning.column, granularity: partitioning.granularity } : undefined;
  let files: EncodedFile[];
  try {
    files = await encoder.convert(file, target.columns, parquetPath(file), { ...options, partition });
  } catch (error) {
    throw systemError(`Converting ${file.rows} records of stream "${target.descriptor.name}" to Parquet failed: ${(error as Error).message}`, { cause: error, stream: target.descriptor });
  }
  const size = files.reduce((sum, encoded) => sum + encoded.bytes, 0);
  target.parquetRatio = Math.min(1, Math.max(0.01, size / file.bytes));
  return files;
}
