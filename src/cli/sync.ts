#!/usr/bin/env -S node --max-semi-space-size=16
import { Command } from 'commander';
import { ConnectorError } from '../protocol/connector-error.js';
import { parseConfiguredCatalog } from '../protocol/parse-catalog.js';
import { DEFAULT_RETRY_POLICY } from '../core/retry.js';
import { endpointLabel, parseSourceConfig, sourceSecrets } from '../source/config/parse-source-config.js';
import { Cluster } from '../source/elasticsearch/cluster.js';
import { createClient } from '../source/elasticsearch/create-client.js';
import { discover } from '../source/discover/discover.js';
import { read } from '../source/read/read.js';
import { parseStateInput } from '../source/state/read-state-file.js';
import { destinationSecrets, parseDestinationConfig } from '../destination/config/parse-destination-config.js';
import { checkSyncModes, write } from '../destination/write.js';
import { openWriteDependencies } from '../destination/write-dependencies.js';
import { SecretRegistry } from './run-command.js';
import { readJsonFile } from './read-json-file.js';
import { defaultConfiguredCatalog } from '../sync/default-catalog.js';
import { ProgressReporter, type SyncCounters } from '../sync/progress.js';
import { runSync } from '../sync/run-sync.js';
import { StateFile } from '../sync/state-file.js';
import { splitSyncConfig, withSyncDestinationDefaults } from '../sync/sync-config.js';

interface SyncOptions {
  config?: string;
  sourceConfig?: string;
  destinationConfig?: string;
  catalog?: string;
  state: string;
  progressInterval?: string;
}

/**
 * `sync`: the source into the destination in one process, for cron jobs and
 * Kubernetes Jobs without Airbyte. Exit 0 when done; 1 on failure (the reason
 * on stderr); 130 / 143 after SIGINT / SIGTERM, with nothing left open and the
 * state file holding the last acknowledged state.
 */
async function sync(options: SyncOptions): Promise<number> {
  const secrets = new SecretRegistry();
  const log = (level: string, message: string): void => void process.stderr.write(`[sync] ${level} ${secrets.scrub(message)}\n`);
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled = signal;
    log('WARN', `${signal} received: stopping cleanly (closing the point in time, aborting unfinished uploads).`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const counters: SyncCounters = { documents: 0, bytesIn: 0, estimatedDocuments: 0, statesAcknowledged: 0, files: 0, bytesOut: 0 };
  const intervalMs = options.progressInterval === undefined ? undefined : Number(options.progressInterval) * 1000;
  const progress = new ProgressReporter(counters, process.stderr, intervalMs);
  let cluster: Cluster | undefined;
  try {
    const halves = splitSyncConfig(
      options.config !== undefined
        ? { combined: await readJsonFile(options.config, '--config') }
        : {
            ...(options.sourceConfig === undefined ? {} : { source: await readJsonFile(options.sourceConfig, '--source-config') }),
            ...(options.destinationConfig === undefined ? {} : { destination: await readJsonFile(options.destinationConfig, '--destination-config') }),
          },
      options.config,
    );
    secrets.add([...sourceSecrets(halves.source), ...destinationSecrets(halves.destination)]);
    const sourceConfig = parseSourceConfig(halves.source, options.config === undefined ? `The --source-config file ${options.sourceConfig ?? ''}` : `The "source" part of ${options.config}`);
    const destinationConfig = parseDestinationConfig(withSyncDestinationDefaults(halves.destination), options.config === undefined ? `The --destination-config file ${options.destinationConfig ?? ''}` : `The "destination" part of ${options.config}`);
    const stateFile = await StateFile.open(options.state);
    parseStateInput(stateFile.messages(), `The state file ${options.state}`);
    cluster = new Cluster(createClient(sourceConfig), endpointLabel(sourceConfig), {
      signal: controller.signal,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: sourceConfig.retry_max_attempts },
      onRetry: (message) => log('WARN', message),
    });
    const catalog = options.catalog !== undefined
      ? parseConfiguredCatalog(await readJsonFile(options.catalog, '--catalog'), `The --catalog file ${options.catalog}`)
      : defaultConfiguredCatalog(await discover(cluster, sourceConfig), Math.floor(Date.now() / 1000));
    checkSyncModes(catalog);
    log('INFO', `Syncing ${catalog.streams.length} stream(s) from ${endpointLabel(sourceConfig)} to s3://${destinationConfig.bucket}/${destinationConfig.path_prefix ?? ''}${stateFile.isEmpty ? '' : `, resuming from ${options.state}`}.`);
    const deps = await openWriteDependencies(destinationConfig);
    const activeCluster = cluster;
    progress.start();
    try {
      await runSync(
        {
          read: (configured, states) => read(activeCluster, sourceConfig, configured, parseStateInput(states, `The state file ${options.state}`)),
          write: (configured, input) => write(destinationConfig, configured, { kind: 'messages', messages: input }, {
            ...deps,
            onFileUploaded: (file) => {
              counters.files++;
              counters.bytesOut += file.bytes;
            },
          }),
          log,
        },
        catalog,
        stateFile,
        counters,
        controller.signal,
      );
    } finally {
      progress.stop();
      await deps.close();
    }
    log('INFO', `Done: ${progress.summary()}`);
    return 0;
  } catch (error) {
    progress.stop();
    const message = error instanceof ConnectorError ? `${error.failureType}: ${error.message}` : `system_error: ${(error as Error)?.stack ?? String(error)}`;
    log('ERROR', `Sync failed: ${message}`);
    log('INFO', `So far: ${progress.summary()} The state file ${options.state} holds the last acknowledged state; rerun to resume.`);
    return signalled === 'SIGINT' ? 130 : signalled === 'SIGTERM' ? 143 : 1;
  } finally {
    await cluster?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const program = new Command('sync')
  .description('Sync Elasticsearch into Parquet files on S3 without Airbyte: the source and destination in one process')
  .option('--config <file>', 'combined config: {"source": {...}, "destination": {...}}')
  .option('--source-config <file>', 'source-elasticsearch config')
  .option('--destination-config <file>', 'destination-s3-parquet config')
  .option('--catalog <file>', 'configured catalog (default: every stream; incremental on @timestamp where it exists, else full refresh replacing earlier files)')
  .requiredOption('--state <file>', 'state file: read at start if it exists, rewritten atomically after each acknowledged state')
  .option('--progress-interval <seconds>', 'seconds between progress lines when stderr is not a terminal (default 5)')
  .action(async (options: SyncOptions) => {
    process.exitCode = await sync(options);
  });

await program.parseAsync(process.argv);
