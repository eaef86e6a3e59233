import type { DestinationConfig } from '../config/destination-config-schema.js';

/**
 * When a stream's spool file closes (and becomes one Parquet object). A
 * plain value with these defaults (see `batchPolicy`):
 * - size: a file closes once its spooled NDJSON bytes should make about
 *   `targetFileBytes` of Parquet (at the stream's observed Parquet/NDJSON
 *   ratio), and never below `minSpoolBytes`;
 * - memory and disk: when the open files of all streams together exceed
 *   `maxOpenSpoolBytes`, the largest is closed early (once the stream that
 *   grew holds more than `earlyCloseMinBytes`);
 * - age: a STATE closes every open file when the oldest has been open
 *   `maxAgeMs` or longer, so states are acknowledged at least that often;
 * - end of input closes every open file.
 */
export interface BatchPolicy {
  /** Parquet bytes a file aims at: `target_file_size_mb`. */
  readonly targetFileBytes: number;
  /** No file closes for its size below this many spooled bytes (1 MB). */
  readonly minSpoolBytes: number;
  /** Open spool bytes of all streams beyond which the largest file closes (2 GB). */
  readonly maxOpenSpoolBytes: number;
  /** The early close happens only once the grown stream holds more than this (64 KB). */
  readonly earlyCloseMinBytes: number;
  /** Age of the oldest open file at which a STATE closes them all: `flush_interval_seconds`. */
  readonly maxAgeMs: number;
}

/** When the open spool files of all streams together exceed this, the largest is uploaded early. */
export const MAX_OPEN_SPOOL_BYTES = 2 * 1024 ** 3;

/** The policy of a config. */
export function batchPolicy(config: DestinationConfig): BatchPolicy {
  return {
    targetFileBytes: config.target_file_size_mb * 1024 * 1024,
    minSpoolBytes: 1024 * 1024,
    maxOpenSpoolBytes: MAX_OPEN_SPOOL_BYTES,
    earlyCloseMinBytes: 64 * 1024,
    maxAgeMs: config.flush_interval_seconds * 1000,
  };
}

/** What the policy reads of a stream: its open spool file (`firstSeq` undefined when none is open) and its Parquet ratio. */
export interface BatchCandidate {
  readonly spool: { readonly bytes: number; readonly openedAt: number; readonly firstSeq: number | undefined };
  /** Parquet bytes per spooled byte observed so far. */
  readonly parquetRatio: number;
}

/** What just happened: a record was appended to `stream`, a STATE arrived at `now` (ms since the epoch), or the input ended. */
export type BatchTrigger<T> = { readonly after: 'record'; readonly stream: T } | { readonly after: 'state'; readonly now: number } | { readonly after: 'end' };

/** Spooled bytes at which `stream`'s file closes, to make about `targetFileBytes` of Parquet. */
export function rollBytes(policy: BatchPolicy, stream: BatchCandidate): number {
  return Math.max(policy.minSpoolBytes, Math.floor(policy.targetFileBytes / stream.parquetRatio));
}

/**
 * Decides, without I/O, which streams' open files close now: a subset of
 * `streams` (every configured stream, in catalog order) holding an open
 * file, in that order. The caller closes them in order before it reads
 * more input.
 */
export function filesToClose<T extends BatchCandidate>(policy: BatchPolicy, trigger: BatchTrigger<T>, streams: readonly T[]): T[] {
  const open = (): T[] => streams.filter((stream) => stream.spool.firstSeq !== undefined);
  switch (trigger.after) {
    case 'record': {
      const grown = trigger.stream;
      if (grown.spool.bytes >= rollBytes(policy, grown)) return [grown];
      if (grown.spool.bytes <= policy.earlyCloseMinBytes) return [];
      let total = 0;
      let largest: T | undefined;
      for (const stream of streams) {
        if (stream.spool.firstSeq === undefined) continue;
        total += stream.spool.bytes;
        if (largest === undefined || stream.spool.bytes > largest.spool.bytes) largest = stream;
      }
      return total > policy.maxOpenSpoolBytes ? [largest ?? grown] : [];
    }
    case 'state': {
      const candidates = open();
      const oldest = Math.min(...candidates.map((stream) => stream.spool.openedAt));
      return trigger.now - oldest >= policy.maxAgeMs ? candidates : [];
    }
    case 'end':
      return open();
  }
}
