import type { Writable } from 'node:stream';
import { stringifyExactJson } from '../json/exact-json.js';
import type { AirbyteMessage } from './messages.js';

/** Lines are handed to the stream in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes Airbyte messages to a stream, one JSON document per line, in order.
 * Lines are gathered into chunks (one `write` per ~64 KB instead of one per
 * record) and a partial chunk goes out on the next turn of the event loop,
 * so nothing waits long. Backpressure: when the stream's buffer is full,
 * `write` waits for `'drain'`, so a slow reader (the platform, a pipe) slows
 * the connector instead of filling memory. Call `flush()` before exiting.
 */
export class MessageWriter {
  private pending = '';
  private scheduled = false;

  constructor(private readonly out: Writable) {}

  async write(message: AirbyteMessage): Promise<void> {
    this.pending += stringifyExactJson(message) + '\n';
    if (this.pending.length >= CHUNK_CHARS) {
      await this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush().catch(() => undefined);
      });
    }
  }

  /** Hands every gathered line to the stream and waits until its buffer has room again. */
  async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    if (this.out.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = (): void => {
        this.out.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        this.out.off('drain', onDrain);
        reject(error);
      };
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
    });
  }
}
