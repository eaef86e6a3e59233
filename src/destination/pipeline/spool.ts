import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** A closed spool file: one NDJSON line per row, ready for Parquet conversion. */
export interface SpoolFile {
  path: string;
  rows: number;
  bytes: number;
  /** Sequence number of the first record in the file (records are numbered from 1 in input order). */
  firstSeq: number;
  /**
   * At least the longest line's bytes (DuckDB's read buffer must hold it):
   * exact for lines of `EXACT_LINE_CHARS` characters or more, three bytes a
   * character for shorter ones (at most 192 KB, far below DuckDB's 16 MB).
   */
  maxLineBytes: number;
}

/** Lines are collected up to this many bytes before one write to disk. */
const WRITE_BUFFER_BYTES = 256 * 1024;

/** Lines from this many characters on are measured in bytes one by one; shorter ones only within the buffer they are written in. */
const EXACT_LINE_CHARS = 64 * 1024;

/**
 * The open local NDJSON file of one stream. Memory is bounded by the write
 * buffer (256 KB); everything else is on disk. `seal` closes the file and
 * hands it over; the next `append` starts a new file (the spool "rolls").
 */
export class StreamSpool {
  private handle: FileHandle | undefined;
  private path = '';
  private buffer: string[] = [];
  private buffered = 0;
  private fileIndex = 0;
  private maxLineBytes = 0;
  /** Rows in the open file. */
  rows = 0;
  /**
   * Bytes in the open file, buffer included: exact up to the last buffer
   * written, the characters of the lines buffered since (at most 256 K)
   * counted as one byte each until the buffer is written.
   */
  bytes = 0;
  /** Sequence number of the open file's first record, or undefined when no file is open. */
  firstSeq: number | undefined;
  /** When the open file got its first record (ms since the epoch). */
  openedAt = 0;

  constructor(private readonly directory: string, private readonly name: string) {}

  /** Appends one line (without newline) for the record numbered `seq`. */
  async append(line: string, seq: number): Promise<void> {
    if (this.handle === undefined) {
      this.path = join(this.directory, `${this.name}-${this.fileIndex++}.ndjson`);
      this.handle = await open(this.path, 'w');
      this.firstSeq = seq;
      this.openedAt = Date.now();
    }
    // A UTF-8 scan of every line cost 6 CPU-s per million rows: the buffer is measured once, as it is encoded.
    const chars = line.length + 1;
    const size = chars < EXACT_LINE_CHARS ? chars * 3 : Buffer.byteLength(line) + 1;
    this.buffer.push(line);
    this.buffered += chars;
    this.bytes += chars;
    this.rows++;
    if (size > this.maxLineBytes) this.maxLineBytes = size;
    if (this.buffered >= WRITE_BUFFER_BYTES) await this.flushBuffer();
  }

  /** Closes the open file and returns it, or undefined when no record is waiting. */
  async seal(): Promise<SpoolFile | undefined> {
    if (this.handle === undefined || this.firstSeq === undefined) return undefined;
    await this.flushBuffer();
    await this.handle.close();
    const file: SpoolFile = { path: this.path, rows: this.rows, bytes: this.bytes, firstSeq: this.firstSeq, maxLineBytes: this.maxLineBytes };
    this.maxLineBytes = 0;
    this.handle = undefined;
    this.rows = 0;
    this.bytes = 0;
    this.firstSeq = undefined;
    return file;
  }

  /** Closes the open file without handing it over (on failure). */
  async discard(): Promise<void> {
    this.buffer = [];
    this.buffered = 0;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this.firstSeq = undefined;
  }

  private async flushBuffer(): Promise<void> {
    if (this.buffer.length === 0 || this.handle === undefined) return;
    const text = Buffer.from(this.buffer.join('\n') + '\n');
    this.bytes += text.length - this.buffered;
    this.buffer = [];
    this.buffered = 0;
    await this.handle.write(text);
  }
}
