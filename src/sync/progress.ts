/** Counters of a running sync, updated by the pipeline and shown by `ProgressReporter`. */
export interface SyncCounters {
  documents: number;
  /** Approximate bytes of record JSON read from the source. */
  bytesIn: number;
  /** Documents the source expects in all (from its ESTIMATE traces). */
  estimatedDocuments: number;
  statesAcknowledged: number;
  files: number;
  bytesOut: number;
}

const formatBytes = (bytes: number): string => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
};

const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/**
 * Shows progress on stderr: a live bar redrawn in place on a terminal, one
 * log line every `intervalMs` otherwise (cron, Kubernetes logs). `stop()`
 * prints nothing; `summary()` gives the final line.
 */
export class ProgressReporter {
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly counters: SyncCounters,
    private readonly out: NodeJS.WriteStream = process.stderr,
    intervalMs?: number,
  ) {
    this.intervalMs = intervalMs ?? (out.isTTY === true ? 250 : 5_000);
  }

  private readonly intervalMs: number;

  start(): void {
    this.timer = setInterval(() => this.render(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.out.isTTY === true) this.out.write('\n');
  }

  line(): string {
    const { documents, bytesIn, estimatedDocuments } = this.counters;
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = elapsed > 0 ? documents / elapsed : 0;
    const eta = estimatedDocuments > documents && rate > 0 ? (estimatedDocuments - documents) / rate : Number.NaN;
    const of = estimatedDocuments > 0 ? ` of ~${estimatedDocuments}` : '';
    return `${documents}${of} documents, ${formatBytes(bytesIn)} read, ${Math.round(rate)} docs/s, ${this.counters.statesAcknowledged} states acknowledged, ETA ${formatDuration(eta)}`;
  }

  private render(): void {
    if (this.out.isTTY === true) {
      const { documents, estimatedDocuments } = this.counters;
      const fraction = estimatedDocuments > 0 ? Math.min(1, documents / estimatedDocuments) : 0;
      const width = 24;
      const filled = Math.round(fraction * width);
      this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${this.line()}\x1b[K`);
    } else {
      this.out.write(`[sync] ${this.line()}\n`);
    }
  }

  summary(): string {
    const { documents, files, bytesIn, bytesOut } = this.counters;
    const elapsed = (Date.now() - this.started) / 1000;
    return `${documents} documents in ${files} files, ${formatBytes(bytesIn)} in, ${formatBytes(bytesOut)} of Parquet out, in ${formatDuration(elapsed)} (${Math.round(documents / Math.max(elapsed, 0.001))} docs/s).`;
  }
}
