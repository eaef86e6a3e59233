import { ConnectorError } from '../protocol/connector-error.js';
import { connectionStatusMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { readJsonFile } from './read-json-file.js';
import type { SecretRegistry } from './run-command.js';

/** What a CLI needs of a connector's config declaration. */
export interface ConfigLoader<C> {
  /** Validates raw JSON from `origin` into the typed config, or throws a config_error. */
  parse(raw: unknown, origin: string): C;
  /** Every secret value in a (possibly invalid) raw config. */
  secrets(raw: unknown): string[];
}

/**
 * Reads `--config`, registers its secrets for scrubbing before anything can
 * print them (even when the config is invalid), and validates it.
 */
export async function loadConfigFile<C>(path: string, loader: ConfigLoader<C>, secrets: SecretRegistry): Promise<C> {
  const raw = await readJsonFile(path, '--config');
  secrets.add(loader.secrets(raw));
  return loader.parse(raw, `The --config file ${path}`);
}

/**
 * The `check` command's shape, the same for every connector: a config that
 * cannot be loaded is answered with CONNECTION_STATUS FAILED (not a TRACE),
 * anything else is up to `run`.
 */
export async function* checkWithConfig<C>(path: string, loader: ConfigLoader<C>, secrets: SecretRegistry, run: (config: C) => AsyncIterable<AirbyteMessage>): AsyncGenerator<AirbyteMessage> {
  let config: C;
  try {
    config = await loadConfigFile(path, loader, secrets);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    yield connectionStatusMessage(false, error.message);
    return;
  }
  yield* run(config);
}
