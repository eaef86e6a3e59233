/** One repetition of one measured row. */
export interface RunRecord {
  readonly seconds: number;
  /** Peak RSS per process of the run, MB. */
  readonly rssMb: Record<string, number | undefined>;
  /** CPU seconds per process of the run. */
  readonly cpuSeconds: Record<string, number | undefined>;
  /** CPU seconds Elasticsearch used during the run (when its pid is known). */
  readonly esCpuSeconds: number | undefined;
  /** 1-minute load average of the machine when the run started (other work on it skews the figures). */
  readonly loadAverage?: number;
  /** Parquet produced by the run. */
  readonly parquet?: { readonly files: number; readonly bytes: number };
}

/** One row of the results table: a measured configuration and its repetitions. */
export interface Row {
  readonly id: string;
  readonly step: number;
  readonly label: string;
  readonly command: string;
  readonly runs: RunRecord[];
  error?: string;
  /** Derived from the runs (median seconds; peak RSS is the maximum over the runs). */
  seconds?: number;
  /** Documents each run moved. */
  docs?: number;
  docsPerSecond?: number;
  sourceMBPerSecond?: number;
  peakRssMb?: Record<string, number | undefined>;
  cpuSeconds?: Record<string, number | undefined>;
  esCpuSeconds?: number;
  parquetBytesPerDoc?: number;
  parquetFiles?: number;
  /** Highest 1-minute load average seen at the start of a run. */
  maxLoadAverage?: number;
}
