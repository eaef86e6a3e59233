import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DestinationConfig } from './config/destination-config-schema.js';
import { S3ObjectStore } from './object-store/s3-object-store.js';
import { ParquetConverter } from './pipeline/parquet-converter.js';
import { createS3Client, encryptionParameters } from './s3/create-s3-client.js';
import { createSpoolDirectory } from './spool-directory.js';
import type { WriteDependencies } from './write.js';

/**
 * DuckDB's memory cap for Parquet conversion, beyond which it spills to the
 * spool directory, and its threads. Measured here (2 cores): one thread and
 * 320MB convert both 1 KB log documents (peak RSS 411 MB for 200k) and
 * 100 KB documents; two threads or 256MB ran out of memory on the latter,
 * and a second thread did not make conversion faster. The env var overrides it.
 */
export const DUCKDB_MEMORY_LIMIT = process.env['DESTINATION_DUCKDB_MEMORY_LIMIT'] ?? '320MB';
const DUCKDB_THREADS = 1;

/**
 * Opens what one `write` needs: a spool directory of its own, a Parquet
 * converter (DuckDB, capped in memory), the object store on S3 (with the
 * config's bucket and encryption). The caller must `close()` them,
 * in `finally`. A spool directory that cannot be created is a config_error
 * naming `local_spool_directory` (`createSpoolDirectory`).
 */
export async function openWriteDependencies(config: DestinationConfig): Promise<WriteDependencies & { close(): Promise<void> }> {
  const spoolDirectory = await createSpoolDirectory(config);
  const converter = new ParquetConverter({ memoryLimit: DUCKDB_MEMORY_LIMIT, threads: DUCKDB_THREADS, tempDirectory: join(spoolDirectory, 'duckdb-tmp') });
  const s3 = createS3Client(config);
  return {
    store: new S3ObjectStore(s3, config.bucket, encryptionParameters(config)),
    converter,
    spoolDirectory,
    close: async () => {
      s3.destroy();
      await rm(spoolDirectory, { recursive: true, force: true });
    },
  };
}
