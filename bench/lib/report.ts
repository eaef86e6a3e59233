import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dataset } from './dataset.js';
import { shortPath, type ProfileSummary } from './cpu-profile.js';
import { median } from './measure.js';
import type { Row } from './types.js';

export interface BenchResult {
  readonly dataset: Dataset;
  readonly environment: Record<string, string | number>;
  readonly rows: Row[];
  readonly profiles: Record<string, ProfileSummary>;
}

interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
  readonly gap: string;
}

const SOURCE_RSS_LIMIT_MB = 200;
const DESTINATION_RSS_LIMIT_MB = 512;
/** Issue 12's cost target for the sync process, Parquet encoding included. */
const SYNC_CPU_LIMIT = 15;

/** CPU seconds of one process of a row per million documents (holds on a loaded machine, where docs/s does not). */
function cpuPerMillion(row: Row | undefined, process: string): number | undefined {
  const seconds = row?.cpuSeconds?.[process];
  return row === undefined || seconds === undefined || row.docs === undefined ? undefined : (seconds / row.docs) * 1e6;
}

/** Fills each row's derived figures: median seconds, docs/s, MB/s of `_source`, max peak RSS, Parquet bytes per document. */
function derive(rows: Row[], dataset: Dataset): void {
  for (const row of rows) {
    if (row.runs.length === 0) continue;
    row.seconds = median(row.runs.map((run) => run.seconds));
    row.docs = dataset.docs;
    row.docsPerSecond = dataset.docs / row.seconds;
    row.sourceMBPerSecond = dataset.sourceBytes / 1e6 / row.seconds;
    const processes = Object.keys(row.runs[0]?.rssMb ?? {});
    row.peakRssMb = Object.fromEntries(processes.map((p) => [p, Math.max(...row.runs.map((run) => run.rssMb[p] ?? 0))]));
    row.cpuSeconds = Object.fromEntries(processes.map((p) => [p, median(row.runs.map((run) => run.cpuSeconds[p] ?? 0))]));
    const loads = row.runs.map((run) => run.loadAverage).filter((v): v is number => v !== undefined);
    if (loads.length > 0) row.maxLoadAverage = Math.max(...loads);
    const es = row.runs.map((run) => run.esCpuSeconds).filter((v): v is number => v !== undefined);
    if (es.length > 0) row.esCpuSeconds = median(es);
    const parquet = row.runs.map((run) => run.parquet).filter((p) => p !== undefined);
    if (parquet.length > 0) {
      row.parquetBytesPerDoc = median(parquet.map((p) => p.bytes)) / dataset.docs;
      row.parquetFiles = median(parquet.map((p) => p.files));
    }
  }
}

function rate(rows: Row[], id: string): number | undefined {
  return rows.find((row) => row.id === id)?.docsPerSecond;
}

function ratios(rows: Row[]): Record<string, number | undefined> {
  const e2e = rate(rows, 'sync');
  const div = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a / b);
  return {
    end_to_end_over_limit: div(e2e, rate(rows, 'limit')),
    end_to_end_over_elasticdump: div(e2e, rate(rows, 'elasticdump')),
    end_to_end_over_seed: div(e2e, rate(rows, 'seed')),
    source_over_limit: div(rate(rows, 'source'), rate(rows, 'limit')),
    destination_over_limit: div(rate(rows, 'destination'), rate(rows, 'limit')),
    end_to_end_default_slices_over_limit_same_slices: div(rate(rows, 'sync-default'), rate(rows, 'limit-2')),
    pipe_source_to_destination_over_limit: div(rate(rows, 'pipe'), rate(rows, 'limit')),
    pipe_over_sync: div(rate(rows, 'pipe'), e2e),
    source_incremental_over_limit: div(rate(rows, 'source-incremental'), rate(rows, 'limit')),
  };
}

function pct(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}

