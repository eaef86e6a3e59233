import type { Writable } from 'node:stream';
import { stringifyExactJson } from '../json/exact-json.js';
import type { AirbyteMessage } from './messages.js';
import { dataTextOf } from './record-data-text.js';

/** Lines are handed to the stream in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes Airbyte messages to a stream, one JSON document per line, in order.
 * Lines are gathered into chunks (one `write` per ~64 KB instead of one per
 * record) and a partial chunk goes out on the next turn of the event loop,
 * so nothing waits long. Backpressure: when the stream's buffer is full,
 * `write` waits for `'drain'`, so a slow reader (the platform, a pipe) slows
 * the connector instead of filling memory. Call `flush()` before exiting.
 * A RECORD that carries its data's text (record-data-text.ts) is written
 * with that text instead of its data serialised again.
 */
export class MessageWriter {
  private pending = '';
  private scheduled = false;

  constructor(private readonly out: Writable) {}

  async write(message: AirbyteMessage): Promise<void> {
    this.pending += lineOf(message) + '\n';
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

/** One message's line: a RECORD of just stream, data and emitted_at around the text of its data, where it carries one; else the message serialised. */
function lineOf(message: AirbyteMessage): string {
  if (message.type === 'RECORD') {
    const { record } = message;
    const text = dataTextOf(record);
    if (text !== undefined && record.namespace === undefined && record.meta === undefined && Number.isFinite(record.emitted_at)) {
      return `{"type":"RECORD","record":{"stream":${JSON.stringify(record.stream)},"data":${text},"emitted_at":${record.emitted_at}}}`;
    }
  }
  return stringifyExactJson(message);
}
