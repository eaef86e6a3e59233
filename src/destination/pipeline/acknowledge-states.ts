import type { AirbyteMessage } from '../../protocol/messages.js';
import type { AckTracker } from './ack-tracker.js';
import type { AckEvent } from './upload-batches.js';

/**
 * Stage 5 of the write path (acknowledge): registers each STATE with the
 * ledger and yields every STATE that has become safe, after each event:
 * a STATE goes out only once every record received before it is in a
 * complete object (no ledger work starting at or before its watermark is
 * unfinished: open, closed, encoding or uploading), and states go out
 * strictly in the order received. LOG lines go out as they come. States still held when the input ends
 * stay in the ledger (`pendingStates`) for the caller to account for.
 */
export async function* acknowledgeStates(events: AsyncIterable<AckEvent>, tracker: AckTracker): AsyncGenerator<AirbyteMessage> {
  for await (const event of events) {
    if (event.kind === 'log') yield event.message;
    else if (event.kind === 'state') tracker.addState(event.message, event.watermark);
    yield* tracker.release();
  }
}
