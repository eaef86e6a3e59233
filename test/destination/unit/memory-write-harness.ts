/**
 * Helpers for unit tests of the write path on the in-memory object store:
 * an input whose messages the test pushes one by one, a consumer that
 * collects the output as it comes, a gate to hold a store call, and a
 * stand-in Parquet encoder (no DuckDB), so acknowledgement and cancellation
 * are tested in milliseconds and without timing luck.
 */
import type { EncodedFile } from '../../../src/destination/pipeline/write-parquet.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDestinationConfig } from '../../../src/destination/config/parse-destination-config.js';
import type { DestinationConfig } from '../../../src/destination/config/destination-config-schema.js';
import type { ParquetEncoder } from '../../../src/destination/pipeline/encode-parquet.js';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../../../src/protocol/messages.js';

export function unitConfig(overrides: Record<string, unknown> = {}): DestinationConfig {
  return parseDestinationConfig({ bucket: 'unit-bucket', region: 'us-east-1', flush_interval_seconds: 0, ...overrides }, 'The unit test config');
}

export function catalogOf(...names: string[]): ConfiguredAirbyteCatalog {
  return {
    streams: names.map((name) => ({
      stream: { name, json_schema: { type: 'object', properties: { n: { type: ['null', 'integer'] } } }, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'append',
    })),
  };
}

export const record = (stream: string, n: number): AirbyteMessage => ({ type: 'RECORD', record: { stream, data: { n }, emitted_at: 1_700_000_000_000 } });
export const state = (n: number): AirbyteMessage => ({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's' }, stream_state: { n } } } });

/** An input the test feeds: `push` messages, `end` it; it stays open (and quiet) until then. */
export class Feed<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  /** True once the consumer called `return` (let go of the input). */
  returned = false;

  push(...items: T[]): void {
    this.queue.push(...items);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        const item = this.queue.shift();
        if (item !== undefined) yield item;
        else if (this.ended) return;
        else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.returned = true;
    }
  }
}

/** Collects a generator's output in the background; `done` settles with its end or its error. */
export function consume(output: AsyncIterable<AirbyteMessage>): { messages: AirbyteMessage[]; states: () => AirbyteMessage[]; done: Promise<void> } {
  const messages: AirbyteMessage[] = [];
  const done = (async () => {
    for await (const message of output) messages.push(message);
  })();
  done.catch(() => undefined);
  return { messages, states: () => messages.filter((m) => m.type === 'STATE'), done };
}

/**
 * Lets pending work run until `condition` holds; fails after many turns of
 * the event loop and at least 20 s (file I/O on a busy machine can take
 * longer than 5,000 turns).
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  for (let turn = 0; turn < 5000 || Date.now() - started < 20_000; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`Still waiting for: ${what}`);
}

/** Lets pending work run for a while (to show that something does NOT happen). */
export async function settle(turns = 200): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A promise the test resolves. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A stand-in for DuckDB: writes `sizeOf(n)` bytes for the n-th file (from 0) and returns the size. */
export function fakeEncoder(sizeOf: (index: number) => number = () => 100): ParquetEncoder & { files: number } {
  const encoder = {
    files: 0,
    async convert(input: { path: string; rows: number }, _columns: unknown, output: string): Promise<EncodedFile[]> {
      const size = sizeOf(encoder.files++);
      await writeFile(output, Buffer.alloc(size, 1));
      return [{ path: output, bytes: size, rows: input.rows }];
    },
  };
  return encoder;
}

export async function spoolDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'write-unit-'));
}
