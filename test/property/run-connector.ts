/**
 * Runs a connector CLI (src/cli/<connector>.ts, with tsx, like
 * test/support/run-cli.ts) for the property tests, which need what runCli
 * does not give: stdin as bytes (invalid UTF-8, a 33 MB line), a time limit
 * (a hung run is a finding, not a stuck test), and the raw output even when a
 * line breaks the protocol (the invariants report that line instead of
 * throwing on it).
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type Connector = 'source-elasticsearch' | 'destination-s3-parquet';

export interface ConnectorRun {
  connector: Connector;
  args: readonly string[];
  /** Exit code; null when killed (see timedOut). */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Non-empty stdout lines, unparsed. */
  lines: string[];
  elapsedMs: number;
}

/** How many CLI processes the property tests started (printed in the totals). */
export const spawnCount = { value: 0 };

/** Runs the CLI to its exit (or kills it after `timeoutMs`), writing `input` to stdin. Never rejects on output. */
export function runConnector(connector: Connector, args: readonly string[], options: { input?: string | Buffer | readonly (string | Buffer)[]; timeoutMs?: number } = {}): Promise<ConnectorRun> {
  spawnCount.value++;
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, `src/cli/${connector}.ts`), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // The connector may exit before it read all of stdin (it stopped at a bad line): EPIPE is expected then.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      resolvePromise({
        connector,
        args,
        code,
        timedOut,
        stdout,
        stderr: Buffer.concat(err).toString('utf8'),
        lines: stdout.split('\n').filter((line) => line.length > 0),
        elapsedMs: Date.now() - started,
      });
    });
    void feed(child.stdin, options.input);
  });
}

async function feed(stdin: NodeJS.WritableStream, input: string | Buffer | readonly (string | Buffer)[] | undefined): Promise<void> {
  const chunks = input === undefined ? [] : typeof input === 'string' || Buffer.isBuffer(input) ? [input] : input;
  try {
    for (const chunk of chunks) {
      if (!stdin.write(chunk)) await new Promise<void>((resolveDrain) => {
        const done = (): void => {
          stdin.off('drain', done);
          stdin.off('close', done);
          resolveDrain();
        };
        stdin.on('drain', done);
        stdin.on('close', done);
      });
    }
  } finally {
    stdin.end();
  }
}
