import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DestinationConfig } from './config/destination-config-schema.js';
import { createS3Client } from './s3/create-s3-client.js';
import type { WriteDependencies } from './write.js';

/**
 * DuckDB's memory cap for Parquet conversion; beyond it DuckDB spills to the
 * spool directory. Below 512MB, DuckDB ran out of memory converting rows of
 * ~100 KB documents here; the env var lowers it for small documents.
 */
export const DUCKDB_MEMORY_LIMIT = process.env['DESTINATION_DUCKDB_MEMORY_LIMIT'] ?? '512MB';

/**
 * Opens what one `write` needs: a spool directory of its own, a DuckDB
 * instance capped in memory, an S3 client. The caller must `close()` them,
 * in `finally`.
 */
export async function openWriteDependencies(config: DestinationConfig): Promise<WriteDependencies & { close(): Promise<void> }> {
  const spoolDirectory = await mkdtemp(join(config.local_spool_directory ?? tmpdir(), 'destination-s3-parquet-'));
  const duckdb = await DuckDBInstance.create(':memory:', { memory_limit: DUCKDB_MEMORY_LIMIT, threads: '2', temp_directory: join(spoolDirectory, 'duckdb-tmp') });
  const s3 = createS3Client(config);
  return {
    s3,
    duckdb,
    spoolDirectory,
    close: async () => {
      s3.destroy();
      duckdb.closeSync();
      await rm(spoolDirectory, { recursive: true, force: true });
    },
  };
}
