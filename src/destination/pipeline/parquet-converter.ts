import { DuckDBInstance } from '@duckdb/node-api';
import type { Field } from '../schema/column-type.js';
import { Semaphore } from './semaphore.js';
import { writeParquet, type EncodedFile, type ParquetOptions } from './write-parquet.js';

/** DuckDB settings of each conversion (see write-dependencies.ts for the figures behind them). */
export interface DuckdbSettings {
  readonly memoryLimit: string;
  readonly threads: number;
  /** Where DuckDB spills beyond its memory limit. */
  readonly tempDirectory: string;
}

/**
 * Converts spool files to Parquet one at a time, each in a DuckDB instance
 * of its own that is closed when the file is done. A long-lived instance
 * kept memory from one conversion to the next outside its memory limit:
 * converting the same two 700 MB spool files peaked at 375–570 MB in one
 * instance and at 356–387 MB with an instance per file (and jemalloc's
 * background purging on). One at a time keeps that bound with several
 * uploads in flight; a conversion takes seconds, the upload after it runs
 * in parallel with the next one.
 */
export class ParquetConverter {
  private readonly slot = new Semaphore(1);

  constructor(private readonly settings: DuckdbSettings) {}

  /** Writes `input` (an NDJSON spool file of `rows` lines) to `output` as Parquet (see `writeParquet`); returns the files written. */
  async convert(input: { path: string; rows: number; maxLineBytes: number }, columns: readonly Field[], output: string, options: ParquetOptions): Promise<EncodedFile[]> {
    await this.slot.acquire();
    try {
      const duckdb = await DuckDBInstance.create(':memory:', {
        memory_limit: this.settings.memoryLimit,
        threads: String(this.settings.threads),
        temp_directory: this.settings.tempDirectory,
        allocator_background_threads: 'true',
      });
      try {
        return await writeParquet(duckdb, input, columns, output, options);
      } finally {
        duckdb.closeSync();
      }
    } finally {
      this.slot.release();
    }
  }
}
