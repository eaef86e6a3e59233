import type { FailureType, StreamDescriptor } from '../protocol/messages.js';

/**
 * What the sync's main thread and its source worker say to each other.
 * The worker sends the source's messages as the lines `read` prints
 * (one JSON message per line, joined into chunks), so the main thread reads
 * exactly what the source CLI would have printed; the main thread grants one
 * credit per chunk it has consumed, which bounds the chunks in flight.
 */
export type FromSourceWorker =
  | { readonly kind: 'lines'; readonly text: string }
  | { readonly kind: 'end' }
  | { readonly kind: 'error'; readonly error: SerialisedError };

export type ToSourceWorker = { readonly kind: 'credit' } | { readonly kind: 'stop'; readonly reason: string };

/** What the worker was started with: the source half of the sync, already validated by the main thread. */
export interface SourceWorkerInput {
  readonly sourceConfig: unknown;
  readonly configOrigin: string;
  readonly catalog: unknown;
  readonly states: readonly unknown[];
  readonly stateOrigin: string;
}

/** An error crossing the thread boundary: a ConnectorError keeps its failure type and details. */
export interface SerialisedError {
  readonly failureType: FailureType | undefined;
  readonly message: string;
  readonly internalMessage?: string;
  readonly stream?: StreamDescriptor;
  readonly stack?: string;
}

/** The worker joins lines into chunks of about this many characters. */
export const CHUNK_CHARS = 256 * 1024;
/** Chunks the worker may send before the main thread has consumed them: the read-ahead, about 1 MB. */
export const CHUNKS_IN_FLIGHT = 4;
