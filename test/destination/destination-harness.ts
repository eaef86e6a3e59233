/**
 * Helpers for the destination's integration tests: config and catalog files
 * for a test bucket, and a live process whose stdout lines can be awaited
 * one by one (to look at the bucket at the moment a STATE is echoed).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { assertValidAirbyteMessages } from '../support/protocol-validator.js';
import { s3TestEnv } from '../support/s3-test-helpers.js';
import type { JsonValue } from '../../src/json/json-value.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A destination config for `bucket` on the test S3 server; `overrides` replace top-level fields. */
export function testConfig(bucket: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const env = s3TestEnv();
  return {
    bucket,
    region: env.region,
    endpoint: env.endpoint,
    path_style: true,
    credentials: { method: 'access_key', access_key_id: env.accessKeyId, secret_access_key: env.secretAccessKey },
    ...overrides,
  };
}

/** Writes JSON files into a fresh temp directory and returns their paths. */
export async function writeJsonFiles(files: Record<string, unknown>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'dest-test-'));
  const paths: Record<string, string> = {};
  for (const [name, value] of Object.entries(files)) {
    paths[name] = join(dir, `${name}.json`);
    await writeFile(paths[name], JSON.stringify(value));
  }
  return paths;
}

export function configuredStream(name: string, jsonSchema: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { stream: { name, json_schema: jsonSchema, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'append', ...extra };
}

export function recordLine(stream: string, data: unknown, emittedAt = 1_700_000_000_000): string {
  return JSON.stringify({ type: 'RECORD', record: { stream, data, emitted_at: emittedAt } });
}

export function stateLine(stream: string, value: number): string {
  return JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: { n: value } } } });
}

/** A running destination: feed stdin, await stdout lines, await the exit. */
export class LiveDestination {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', resolve(root, 'src/cli/destination-s3-parquet.ts'), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolvePromise) =>
      this.child.on('close', (code) => {
        for (const wake of this.waiters.splice(0)) wake();
        resolvePromise(code);
      }),
    );
  }

  /** Writes lines to stdin, honouring backpressure. */
  async send(lines: string[]): Promise<void> {
    for (const line of lines) if (!this.child.stdin.write(line + '\n')) await new Promise((r) => this.child.stdin.once('drain', r));
  }

  end(): void {
    this.child.stdin.end();
  }

  /** Waits until a stdout line matches, or the process exits (then throws). */
  async waitForLine(predicate: (line: string) => boolean, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null) throw new Error(`destination exited (${this.child.exitCode}) without the expected line; stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for a line; stdout:\n${this.lines.join('\n')}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  /** Every stdout line, validated against the Airbyte protocol. */
  messages(): JsonValue[] {
    return assertValidAirbyteMessages(this.lines);
  }
}