function targets(rows: Row[], r: Record<string, number | undefined>): Target[] {
  const list: Target[] = [];
  const ratioTarget = (name: string, value: number | undefined, want: number, asPercent: boolean): void => {
    if (value === undefined) {
      list.push({ target: name, measured: 'not measured', met: undefined, gap: '' });
      return;
    }
    const shown = asPercent ? pct(value) : `${value.toFixed(2)}×`;
    list.push({ target: name, measured: shown, met: value >= want, gap: value >= want ? '' : `needs ${((want / value - 1) * 100).toFixed(0)}% more end-to-end throughput` });
  };
  ratioTarget('sync ≥ 80% of the raw-read limit (1 slice)', r['end_to_end_over_limit'], 0.8, true);
  ratioTarget('sync with default slices ≥ 80% of the limit with the same slices', r['end_to_end_default_slices_over_limit_same_slices'], 0.8, true);
  ratioTarget('source piped into destination ≥ 70% of the limit', r['pipe_source_to_destination_over_limit'], 0.7, true);
  ratioTarget('source alone ≥ 90% of the limit', r['source_over_limit'], 0.9, true);
  ratioTarget('destination alone ≥ 1.5× the limit', r['destination_over_limit'], 1.5, false);
  ratioTarget('sync ≥ 5× the seed approach', r['end_to_end_over_seed'], 5, false);
  ratioTarget('sync ≥ 1.5× elasticdump', r['end_to_end_over_elasticdump'], 1.5, false);
  const syncCpu = cpuPerMillion(rows.find((row) => row.id === 'sync'), 'sync');
  list.push(syncCpu === undefined
    ? { target: `sync CPU ≤ ${SYNC_CPU_LIMIT} s per million documents`, measured: 'not measured', met: undefined, gap: '' }
    : { target: `sync CPU ≤ ${SYNC_CPU_LIMIT} s per million documents`, measured: `${syncCpu.toFixed(1)} s`, met: syncCpu <= SYNC_CPU_LIMIT, gap: syncCpu <= SYNC_CPU_LIMIT ? '' : `${(syncCpu - SYNC_CPU_LIMIT).toFixed(1)} s over (${pct(syncCpu / SYNC_CPU_LIMIT - 1)})` });
  const rss = (name: string, ids: (row: Row) => boolean, process: string, limitMb: number): void => {
    const measured = rows.filter((row) => ids(row) && row.peakRssMb?.[process] !== undefined);
    if (measured.length === 0) {
      list.push({ target: name, measured: 'not measured', met: undefined, gap: '' });
      return;
    }
    const worst = measured.reduce((a, b) => ((a.peakRssMb?.[process] ?? 0) >= (b.peakRssMb?.[process] ?? 0) ? a : b));
    const mb = worst.peakRssMb?.[process] ?? 0;
    list.push({ target: name, measured: `${mb.toFixed(0)} MB (${worst.id})`, met: mb <= limitMb, gap: mb <= limitMb ? '' : `${(mb - limitMb).toFixed(0)} MB over (${pct(mb / limitMb - 1)})` });
  };
  rss(`source peak RSS ≤ ${SOURCE_RSS_LIMIT_MB} MB (worst of the source rows)`, (row) => row.id.startsWith('source'), 'source', SOURCE_RSS_LIMIT_MB);
  rss(`destination peak RSS ≤ ${DESTINATION_RSS_LIMIT_MB} MB`, (row) => row.id === 'destination', 'destination', DESTINATION_RSS_LIMIT_MB);
  rss(`sync peak RSS ≤ ${DESTINATION_RSS_LIMIT_MB} MB`, (row) => row.id.startsWith('sync'), 'sync', DESTINATION_RSS_LIMIT_MB);
  return list;
}

function fmt(value: number | undefined, digits = 0): string {
  return value === undefined ? '' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function table(header: string[], lines: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((line) => `| ${line.join(' | ')} |`)].join('\n');
}

/** The same rows measured at other document counts (sibling result directories), to show growth. */
function growth(outDir: string): string {
  const root = dirname(outDir);
  const sizes = readdirSync(root).filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'results.json'))).sort((a, b) => Number(a) - Number(b));
  if (sizes.length < 2) return '';
  const results = sizes.map((size) => JSON.parse(readFileSync(join(root, size, 'results.json'), 'utf8')) as { rows: Row[] });
  const ids = ['limit', 'source', 'source-incremental', 'destination', 'sync', 'pipe', 'elasticdump', 'seed'];
  const lines = ids.map((id) => [id, ...results.flatMap((result) => {
    const row = result.rows.find((r) => r.id === id);
    const rss = row?.peakRssMb === undefined ? '' : Object.values(row.peakRssMb).map((mb) => fmt(mb)).join(' / ');
    return [fmt(row?.docsPerSecond), rss];
  })]);
  return `\n## Growth with the index size\n\n${table(['row', ...sizes.flatMap((size) => [`docs/s @ ${Number(size).toLocaleString('en-US')}`, `peak RSS MB @ ${Number(size).toLocaleString('en-US')}`])], lines)}\n`;
}

