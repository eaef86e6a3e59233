/**
 * Measures the destination's `write` end to end (stdin -> Parquet -> S3) on
 * log-like records (~1 KB each): rows/s and peak RSS, median of runs.
 *
 *   S3_ENDPOINT=... S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=... \
 *     node --import tsx test/destination/bench/benchmark-writer.ts [RECORDS] [RUNS]
 */
import { createWriteStream, createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createBucket, deleteBucketRecursive, listKeys, s3Client, uniqueBucketName } from '../../support/s3-test-helpers.js';
import { configuredStream, LiveDestination, testConfig, writeJsonFiles } from '../destination-harness.js';
import { LOG_SCHEMA, logInputLines, peakRss } from '../log-stream.js';

const records = Number(process.argv[2] ?? 200_000);
const runs = Number(process.argv[3] ?? 3);
const dir = await mkdtemp(join(tmpdir(), 'dest-bench-'));
const inputPath = join(dir, 'input.ndjson');
const out = createWriteStream(inputPath);
let inputBytes = 0;
for (const line of logInputLines('logs', records)) {
  inputBytes += line.length + 1;
  if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((r) => out.end(() => r()));

const results: Array<{ seconds: number; rowsPerSecond: number; peakMb: number; fileMb: number; files: number }> = [];
for (let run = 0; run < runs; run++) {
  const bucket = uniqueBucketName('dest-bench');
  await createBucket(bucket);
  const paths = await writeJsonFiles({ config: testConfig(bucket), catalog: { streams: [configuredStream('logs', LOG_SCHEMA)] } });
  const started = Date.now();
  const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
  let peak = 0;
  const sampler = setInterval(() => void peakRss(destination.child.pid ?? 0).then((rss) => (peak = Math.max(peak, rss))), 50);
  createReadStream(inputPath).pipe(destination.child.stdin);
  const code = await destination.exited;
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`run ${run} failed: ${destination.lines.join('\n')}\n${destination.stderr}`);
  const keys = (await listKeys(bucket)).filter((k) => k.endsWith('.parquet'));
  let bytes = 0;
  for (const key of keys) bytes += (await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
  results.push({ seconds, rowsPerSecond: Math.round(records / seconds), peakMb: Math.round(peak / 2 ** 20), fileMb: Math.round((bytes / 2 ** 20) * 10) / 10, files: keys.length });
  console.log(JSON.stringify({ run, ...results[results.length - 1] }));
  await deleteBucketRecursive(bucket);
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(
  JSON.stringify({
    records,
    inputMb: Math.round(inputBytes / 2 ** 20),
    medianRowsPerSecond: median(results.map((r) => r.rowsPerSecond)),
    medianPeakRssMb: median(results.map((r) => r.peakMb)),
    medianSeconds: median(results.map((r) => r.seconds)),
    fileMb: median(results.map((r) => r.fileMb)),
  }),
);
await rm(dir, { recursive: true, force: true });
