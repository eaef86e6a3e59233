import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Elasticsearch and S3 the benchmark uses, and how to stop the ones it started. */
export interface BenchServers {
  readonly esUrl: string;
  /** The Elasticsearch JVM's pid when started here (for its CPU time), else undefined. */
  readonly esPid: number | undefined;
  readonly s3Endpoint: string;
  /** Stops every server this run started; never throws. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Starts es8 and MinIO on free loopback ports under `workDir` (in parallel), unless
 * BENCH_ES_URL / BENCH_S3_ENDPOINT name servers to use instead. A server that started
 * is stopped by `stop()` even when the other failed to start.
 */
export async function startServers(repo: string, workDir: string, log: (line: string) => void): Promise<BenchServers> {
  const started: string[] = [];
  const stop = async (): Promise<void> => {
    for (const dir of started) {
      await run('bash', [join(repo, 'scripts/servers/stop-server.sh'), dir]).catch((error: unknown) => log(`stopping ${dir} failed: ${String(error)}`));
    }
  };
  const startOne = async (script: string, args: string[], dir: string): Promise<string> => {
    const result = run('bash', [join(repo, script), ...args], { maxBuffer: 1 << 20, env: process.env });
    started.push(dir);
    try {
      return (await result).stdout.trim().split('\n').at(-1) ?? '';
    } catch (error) {
      throw new Error(`${script} failed: ${(error as { stderr?: string }).stderr?.slice(-2000) ?? String(error)}`);
    }
  };
  try {
    const esDir = join(workDir, 'es8');
    const s3Dir = join(workDir, 'minio');
    const [esUrl, s3Endpoint] = await Promise.all([
      process.env['BENCH_ES_URL'] ?? startOne('scripts/servers/start-search-engine.sh', ['es8', String(await freePort()), esDir], esDir),
      process.env['BENCH_S3_ENDPOINT'] ?? startOne('scripts/servers/start-minio.sh', [String(await freePort()), s3Dir], s3Dir),
    ]);
    const pidFile = join(esDir, 'pid');
    const esPid = process.env['BENCH_ES_URL'] === undefined && existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : (process.env['BENCH_ES_PID'] === undefined ? undefined : Number(process.env['BENCH_ES_PID']));
    log(`Elasticsearch ${esUrl}${esPid === undefined ? '' : ` (pid ${esPid})`}, S3 ${s3Endpoint}`);
    return { esUrl, esPid, s3Endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
