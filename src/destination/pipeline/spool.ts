import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** A closed spool file: one NDJSON line per row, ready for Parquet conversion. */
export interface SpoolFile {
  path: string;
  rows: number;
  bytes: number;
  /** Sequence number of the first record in the file (records are numbered from 1 in input order). */
  firstSeq: number;
  /** Longest line in bytes, its newline included (DuckDB's read buffer must hold it). */
  maxLineBytes: number;
}

/** Lines are encoded into a buffer of this many bytes, written to disk when the next line might not fit. */
const WRITE_BUFFER_BYTES = 256 * 1024;

const NEWLINE = Buffer.from('\n');
const EMPTY = Buffer.alloc(0);

/**
 * The open local NDJSON file of one stream. Memory is bounded by the write
 * buffer (256 KB); everything else is on disk. `seal` closes the file and
 * hands it over; the next `append` starts a new file (the spool "rolls").
 */
export class StreamSpool {
  private handle: FileHandle | undefined;
  private path = '';
  /** Lines encoded as UTF-8 (each with its newline), not yet on disk: `buffered` bytes of `buffer`. Only while a file is open. */
  private buffer: Buffer = EMPTY;
  private buffered = 0;
  private fileIndex = 0;
  private maxLineBytes = 0;
  /** Rows in the open file. */
  rows = 0;
  /** Bytes in the open file, buffer included. */
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
      this.buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
      this.firstSeq = seq;
      this.openedAt = Date.now();
    }
    // Each line is encoded once, straight into the buffer, which also measures it (a separate UTF-8 scan of
    // every line cost 6 CPU-s per million rows, and joining the lines before encoding them copied them once more).
    const worst = line.length * 3 + 1;
    if (this.buffered + worst > this.buffer.length) await this.flushBuffer();
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
  }

  /** Closes the open file and returns it, or undefined when no record is waiting. */
  async seal(): Promise<SpoolFile | undefined> {
    if (this.handle === undefined || this.firstSeq === undefined) return undefined;
    await this.flushBuffer();
    await this.handle.close();
    const file: SpoolFile = { path: this.path, rows: this.rows, bytes: this.bytes, firstSeq: this.firstSeq, maxLineBytes: this.maxLineBytes };
    this.maxLineBytes = 0;
    this.buffer = EMPTY;
    this.handle = undefined;
    this.rows = 0;
    this.bytes = 0;
    this.firstSeq = undefined;
    return file;
  }

  /** Closes the open file without handing it over (on failure). */
  async discard(): Promise<void> {
    this.buffer = EMPTY;
    this.buffered = 0;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this.firstSeq = undefined;
  }

  private async flushBuffer(): Promise<void> {
    if (this.buffered === 0 || this.handle === undefined) return;
    const bytes = this.buffered;
    this.buffered = 0;
    // Awaited before the buffer takes the next line.
    await this.handle.write(this.buffer, 0, bytes);
  }
}