function profileSection(name: string, summary: ProfileSummary): string {
  const functions = table(['self ms', '%', 'function', 'where'], summary.functions.map((f) => [fmt(f.selfMs), fmt(f.percent, 1), `\`${f.name}\``, shortPath(f.where)]));
  const groups = table(['self ms', '%', 'area'], summary.groups.map((g) => [fmt(g.selfMs), fmt(g.percent, 1), g.name]));
  return `\n### ${name} (${fmt(summary.totalMs)} ms sampled on the main thread)\n\n${functions}\n\nBy area:\n\n${groups}\n`;
}

/** Writes results.json, results.md and chart.png (matplotlib from the venv) into `outDir`. */
export function writeReport(outDir: string, result: BenchResult, python: string, log: (line: string) => void): void {
  const { dataset, rows } = result;
  derive(rows, dataset);
  const r = ratios(rows);
  const t = targets(rows, r);
  const json = { ...result, ratios: r, targets: t };
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);

  const rowLines = rows.map((row) => [
    String(row.step),
    row.label,
    row.error !== undefined && row.runs.length === 0 ? `failed: ${row.error.split('\n')[0]?.slice(0, 120)}` : fmt(row.seconds, 2),
    fmt(row.docsPerSecond),
    fmt(row.sourceMBPerSecond, 1),
    row.peakRssMb === undefined ? '' : Object.entries(row.peakRssMb).map(([p, mb]) => `${p} ${fmt(mb)}`).join(', '),
    row.cpuSeconds === undefined ? '' : Object.values(row.cpuSeconds).map((s) => fmt(s, 1)).join(', '),
    row.cpuSeconds === undefined ? '' : Object.keys(row.cpuSeconds).map((p) => fmt(cpuPerMillion(row, p), 1)).join(', '),
    fmt(row.esCpuSeconds, 1),
    row.parquetBytesPerDoc === undefined ? '' : `${fmt(row.parquetBytesPerDoc)} (${fmt(row.parquetFiles)} files)`,
    fmt(row.maxLoadAverage, 1),
  ]);
  const env = result.environment;
  const md = `# Benchmark: ${dataset.docs.toLocaleString('en-US')} documents

${dataset.docs.toLocaleString('en-US')} generated log documents (${(dataset.sourceBytes / 1e6).toFixed(1)} MB of \`_source\`, ${(dataset.sourceBytes / dataset.docs).toFixed(0)} bytes each) in one index of ${dataset.shards} primary shards, Elasticsearch ${env['elasticsearch']} (1 GB heap) and MinIO on the same machine (${env['cpus']} × ${env['cpu_model']}, ${env['memory_gb']} GB), Node ${env['node']}; code: ${env['commit'] ?? 'unknown'}.
Each time is the median of ${env['reps']} runs, wall clock from process start to exit; peak RSS is the maximum over the runs (GNU time); CPU is user + system seconds of the process, "ES CPU" the Elasticsearch JVM's CPU seconds during the run. Page size ${env['page_size']} for the limit and our connectors; 10,000 for elasticdump and the seed approach (their best settings).

${table(['step', 'what', 'seconds', 'docs/s', 'MB/s of _source', 'peak RSS MB', 'CPU s', 'CPU s per M docs', 'ES CPU s', 'Parquet bytes/doc', 'max load'], rowLines)}

"max load" is the highest 1-minute load average of the machine (${env['cpus']} cores) when a run of the row started: above the core count, other work competed for the CPU and the row's figures are pessimistic and noisy.

## Ratios

${table(['ratio', 'value'], Object.entries(r).map(([name, value]) => [name.replaceAll('_', ' '), value === undefined ? 'not measured' : value.toFixed(2)]))}

## Targets

${table(['target', 'measured', 'met', 'gap'], t.map((x) => [x.target, x.measured, x.met === undefined ? '?' : x.met ? 'yes' : '**no**', x.gap]))}
${growth(outDir)}
## CPU profiles (\`node --cpu-prof\`, one run each, top self time)
${Object.entries(result.profiles).map(([name, summary]) => profileSection(name, summary)).join('')}
`;
  writeFileSync(join(outDir, 'results.md'), md);
  try {
    execFileSync(python, [join(dirname(new URL(import.meta.url).pathname), '..', 'chart.py'), join(outDir, 'results.json'), join(outDir, 'chart.png')], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    log(`chart.png not written: ${(error as Error).message.slice(0, 300)}`);
  }
  log(`wrote ${join(outDir, 'results.md')}, results.json, chart.png`);
}
