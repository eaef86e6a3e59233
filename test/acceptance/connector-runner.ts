/**
 * Runs a connector command either as the CLI (tsx, as the other tests do) or
 * as its container image (podman or docker, per scripts/podman-env.sh), with
 * the same files and stdin. Every stdout line is validated against the
 * Airbyte protocol (assertValidAirbyteMessages) before anything looks at it.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import { runCli, runProcess, type CliResult } from '../support/run-cli.js';
import { REPO_ROOT } from '../support/s3-test-helpers.js';

export type ConnectorName = 'source-elasticsearch' | 'destination-s3-parquet';

/** The files a command takes (`--config`, `--catalog`, `--state`), as values. */
export interface CommandFiles {
  readonly config?: unknown;
  readonly catalog?: unknown;
  readonly state?: unknown;
}

export interface ConnectorRunner {
  /** "CLI" or the image name, for test titles. */
  readonly label: string;
  /** Runs `command` with the given files as flags and `input` on stdin; resolves when the process exits. */
  run(command: string, files?: CommandFiles, input?: string): Promise<CliResult>;
}

function writeFiles(files: CommandFiles, dir: string, mountedAt: string): string[] {
  const args: string[] = [];
  for (const [flag, value] of Object.entries(files)) {
    if (value === undefined) continue;
    writeFileSync(join(dir, `${flag}.json`), stringifyExactJson(value));
    chmodSync(join(dir, `${flag}.json`), 0o644);
    args.push(`--${flag}`, `${mountedAt}/${flag}.json`);
  }
  return args;
}

/** The connector run from its TypeScript sources. */
export function cliRunner(connector: ConnectorName): ConnectorRunner {
  return {
    label: 'CLI',
    run(command, files = {}, input) {
      const dir = mkdtempSync(join(tmpdir(), 'espq-acceptance-'));
      return runCli(connector, [command, ...writeFiles(files, dir, dir)], input === undefined ? {} : { input });
    },
  };
}

/**
 * Runs `<engine> run --rm --network=host -v DIR:/data IMAGE args` through
 * scripts/podman-env.sh, so tests call the engine exactly as the scripts do.
 * Resolves with stdout and stderr; validates stdout like runCli.
 */
export function runContainer(runArgs: readonly string[], input?: string): Promise<CliResult> {
  const script = '. scripts/podman-env.sh; exec "${CONTAINER[@]}" run --rm -i --network=host "${RUN_FLAGS[@]}" "$@"';
  return runProcess('bash', ['-c', script, 'run-container', ...runArgs], input === undefined ? { cwd: REPO_ROOT } : { cwd: REPO_ROOT, input });
}

/** The connector run from its image; files are mounted read-only at /data. */
export function imageRunner(image: string): ConnectorRunner {
  return {
    label: image,
    run(command, files = {}, input) {
      const dir = mkdtempSync(join(tmpdir(), 'espq-acceptance-'));
      chmodSync(dir, 0o755);
      return runContainer(['-v', `${dir}:/data:ro`, image, command, ...writeFiles(files, dir, '/data')], input);
    },
  };
}
