#!/usr/bin/env -S node --max-semi-space-size=4
import { Command } from 'commander';
import { specMessage } from '../protocol/message-factory.js';
import { readLines } from '../protocol/read-lines.js';
import { parseConfiguredCatalog } from '../protocol/parse-catalog.js';
import { check } from '../destination/check.js';
import type { DestinationConfig } from '../destination/config/destination-config-schema.js';
import { destinationSecrets, parseDestinationConfig } from '../destination/config/parse-destination-config.js';
import { S3ObjectStore } from '../destination/object-store/s3-object-store.js';
import { createS3Client, encryptionParameters } from '../destination/s3/create-s3-client.js';
import { destinationSpec } from '../destination/spec.js';
import { checkSyncModes, write } from '../destination/write.js';
import { openWriteDependencies } from '../destination/write-dependencies.js';
import { readJsonFile } from './read-json-file.js';
import { runCommand } from './run-command.js';
import { checkWithConfig, loadConfigFile, type ConfigLoader } from './connector-config.js';

const DESTINATION_CONFIG: ConfigLoader<DestinationConfig> = { parse: parseDestinationConfig, secrets: destinationSecrets };

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
    runCommand((secrets) =>
      checkWithConfig(options.config, DESTINATION_CONFIG, secrets, async function* (config) {
        const s3 = createS3Client(config, { maxAttempts: 2, requestTimeoutMs: 20_000 });
        try {
          yield* check(new S3ObjectStore(s3, config.bucket, encryptionParameters(config)), config);
        } finally {
          s3.destroy();
        }
      }),
    ),
  );

program
  .command('write')
  .description('write the RECORD messages on stdin to Parquet files on S3, echoing each STATE once its records are stored')
  .requiredOption('--config <file>', 'config JSON file')
  .requiredOption('--catalog <file>', 'configured catalog JSON file')
  .action((options: { config: string; catalog: string }) =>
    runCommand(async function* (secrets) {
      const config = await loadConfigFile(options.config, DESTINATION_CONFIG, secrets);
      const catalog = parseConfiguredCatalog(await readJsonFile(options.catalog, '--catalog'), `The --catalog file ${options.catalog}`);
      checkSyncModes(catalog);
      const deps = await openWriteDependencies(config);
      // Lines are pulled as they are consumed: a fast stdin waits instead of queueing in memory.
      const lines = readLines(process.stdin);
      // Airbyte cancels a sync with SIGTERM: stop, abort the uploads in flight on the server, exit with a TRACE error.
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      try {
        yield* write(config, catalog, { kind: 'lines', lines }, { ...deps, signal: controller.signal });
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        // Not awaited: a read of stdin may be pending (stdin still open); destroying stdin ends it.
        process.stdin.destroy();
        void lines.return(undefined).catch(() => undefined);
        await deps.close();
      }
    }),
  );

await program.parseAsync(process.argv);
