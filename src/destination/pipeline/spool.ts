import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** One NDJSON file of a batch: one line per row. */
export interface SpoolPart {
  path: string;
  rows: number;
  bytes: number;
  /** Longest line in bytes, its newline included (DuckDB's read buffer must hold it). */
  maxLineBytes: number;
  /**
   * The event-time partition every row of this file belongs to, when the
   * caller named it (see `StreamSpool.append`); undefined for the file of
   * rows appended without one, or beyond the partitions that get files of
   * their own, which the conversion splits by itself.
   */
  partition: string | undefined;
}

/** A closed batch of one stream, ready for Parquet conversion: its files (at least one), and what they hold together. */
export interface SpoolFile {
  /** The batch's first file (its name is the batch's). */
  path: string;
  rows: number;
  bytes: number;
  /** Sequence number of the first record in the batch (records are numbered from 1 in input order). */
  firstSeq: number;
  /** Longest line in bytes over the batch's files. */
  maxLineBytes: number;
  parts: readonly SpoolPart[];
}

/**
 * Partitions of a batch that get a file of their own; the rows of any
 * further partition share one more file. Each open file has its own write
 * buffer, so this bounds the spool's memory (5 × 256 KB) however many
 * partitions a batch spans.
 */
export const MAX_PARTITION_FILES = 4;

/** Lines are encoded into a buffer of this many bytes, written to disk when the next line might not fit. */
const WRITE_BUFFER_BYTES = 256 * 1024;

const NEWLINE = Buffer.from('\n');

/** The file of rows appended without a partition, or of partitions beyond `MAX_PARTITION_FILES`. */
const SHARED = Symbol('shared');

/** One open file of the batch, with its write buffer. */
class OpenPart {
  private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private buffered = 0;
  rows = 0;
  bytes = 0;
  maxLineBytes = 0;

  private constructor(readonly path: string, readonly partition: string | undefined, private readonly handle: FileHandle) {}

  static async open(path: string, partition: string | undefined): Promise<OpenPart> {
    return new OpenPart(path, partition, await open(path, 'w'));
  }

  /** Appends one line (without newline); returns its size in bytes, newline included. */
  async append(line: string): Promise<number> {
    // Each line is encoded once, straight into the buffer, which also measures it (a separate UTF-8 scan of
    // every line cost 6 CPU-s per million rows, and joining the lines before encoding them copied them once more).
    const worst = line.length * 3 + 1;
    if (this.buffered + worst > this.buffer.length) await this.flush();
    let size: number;
    if (worst > WRITE_BUFFER_BYTES) {
      const bytes = Buffer.from(line);
      await this.handle.writev([bytes, NEWLINE]);
      size = bytes.length + 1;
    } else {
      size = this.buffer.write(line, this.buffered) + 1;
      this.buffer[this.buffered + size - 1] = 0x0a;
      this.buffered += size;
    }
    this.bytes += size;
    this.rows++;
    if (size > this.maxLineBytes) this.maxLineBytes = size;
    return size;
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<SpoolPart> {
    await this.flush();
    await this.handle.close();
    return { path: this.path, rows: this.rows, bytes: this.bytes, maxLineBytes: this.maxLineBytes, partition: this.partition };
  }

  async discard(): Promise<void> {
    this.buffered = 0;
    await this.handle.close().catch(() => undefined);
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const bytes = this.buffered;
    this.buffered = 0;
    // Awaited before the buffer takes the next line.
    await this.handle.write(this.buffer, 0, bytes);
  }
}

/**
 * The open batch of one stream: local NDJSON files, one per event-time
 * partition the caller names (up to `MAX_PARTITION_FILES`) plus one for the
 * rest, so that each partition's file converts in one scan instead of one
 * scan per partition of a mixed file. Memory is bounded by the write
 * buffers (256 KB per open file); everything else is on disk. `seal` closes
 * the files and hands the batch over; the next `append` starts a new batch
 * (the spool "rolls").
 */
export class StreamSpool {
  private readonly open = new Map<string | typeof SHARED, OpenPart>();
  private fileIndex = 0;
  /** Counts `discard` calls: a file opened while one ran is closed at once, never left for the garbage collector. */
  private discards = 0;
  /** Rows in the open batch. */
  rows = 0;
  /** Bytes in the open batch, buffers included. */
  bytes = 0;
  /** Sequence number of the open batch's first record, or undefined when no batch is open. */
  firstSeq: number | undefined;
  /** When the open batch got its first record (ms since the epoch). */
  openedAt = 0;

  constructor(private readonly directory: string, private readonly name: string) {}

  /**
   * Appends one line (without newline) for the record numbered `seq`, to
   * the file of `partition` (the row's event-time partition value, when
   * the stream is partitioned so) or to the batch's shared file.
   */
  async append(line: string, seq: number, partition?: string): Promise<void> {
    let key: string | typeof SHARED = partition ?? SHARED;
    let part = this.open.get(key);
    if (part === undefined && key !== SHARED && this.open.size - (this.open.has(SHARED) ? 1 : 0) >= MAX_PARTITION_FILES) {
      key = SHARED;
      part = this.open.get(key);
    }
    if (part === undefined) {
      const discards = this.discards;
      part = await OpenPart.open(join(this.directory, `${this.name}-${this.fileIndex++}.ndjson`), key === SHARED ? undefined : key);
      if (discards !== this.discards) {
        await part.discard();
        throw new Error('the spool was discarded while a record was being appended');
      }
      this.open.set(key, part);
    }
    if (this.firstSeq === undefined) {
      this.firstSeq = seq;
      this.openedAt = Date.now();
    }
    this.bytes += await part.append(line);
    this.rows++;
  }

  /** Closes the open batch and returns it, or undefined when no record is waiting. */
  async seal(): Promise<SpoolFile | undefined> {
    if (this.firstSeq === undefined) return undefined;
    const parts: SpoolPart[] = [];
    for (const part of this.open.values()) parts.push(await part.close());
    const first = parts[0];
    if (first === undefined) throw new Error('a spool batch with a first record has no file');
    const file: SpoolFile = { path: first.path, rows: this.rows, bytes: this.bytes, firstSeq: this.firstSeq, maxLineBytes: Math.max(...parts.map((part) => part.maxLineBytes)), parts };
    this.open.clear();
    this.rows = 0;
    this.bytes = 0;
    this.firstSeq = undefined;
    return file;
  }

  /** Closes the open batch without handing it over (on failure). */
  async discard(): Promise<void> {
    this.discards++;
    const parts = [...this.open.values()];
    this.open.clear();
    this.firstSeq = undefined;
    await Promise.all(parts.map((part) => part.discard()));
  }
}
