#!/usr/bin/env node
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { DuckDBInstance } from '@duckdb/node-api';
import { connectionStatusMessage, specMessage } from '../protocol/message-factory.js';
import { ConnectorError } from '../protocol/connector-error.js';
import { parseConfiguredCatalog } from '../protocol/parse-catalog.js';
import { check } from '../destination/check.js';
import type { DestinationConfig } from '../destination/config/destination-config-schema.js';
import { destinationSecrets, parseDestinationConfig } from '../destination/config/parse-destination-config.js';
import { parseMessages } from '../destination/pipeline/parse-messages.js';
import { createS3Client } from '../destination/s3/create-s3-client.js';
import { destinationSpec } from '../destination/spec.js';
import { checkSyncModes, write } from '../destination/write.js';
import { readJsonFile } from './read-json-file.js';
import { runCommand, type SecretRegistry } from './run-command.js';

/** Loads and validates --config, registering its secrets before anything can print them. */
async function loadConfig(path: string, secrets: SecretRegistry): Promise<DestinationConfig> {
  const raw = await readJsonFile(path, '--config');
  secrets.add(destinationSecrets(raw));
  return parseDestinationConfig(raw, `The --config file ${path}`);
}

/** DuckDB memory cap for Parquet conversion; it spills to the spool directory beyond it. */
const DUCKDB_MEMORY_LIMIT = process.env['DESTINATION_DUCKDB_MEMORY_LIMIT'] ?? '512MB';

const program = new Command('destination-s3-parquet').description('Airbyte destination writing Parquet files to S3').showHelpAfterError();

program.command('spec').description('print the connector specification').action(() =>
  runCommand(async function* () {
    yield specMessage(destinationSpec());
  }),
);

program
  .command('check')
  .description('check that the bucket is writable with this config')
  .requiredOption('--config <file>', 'config JSON file')
  .action((options: { config: string }) =>
    runCommand(async function* (secrets) {
      let config: DestinationConfig;
      try {
        config = await loadConfig(options.config, secrets);
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        yield connectionStatusMessage(false, error.message);
        return;
      }
      const s3 = createS3Client(config, { maxAttempts: 2, requestTimeoutMs: 20_000 });
      try {
        yield* check(s3, config);
      } finally {
        s3.destroy();
      }
    }),
  );

program
  .command('write')
  .description('write the RECORD messages on stdin to Parquet files on S3, echoing each STATE once its records are stored')
  .requiredOption('--config <file>', 'config JSON file')
  .requiredOption('--catalog <file>', 'configured catalog JSON file')
  .action((options: { config: string; catalog: string }) =>
    runCommand(async function* (secrets) {
      const config = await loadConfig(options.config, secrets);
      const catalog = parseConfiguredCatalog(await readJsonFile(options.catalog, '--catalog'), `The --catalog file ${options.catalog}`);
      checkSyncModes(catalog);
      const spoolDirectory = await mkdtemp(join(config.local_spool_directory ?? tmpdir(), 'destination-s3-parquet-'));
      const duckdb = await DuckDBInstance.create(':memory:', { memory_limit: DUCKDB_MEMORY_LIMIT, temp_directory: join(spoolDirectory, 'duckdb-tmp') });
      const s3 = createS3Client(config);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      try {
        yield* write(config, catalog, parseMessages(lines), { s3, duckdb, spoolDirectory });
      } finally {
        lines.close();
        process.stdin.destroy();
        s3.destroy();
        duckdb.closeSync();
      }
    }),
  );

await program.parseAsync(process.argv);
