#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=70
import { Command } from 'commander';
import { specMessage, catalogMessage, logMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { parseConfiguredCatalog } from '../protocol/parse-catalog.js';
import { check } from '../source/check.js';
import { endpointLabel, parseSourceConfig, sourceSecrets } from '../source/config/parse-source-config.js';
import type { SourceConfig } from '../source/config/source-config-schema.js';
import { discover } from '../source/discover/discover.js';
import { Cluster } from '../source/elasticsearch/cluster.js';
import { createClient } from '../source/elasticsearch/create-client.js';
import { read } from '../source/read/read.js';
import { parseStateInput } from '../source/state/read-state-file.js';
import { sourceSpec } from '../source/spec.js';
import { readJsonFile } from './read-json-file.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/retry.js';
import { runCommand } from './run-command.js';
import { checkWithConfig, loadConfigFile, type ConfigLoader } from './connector-config.js';

const SOURCE_CONFIG: ConfigLoader<SourceConfig> = { parse: parseSourceConfig, secrets: sourceSecrets };

/** Opens the cluster for one command and closes it when the messages end. */
async function* withCluster(config: SourceConfig, use: (cluster: Cluster) => AsyncIterable<AirbyteMessage>, retryPolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: config.retry_max_attempts }): AsyncGenerator<AirbyteMessage> {
  const retries: string[] = [];
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const cluster = new Cluster(createClient(config), endpointLabel(config), { onRetry: (message) => retries.push(message), signal: controller.signal, retryPolicy });
  try {
    for await (const message of use(cluster)) {
      while (retries.length > 0) yield logMessage('WARN', retries.shift() ?? '');
      yield message;
    }
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await cluster.close();
  }
}

const program = new Command('source-elasticsearch').description('Airbyte source for Elasticsearch and OpenSearch').showHelpAfterError();

program.command('spec').description('print the connector specification').action(() => runCommand(async function* () {
  yield specMessage(sourceSpec());
}));

program
  .command('check')
  .description('check that the cluster is reachable and readable with this config')
  .requiredOption('--config <file>', 'config JSON file')
  .action((options: { config: string }) =>
    runCommand((secrets) =>
      // check answers quickly: one retry at most, so an unreachable node fails within seconds.
      checkWithConfig(options.config, SOURCE_CONFIG, secrets, (config) => withCluster(config, (cluster) => check(cluster, config), { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, maxElapsedMs: 5_000 })),
    ),
  );

program
  .command('discover')
  .description('list the streams (indices, aliases, data streams) and their schemas')
  .requiredOption('--config <file>', 'config JSON file')
  .action((options: { config: string }) =>
    runCommand(async function* (secrets) {
      const config = await loadConfigFile(options.config, SOURCE_CONFIG, secrets);
      yield* withCluster(config, async function* (cluster) {
        yield catalogMessage(await discover(cluster, config));
      });
    }),
  );

program
  .command('read')
  .description('read the streams of a configured catalog')
  .requiredOption('--config <file>', 'config JSON file')
  .requiredOption('--catalog <file>', 'configured catalog JSON file')
  .option('--state <file>', 'state JSON file from an earlier read')
  .action((options: { config: string; catalog: string; state?: string }) =>
    runCommand(async function* (secrets) {
      const config = await loadConfigFile(options.config, SOURCE_CONFIG, secrets);
      const catalog = parseConfiguredCatalog(await readJsonFile(options.catalog, '--catalog'), `The --catalog file ${options.catalog}`);
      const states = options.state === undefined ? new Map() : parseStateInput(await readJsonFile(options.state, '--state'), `The --state file ${options.state}`);
      yield* withCluster(config, (cluster) => read(cluster, config, catalog, states));
    }),
  );

await program.parseAsync(process.argv);
