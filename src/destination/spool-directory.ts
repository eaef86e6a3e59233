import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configError } from '../protocol/connector-error.js';
import type { DestinationConfig } from './config/destination-config-schema.js';

/**
 * Creates a new, empty directory of this run's own under the config's
 * `local_spool_directory` (or the system temp directory) and returns its
 * path; the caller removes it. Where that cannot be done (the directory
 * does not exist, is a file, is not writable, the disk is full), throws a
 * config_error naming `local_spool_directory`, the directory and the
 * system's reason: `check` answers FAILED with it, `write` stops with it
 * before reading any input.
 */
export async function createSpoolDirectory(config: Pick<DestinationConfig, 'local_spool_directory'>, prefix = 'destination-s3-parquet-'): Promise<string> {
  const parent = config.local_spool_directory ?? tmpdir();
  try {
    return await mkdtemp(join(parent, prefix));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const setting = config.local_spool_directory === undefined
      ? `the system temp directory ${JSON.stringify(parent)} (used because "local_spool_directory" is not set)`
      : `"local_spool_directory" (${JSON.stringify(parent)})`;
    throw configError(
      `Cannot create the local spool directory in ${setting}: ${code}. Set "local_spool_directory" to an existing directory this process can write to, with free space for about 6 times the target file size per open stream.`,
      { internalMessage: (error as Error).message, cause: error },
    );
  }
}
