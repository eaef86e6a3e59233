import { systemError } from '../../protocol/connector-error.js';
import type { Field } from '../schema/column-type.js';
import type { SpoolFile } from './spool.js';
import type { StreamTarget } from './stream-target.js';
import type { ParquetOptions } from './write-parquet.js';

/** Turns a spool file into a Parquet file: `ParquetConverter` (DuckDB), or a stand-in in unit tests. */
export interface ParquetEncoder {
  /** Writes `input` (an NDJSON spool file of `rows` lines) to `output` as Parquet; returns the file's size in bytes. */
  convert(input: { path: string; rows: number; maxLineBytes: number }, columns: readonly Field[], output: string, options: ParquetOptions): Promise<number>;
}

/** Where the Parquet file of a spool file is written (next to it, in the spool directory). */
export function parquetPath(file: SpoolFile): string {
  return file.path.replace(/\.ndjson$/, '.parquet');
}

/**
 * Stage 3 of the write path (encode): converts one closed spool file of
 * `target` to Parquet at `parquetPath(file)` with the stream's columns, and
 * records the observed size ratio on the target (the batch policy sizes its
 * next files by it). Returns the Parquet file's size. A failure becomes a
 * system_error naming the stream. The caller removes both files, in
 * `finally`.
 */
export async function encodeParquet(encoder: ParquetEncoder, file: SpoolFile, target: StreamTarget, options: ParquetOptions): Promise<number> {
  let size: number;
  try {
    size = await encoder.convert(file, target.columns, parquetPath(file), options);
  } catch (error) {
    throw systemError(`Converting ${file.rows} records of stream "${target.descriptor.name}" to Parquet failed: ${(error as Error).message}`, { cause: error, stream: target.descriptor });
  }
  target.parquetRatio = Math.min(1, Math.max(0.01, size / file.bytes));
  return size;
}
