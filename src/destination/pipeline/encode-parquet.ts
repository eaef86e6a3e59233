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
export function parquetPath(file: { readonly path: string }): string {
  return file.path.replace(/\.ndjson$/, '.parquet');
}

/**
 * Stage 3 of the write path (encode): converts the files of one closed
 * batch of `target` to Parquet, each at `parquetPath(part)`, with the
 * stream's columns, and records the observed size ratio on the target (the
 * batch policy sizes its next batches by it). A file that holds one known
 * partition (see `StreamSpool.append`) is converted in one scan as it is;
 * the batch's shared file is split by partition (writeParquet) when the
 * stream is partitioned by event time. Returns the files written. A failure
 * becomes a system_error naming the stream. The caller removes the spool
 * files and everything at their `parquetPath`, in `finally`.
 */
export async function encodeParquet(encoder: ParquetEncoder, file: SpoolFile, target: StreamTarget, options: ParquetOptions): Promise<EncodedFile[]> {
  const { partitioning } = target;
  const partition = partitioning.kind === 'event_time' ? { column: partitioning.column, granularity: partitioning.granularity } : undefined;
  const files: EncodedFile[] = [];
  try {
    for (const part of file.parts) {
      if (part.partition === undefined) {
        files.push(...(await encoder.convert(part, target.columns, parquetPath(part), { ...options, partition })));
      } else {
        for (const encoded of await encoder.convert(part, target.columns, parquetPath(part), { ...options, partition: undefined })) files.push({ ...encoded, partition: part.partition });
      }
    }
  } catch (error) {
    throw systemError(`Converting ${file.rows} records of stream "${target.descriptor.name}" to Parquet failed: ${(error as Error).message}`, { cause: error, stream: target.descriptor });
  }
  const size = files.reduce((sum, encoded) => sum + encoded.bytes, 0);
  target.parquetRatio = Math.min(1, Math.max(0.01, size / file.bytes));
  return files;
}
