import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidAirbyteMessages } from './protocol-validator.js';
import type { JsonValue } from '../../src/json/json-value.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  lines: string[];
  /** Every stdout line, parsed and validated against the Airbyte protocol. */
  messages: JsonValue[];
}

/** Runs `src/cli/<connector>.ts` with tsx, feeding `input` to stdin; validates every stdout line. */
export function runCli(connector: 'source-elasticsearch' | 'destination-s3-parquet', args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return runProcess(process.execPath, ['--import', 'tsx', resolve(root, `src/cli/${connector}.ts`), ...args], { ...options, cwd: root });
}

/**
 * Throws if a connector's stderr carries the AWS SDK's NodeVersionSupportWarning,
 * i.e. it ran on a Node the SDK no longer supports (every run of runProcess checks).
 */
export function assertSupportedNode(stderr: string): void {
  const at = stderr.indexOf('NodeVersionSupportWarning');
  if (at >= 0) throw new Error(`the connector ran on an unsupported Node: ${stderr.slice(at, at + 300)}`);
}

/**
 * Runs any command that speaks the Airbyte protocol on stdout (a CLI, a
 * container), feeding `input` to stdin. Resolves once it exits, with every
 * stdout line parsed and validated against the protocol schema; rejects if
 * stderr has the AWS SDK's NodeVersionSupportWarning.
 */
export function runProcess(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const lines = stdout.split('\n').filter((line) => line.length > 0);
      try {
        assertSupportedNode(stderr);
        resolvePromise({ code, signal, stdout, stderr, lines, messages: assertValidAirbyteMessages(lines) });
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(options.input ?? '');
  });
}
