import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../protocol/messages.js';
import { transientError } from '../protocol/connector-error.js';
import type { SyncCounters } from './progress.js';
import type { StateFile } from './state-file.js';

/** What the pipeline needs from each side; the CLI wires the real connectors in. */
export interface SyncSides {
  /** The source's messages for the catalog, resuming from the state file's states. */
  read(catalog: ConfiguredAirbyteCatalog, states: unknown[]): AsyncIterable<AirbyteMessage>;
  /**
   * The destination's output for the given input: acknowledged STATEs and
   * LOGs. The CLI passes the destination's one entry (`write` with
   * `kind: 'messages'`), which guards the input as it does stdin lines:
   * required fields; a record whose row would be above 32 MB is written
   * with its largest values nulled, its original kept whole.
   */
  write(catalog: ConfiguredAirbyteCatalog, input: AsyncIterable<AirbyteMessage>): AsyncIterable<AirbyteMessage>;
  /** A line for the operator (stderr). */
  log(level: string, message: string): void;
}

/** Every 100th record is measured; the rest are counted at the running average size. */
const SAMPLE_EVERY = 100;

/**
 * Runs the source into the destination in one process, pull-based end to
 * end: the destination pulls records from the source, so a slow upload slows
 * the read instead of filling memory. RECORDs and STATEs go to the
 * destination; the source's LOG and TRACE messages go to the operator and
 * the counters. Each STATE the destination acknowledges is saved to the
 * state file before the next one, so a rerun after a crash resumes from it.
 * `signal` stops the read: the source closes its point in time, the
 * destination aborts unfinished uploads, and this throws a transient_error.
 */
export async function runSync(sides: SyncSides, catalog: ConfiguredAirbyteCatalog, stateFile: StateFile, counters: SyncCounters, signal: AbortSignal): Promise<void> {
  let sampledBytes = 0;
  let sampled = 0;
  const input = async function* (): AsyncGenerator<AirbyteMessage> {
    for await (const message of sides.read(catalog, stateFile.messages())) {
      if (signal.aborted) throw transientError(`The sync was stopped (${String(signal.reason ?? 'signal')}); the state file holds the last state the destination acknowledged, and a rerun resumes from it.`);
      if (message.type === 'RECORD') {
        counters.documents++;
        if (counters.documents % SAMPLE_EVERY === 1) {
          try {
            sampledBytes += JSON.stringify(message.record.data, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)).length;
            sampled++;
          } catch {
            // Nested too deep to serialise: not sampled; the destination writes it (fit-row.ts).
          }
        }
        counters.bytesIn = Math.round((sampledBytes / Math.max(sampled, 1)) * counters.documents);
        yield message;
      } else if (message.type === 'STATE') yield message;
      else if (message.type === 'TRACE' && message.trace.type === 'ESTIMATE') counters.estimatedDocuments += message.trace.estimate.row_estimate ?? 0;
      else if (message.type === 'LOG') sides.log(message.log.level, message.log.message);
      else if (message.type === 'TRACE' && message.trace.type === 'ERROR') sides.log('ERROR', message.trace.error.message);
    }
  };
  for await (const message of sides.write(catalog, input())) {
    if (message.type === 'STATE') {
      await stateFile.save(message);
      counters.statesAcknowledged++;
    } else if (message.type === 'LOG') sides.log(message.log.level, message.log.message);
  }
}
