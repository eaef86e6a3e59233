import { systemError } from '../../protocol/connector-error.js';
import type { AirbyteMessage, AirbyteRecord } from '../../protocol/messages.js';
import type { ReceivedMessage } from './parse-messages.js';
import { streamId, type StreamTarget } from './stream-target.js';

/**
 * A message routed to its stream: a record with its sequence number (and
 * its input line and data text, when it came as one: see `ReceivedMessage`), or a state
 * with the records it covers.
 */
export type RoutedMessage =
  | { readonly kind: 'record'; readonly target: StreamTarget; readonly record: AirbyteRecord; readonly seq: number; readonly text: string | undefined; readonly dataText: string | undefined }
  /** A STATE received after `watermark` records: it covers records 1..watermark of every stream. */
  | { readonly kind: 'state'; readonly message: AirbyteMessage; readonly watermark: number };

/**
 * Stage 1 of the write path (route): finds the configured stream of each
 * RECORD, numbers records from 1 in input order (the numbers the
 * acknowledgement works with) and counts them per stream; a STATE is
 * passed on with the number of records before it. Other message types are
 * dropped. A record for a stream that is not in the catalog stops the sync
 * with a system_error, before anything of it is written. The input must be
 * guarded already (message-guards.ts, parse-messages.ts).
 */
export async function* routeByStream(messages: AsyncIterable<ReceivedMessage>, targets: ReadonlyMap<string, StreamTarget>): AsyncGenerator<RoutedMessage> {
  let seq = 0;
  for await (const { message, text, dataText } of messages) {
    if (message.type === 'RECORD') {
      const record = message.record;
      const target = targets.get(streamId({ name: record.stream, namespace: record.namespace }));
      if (target === undefined) {
        throw systemError(`A record arrived for stream "${record.stream}"${record.namespace ? ` in namespace "${record.namespace}"` : ''}, which is not in the configured catalog: add the stream to the catalog or fix the source.`);
      }
      seq++;
      target.records++;
      yield { kind: 'record', target, record, seq, text, dataText };
    } else if (message.type === 'STATE') {
      yield { kind: 'state', message, watermark: seq };
    }
  }
}
