import { rm } from 'node:fs/promises';
import { systemError } from '../../protocol/connector-error.js';
import type { Field } from '../schema/column-type.js';
import { isDuplicateKeyError, rewriteSpoolCanonically } from './canonical-spool.js';
import type { SpoolFile, SpoolPart } from './spool.js';
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
 * stream is partitioned by event time. A file DuckDB refuses for a
 * duplicated key (rows written from their records' text keep it) is
 * rewritten from parsed values and converted again (canonical-spool.ts).
 * Returns the files written. A failure becomes a system_error naming the
 * stream. The caller removes the spool files and everything at their
 * `parquetPath`, in `finally`.
 */
export async function encodeParquet(encoder: ParquetEncoder, file: SpoolFile, target: StreamTarget, options: ParquetOptions): Promise<EncodedFile[]> {
  const { partitioning } = target;
  const partition = partitioning.kind === 'event_time' ? { column: partitioning.column, granularity: partitioning.granularity } : undefined;
  const files: EncodedFile[] = [];
  const convert = async (part: SpoolPart): Promise<EncodedFile[]> => {
    if (part.partition === undefined) return await encoder.convert(part, target.columns, parquetPath(part), { ...options, partition });
    return (await encoder.convert(part, target.columns, parquetPath(part), { ...options, partition: undefined })).map((encoded) => ({ ...encoded, partition: part.partition }));
  };
  try {
    for (const part of file.parts) {
      try {
        files.push(...(await convert(part)));
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // A row written from its record's text holds a duplicated key: the file is written again from parsed values, once.
        await rm(parquetPath(part), { recursive: true, force: true });
        files.push(...(await convert(await rewriteSpoolCanonically(part))));
      }
    }
  } catch (error) {
    throw systemError(`Converting ${file.rows} records of stream "${target.descriptor.name}" to Parquet failed: ${(error as Error).message}`, { cause: error, stream: target.descriptor });
  }
  const size = files.reduce((sum, encoded) => sum + encoded.bytes, 0);
  target.parquetRatio = Math.min(1, Math.max(0.01, size / file.bytes));
  return files;
}
