/**
 * `npm run bench [-- --docs N --reps R ...]`: the benchmark of issue 6. Starts its own
 * Elasticsearch 8 and MinIO (or uses BENCH_ES_URL / BENCH_S3_ENDPOINT), loads N generated
 * log documents into one 2-shard index, measures the read limit, our source, destination
 * and sync, elasticdump and the seed's Python pipeline, sliced reads, and writes
 * bench/results/<docs>/results.{json,md} and chart.png. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDataset, type Dataset } from './lib/dataset.js';
import { measure, median, processCpuSeconds, type Measured } from './lib/measure.js';
import { ensureBucket, parquetUnder, type BenchS3 } from './lib/s3.js';
import { startServers, type BenchServers } from './lib/servers.js';
import { summariseProfile, type ProfileSummary } from './lib/cpu-profile.js';
import { writeReport } from './lib/report.js';
import type { Row, RunRecord } from './lib/types.js';

const REPO = resolve(import.meta.dirname, '..');
const NODE = process.execPath;
/** The connectors run as shipped: the image entrypoints and bin scripts pass this V8 flag. */
const CONNECTOR_FLAGS = ['--max-semi-space-size=4'];
/** The source's own: its shebang and image entry point add this (see the Dockerfile). */
const SOURCE_FLAGS = [...CONNECTOR_FLAGS, '--heap-growing-percent=70'];
/** `sync`'s own, from its shebang: one process holds both halves, so a larger young generation pays (see the README). */
const SYNC_FLAGS = ['--max-semi-space-size=16'];
// The connectors are compiled into a private directory, so a concurrent `npm run build`
// cannot change the code under test mid-run (inside the repo, so node_modules resolves).
const BUILD_DIR = join(REPO, 'bench/.build', String(process.pid));
const SOURCE_CLI = join(BUILD_DIR, 'src/cli/source-elasticsearch.js');
const DESTINATION_CLI = join(BUILD_DIR, 'src/cli/destination-s3-parquet.js');
const SYNC_CLI = join(BUILD_DIR, 'src/cli/sync.js');
const RAW_READ = join(REPO, 'bench/peers/raw-pit-read.mjs');
const SEED = join(REPO, 'bench/peers/seed_scroll_to_parquet.py');
const PEERS_DIR = join(REPO, 'bench/.peers');
const ELASTICDUMP_VERSION = '6.125.1';
const ALL_STEPS = [1, 2, 3, 4, 5, 6, 7];

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    reps: { type: 'string', default: '3' },
    'page-size': { type: 'string', default: '1000' },
    shards: { type: 'string', default: '2' },
    slices: { type: 'string', default: '1,2,4' },
    steps: { type: 'string', default: ALL_STEPS.join(',') },
    index: { type: 'string', default: 'bench-logs' },
    out: { type: 'string' },
    'work-dir': { type: 'string' },
    'reuse-index': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    'keep-work': { type: 'boolean', default: false },
  },
});
const docs = Number(args.docs);
const reps = Math.max(1, Number(args.reps));
const pageSize = Number(args['page-size']);
const shards = Number(args.shards);
const sliceCounts = String(args.slices).split(',').map(Number).filter((n) => n >= 1);
const steps = new Set(String(args.steps).split(',').map(Number));
const index = String(args.index);
const outDir = resolve(args.out ?? join(REPO, 'bench/results', String(docs)));
const workDir = resolve(args['work-dir'] ?? join(tmpdir(), `espq-bench-${docs}-${process.pid}`));

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function writeJson(name: string, value: unknown): string {
  const path = join(workDir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** Installs elasticdump into bench/.peers (not a project dependency) and matplotlib into the venv. */
function preparePeers(): { elasticdump: string; python: string } {
  const bin = join(PEERS_DIR, 'node_modules/elasticdump/bin/elasticdump');
  if (!existsSync(bin)) {
    log(`installing elasticdump@${ELASTICDUMP_VERSION} into bench/.peers`);
    mkdirSync(PEERS_DIR, { recursive: true });
    execFileSync('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--no-save', `elasticdump@${ELASTICDUMP_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const python = execFileSync('bash', [join(REPO, 'scripts/setup-python.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1) ?? 'python3';
  try {
    execFileSync(python, ['-c', 'import matplotlib'], { stdio: 'ignore' });
  } catch {
    log('installing matplotlib into the venv (for chart.png)');
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', 'matplotlib'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { elasticdump: bin, python };
}

/** Compiles the connectors (the project's tsconfig) into BUILD_DIR; type errors are reported, not fatal, if the CLIs were emitted. */
function buildConnectors(): void {
  log(`compiling the connectors into ${BUILD_DIR}`);
  try {
    execFileSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', join(REPO, 'tsconfig.json'), '--outDir', BUILD_DIR], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (!existsSync(SOURCE_CLI) || !existsSync(DESTINATION_CLI)) throw error;
    log(`tsc reported errors (the emitted JavaScript is used): ${String((error as { stdout?: Buffer }).stdout ?? '').slice(0, 500)}`);
  }
}

function checkExit(what: string, result: Measured): void {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}: ${result.stderrTail.slice(-1500)}${result.stdout.slice(-1500)}`);
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) lines += 1;
  }
  return lines;
}

async function main(): Promise<void> {
  mkdirSync(workDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  log(`docs=${docs} reps=${reps} page_size=${pageSize} shards=${shards} slices=${sliceCounts.join(',')} steps=${[...steps].join(',')} work=${workDir} out=${outDir}`);
  // The code under test: HEAD plus whether the working tree had uncommitted changes in src/ when it was compiled.
  const codeVersion = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: REPO, encoding: 'utf8' }).trim() !== '';
      return dirty ? `${head} + uncommitted src changes` : head;
    } catch {
      return 'unknown';
    }
  })();
  buildConnectors();
  const peers = preparePeers();
  let servers: BenchServers | undefined;
  const rows: Row[] = [];
  let dataset: Dataset | undefined;
  const profiles: Record<string, ProfileSummary> = {};
  const startedAt = new Date();
  let esVersion = 'unknown';
  try {
    servers = await startServers(REPO, workDir, log);
    const { esUrl, esPid } = servers;
    esVersion = ((await (await fetch(esUrl)).json()) as { version: { number: string } }).version.number;
    const s3: BenchS3 = { endpoint: servers.s3Endpoint, bucket: 'bench', accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin', region: 'us-east-1' };
    await ensureBucket(s3);
    dataset = await ensureDataset(esUrl, index, docs, shards, args['reuse-index'] === true, log);
    const ds = dataset;

    const sourceConfig = (slices: number): string => writeJson(`source-${slices}.json`, { endpoint: { mode: 'nodes', urls: [esUrl] }, include_indices: [index], page_size: pageSize, slices });
    const destinationConfig = (prefix: string): string => writeJson(`destination-${prefix.replace(/\W+/g, '-')}.json`, {
      bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint, path_style: true, path_prefix: prefix,
      credentials: { method: 'access_key', access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey },
    });
    const discovered = execFileSync(NODE, [SOURCE_CLI, 'discover', '--config', sourceConfig(1)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const catalogMessage = discovered.split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : {})).find((message) => message.type === 'CATALOG');
    if (catalogMessage === undefined) throw new Error(`discover printed no CATALOG: ${discovered.slice(0, 500)}`);
    const streams = (catalogMessage.catalog.streams as Array<{ name: string }>).filter((stream) => stream.name === index);
    const catalog = writeJson('catalog.json', { streams: streams.map((stream) => ({ stream, sync_mode: 'full_refresh', destination_sync_mode: 'append' })) });
    // The first incremental sync on the date cursor reads every document, sorted by the cursor (19-digit date_nanos sort values).
    const incrementalCatalog = writeJson('catalog-incremental.json', { streams: streams.map((stream) => ({ stream, sync_mode: 'incremental', cursor_field: ['@timestamp'], destination_sync_mode: 'append' })) });

    /**
     * Registers one row; rows are run later, interleaved (repetition 1 of every row, then
     * repetition 2, ...), so a change in the machine's load during the benchmark spreads over
     * all rows instead of skewing a few. A failure marks the row and the benchmark goes on.
     */
    const planned: Array<{ entry: Row; once: (rep: number) => Promise<RunRecord> }> = [];
    const row = (id: string, step: number, label: string, command: string, once: (rep: number) => Promise<RunRecord>): void => {
      const entry: Row = { id, step, label, command, runs: [] };
      rows.push(entry);
      planned.push({ entry, once });
    };
    const runPlanned = async (): Promise<void> => {
      for (let rep = 1; rep <= reps; rep += 1) {
        for (const { entry, once } of planned) {
          if (entry.error !== undefined) continue;
          try {
            const loadAverage = loadavg()[0];
            const record = { ...(await once(rep)), loadAverage };
            entry.runs.push(record);
            log(`${entry.id} rep ${rep}: ${record.seconds.toFixed(2)} s, ${Math.round(ds.docs / record.seconds)} docs/s, peak RSS ${Object.entries(record.rssMb).map(([p, mb]) => `${p} ${mb?.toFixed(0)} MB`).join(', ')}, load ${loadAverage?.toFixed(1)}`);
          } catch (error) {
            entry.error = (error as Error).message.slice(0, 2000);
            log(`${entry.id} failed: ${entry.error}`);
          }
        }
      }
    };
    /** Measures one process, with the CPU time Elasticsearch spent meanwhile. */
    const timed = async (processName: string, command: string, argv: string[], options: Parameters<typeof measure>[2]): Promise<{ result: Measured; record: RunRecord }> => {
      const esBefore = processCpuSeconds(esPid);
      const result = await measure(command, argv, options);
      const esAfter = processCpuSeconds(esPid);
      checkExit(processName, result);
      return {
        result,
        record: {
          seconds: result.seconds,
          rssMb: { [processName]: result.peakRssMb },
          cpuSeconds: { [processName]: result.cpuSeconds },
          esCpuSeconds: esBefore === undefined || esAfter === undefined ? undefined : esAfter - esBefore,
        },
      };
    };
    const limit = (slices: number) => async (): Promise<RunRecord> => {
      const { result, record } = await timed('reader', NODE, [RAW_READ, esUrl, index, String(pageSize), String(slices)], { stdout: 'capture' });
      const read = JSON.parse(result.stdout.trim()) as { docs: number };
      if (read.docs !== ds.docs) throw new Error(`raw read saw ${read.docs} documents, expected ${ds.docs}`);
      return record;
    };
    const sourceOnly = (slices: number, catalogPath = catalog) => async (): Promise<RunRecord> => (await timed('source', NODE, [...SOURCE_FLAGS, SOURCE_CLI, 'read', '--config', sourceConfig(slices), '--catalog', catalogPath], { stdout: '/dev/null' })).record;
    const syncRun = (slices: number) => async (rep: number): Promise<RunRecord> => {
      const prefix = `sync-${slices}/rep-${rep}`;
      const state = join(workDir, `sync-state-${slices}-${rep}.json`);
      rmSync(state, { force: true });
      const { record } = await timed('sync', NODE, [...SYNC_FLAGS, SYNC_CLI, '--source-config', sourceConfig(slices), '--destination-config', destinationConfig(prefix), '--catalog', catalog, '--state', state], { stdout: join(workDir, 'sync.out') });
      return { ...record, parquet: await parquetUnder(s3, `${prefix}/`, true) };
    };

    // One untimed raw read first, so no row pays for a cold page cache or a cold JVM.
    log('warm-up: one untimed raw read of the whole index');
    checkExit('warm-up read', await measure(NODE, [RAW_READ, esUrl, index, String(pageSize), '1'], { stdout: 'capture' }));
    if (steps.has(1)) row('limit', 1, `limit: raw PIT + search_after (fetch, discard), 1 slice`, `node bench/peers/raw-pit-read.mjs URL ${index} ${pageSize} 1`, limit(1));
    if (steps.has(2)) row('source', 2, 'source only: read > /dev/null, 1 slice', `node <build>/src/cli/source-elasticsearch.js read (page_size ${pageSize}, slices 1)`, sourceOnly(1));
    if (steps.has(2)) row('source-incremental', 2, 'source only, incremental on @timestamp (first sync: every document), 1 slice', `node <build>/src/cli/source-elasticsearch.js read (incremental, cursor @timestamp, slices 1)`, sourceOnly(1, incrementalCatalog));
    const recorded = join(workDir, 'messages.jsonl');
    if (steps.has(3)) {
      log('recording the source output once for the destination runs');
      const recording = await measure(NODE, [...SOURCE_FLAGS, SOURCE_CLI, 'read', '--config', sourceConfig(1), '--catalog', catalog], { stdout: recorded });
      checkExit('recording read', recording);
      row('destination', 3, 'destination only: write < recorded messages', 'node <build>/src/cli/destination-s3-parquet.js write < messages.jsonl', async (rep) => {
        const prefix = `destination/rep-${rep}`;
        const { result, record } = await timed('destination', NODE, [...CONNECTOR_FLAGS, DESTINATION_CLI, 'write', '--config', destinationConfig(prefix), '--catalog', catalog], { stdinFile: recorded, stdout: 'capture' });
        const counts = [...result.stdout.matchAll(/(\d+) records in \d+ files?/g)].map((match) => Number(match[1]));
        if (counts.length > 0 && counts.reduce((a, b) => a + b, 0) !== ds.docs) throw new Error(`destination reported ${counts.join('+')} records, expected ${ds.docs}`);
        return { ...record, parquet: await parquetUnder(s3, `${prefix}/`, true) };
      });
    }
    if (steps.has(4)) {
      if (!existsSync(SYNC_CLI)) {
        rows.push({ id: 'sync', step: 4, label: 'end to end: sync into S3, 1 slice', command: 'node <build>/src/cli/sync.js', runs: [], error: 'dist/src/cli/sync.js does not exist yet (src/cli/sync.ts not written)' });
        log('sync CLI missing: step 4 skipped');
      } else {
        row('sync', 4, 'end to end: sync into S3, 1 slice', `node <build>/src/cli/sync.js (page_size ${pageSize}, slices 1)`, syncRun(1));
      }
    }
    if (steps.has(4) && existsSync('/usr/bin/time')) {
      // The Airbyte shape: two processes joined by a pipe, so reading and writing run on different cores.
      row('pipe', 4, 'end to end: source read piped into destination write (two processes), 1 slice', 'source read \| destination write', async (rep) => {
        const prefix = `pipe/rep-${rep}`;
        const files = { source: join(workDir, 'pipe-source.time'), destination: join(workDir, 'pipe-destination.time') };
        const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
        const script = `set -o pipefail; /usr/bin/time -f '%M %U %S' -o ${quote(files.source)} ${quote(NODE)} ${SOURCE_FLAGS.join(' ')} ${quote(SOURCE_CLI)} read --config ${quote(sourceConfig(1))} --catalog ${quote(catalog)} | /usr/bin/time -f '%M %U %S' -o ${quote(files.destination)} ${quote(NODE)} ${CONNECTOR_FLAGS.join(' ')} ${quote(DESTINATION_CLI)} write --config ${quote(destinationConfig(prefix))} --catalog ${quote(catalog)}`;
        const { record } = await timed('pipeline', 'bash', ['-c', script], { stdout: 'capture' });
        const parse = (file: string): { mb: number; cpu: number } => {
          const fields = readFileSync(file, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
          return { mb: (fields[0] ?? 0) / 1024, cpu: (fields[1] ?? 0) + (fields[2] ?? 0) };
        };
        const source = parse(files.source);
        const destination = parse(files.destination);
        return {
          ...record,
          rssMb: { source: source.mb, destination: destination.mb },
          cpuSeconds: { source: source.cpu, destination: destination.cpu },
          parquet: await parquetUnder(s3, `${prefix}/`, true),
        };
      });
    }
    if (steps.has(5)) {
      row('elasticdump', 5, `elasticdump ${ELASTICDUMP_VERSION} to a file (--limit 10000 --searchAfter --pit)`, 'elasticdump --type=data --limit=10000 --searchAfter=true --pit=true --output=file', async () => {
        const output = join(workDir, 'elasticdump.ndjson');
        rmSync(output, { force: true });
        const { record } = await timed('elasticdump', NODE, [peers.elasticdump, `--input=${esUrl}/${index}`, `--output=${output}`, '--type=data', '--limit=10000', '--searchAfter=true', '--pit=true', '--quiet'], { stdout: 'capture' });
        const lines = await countLines(output);
        rmSync(output, { force: true });
        if (lines !== ds.docs) throw new Error(`elasticdump wrote ${lines} lines, expected ${ds.docs}`);
        return record;
      });
    }
    if (steps.has(6)) {
      row('seed', 6, 'seed approach: Python scroll 10,000/page, pandas, pyarrow Snappy Parquet to S3', 'python bench/peers/seed_scroll_to_parquet.py', async (rep) => {
        const prefix = `seed/rep-${rep}`;
        const env = { ...process.env, AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey, AWS_REGION: s3.region };
        const { result, record } = await timed('python', peers.python, [SEED, esUrl, index, s3.endpoint, s3.bucket, prefix, '10000'], { stdout: 'capture', env });
        const out = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { docs: number };
        if (out.docs !== ds.docs) throw new Error(`seed script read ${out.docs} documents, expected ${ds.docs}`);
        return { ...record, parquet: await parquetUnder(s3, `${prefix}/`, true) };
      });
    }
    if (steps.has(7)) {
      for (const slices of sliceCounts.filter((n) => n > 1)) row(`limit-${slices}`, 7, `limit, ${slices} slices`, `raw-pit-read.mjs ... ${slices}`, limit(slices));
      for (const slices of sliceCounts.filter((n) => n > 1 || !steps.has(2))) row(`source-${slices}`, 7, `source only, ${slices} slices`, `read (slices ${slices})`, sourceOnly(slices));
      if (existsSync(SYNC_CLI)) row('sync-default', 7, `end to end: sync, default slices (0 = one per shard, ${shards})`, 'sync (slices 0)', syncRun(0));
    }

    await runPlanned();

    if (args['no-profile'] !== true) {
      const profileDir = join(workDir, 'profiles');
      const profileOf = async (name: string, argv: string[], options: Parameters<typeof measure>[2]): Promise<void> => {
        const dir = join(profileDir, name);
        rmSync(dir, { recursive: true, force: true });
        log(`profiling ${name} (--cpu-prof)`);
        const result = await measure(NODE, ['--cpu-prof', '--cpu-prof-dir', dir, ...argv], options);
        checkExit(`profiled ${name}`, result);
        const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
        if (file !== undefined) profiles[name] = summariseProfile(join(dir, file));
      };
      try {
        await profileOf('source', [SOURCE_CLI, 'read', '--config', sourceConfig(1), '--catalog', catalog], { stdout: '/dev/null' });
        if (existsSync(recorded)) {
          await profileOf('destination', [DESTINATION_CLI, 'write', '--config', destinationConfig('profile-destination'), '--catalog', catalog], { stdinFile: recorded, stdout: '/dev/null' });
          await parquetUnder(s3, 'profile-destination/', true);
        }
        if (existsSync(SYNC_CLI)) {
          await profileOf('sync', [SYNC_CLI, '--source-config', sourceConfig(1), '--destination-config', destinationConfig('profile-sync'), '--catalog', catalog, '--state', join(workDir, 'profile-state.json')], { stdout: '/dev/null' });
          await parquetUnder(s3, 'profile-sync/', true);
        }
      } catch (error) {
        log(`profiling failed: ${(error as Error).message.slice(0, 1000)}`);
      }
    }
  } finally {
    if (servers !== undefined) {
      log('stopping the servers');
      await servers.stop();
    }
    if (args['keep-work'] !== true) rmSync(workDir, { recursive: true, force: true });
    rmSync(BUILD_DIR, { recursive: true, force: true });
  }
  if (dataset === undefined) throw new Error('no dataset: nothing measured');
  const environment = {
    started_at: startedAt.toISOString(),
    commit: codeVersion,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    elasticsearch: esVersion,
    elasticdump: ELASTICDUMP_VERSION,
    page_size: pageSize,
    shards,
    reps,
  };
  writeReport(outDir, { dataset, environment, rows, profiles }, peers.python, log);
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
