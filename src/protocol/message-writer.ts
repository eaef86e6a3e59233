import type { Writable } from 'node:stream';
import { stringifyExactJson } from '../json/exact-json.js';
import type { AirbyteMessage } from './messages.js';

/**
 * Writes Airbyte messages to a stream, one JSON document per line.
 * Contract: the returned promise resolves once the line is accepted; when the
 * stream's buffer is full it waits for `'drain'`, so a slow reader (the
 * platform, a pipe) slows the connector instead of filling memory.
 */
export class MessageWriter {
  constructor(private readonly out: Writable) {}

  async write(message: AirbyteMessage): Promise<void> {
    if (this.out.write(stringifyExactJson(message) + '\n')) return;
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

  /** Writes every message of `messages`, in order, honouring backpressure. */
  async writeAll(messages: AsyncIterable<AirbyteMessage> | Iterable<AirbyteMessage>): Promise<void> {
    for await (const message of messages) await this.write(message);
  }
}
