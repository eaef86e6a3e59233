import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One measured process run. */
export interface Measured {
  readonly seconds: number;
  /** Peak resident set size (VmHWM / ru_maxrss) in MB. */
  readonly peakRssMb: number | undefined;
  /** User + system CPU seconds of the process. */
  readonly cpuSeconds: number | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderrTail: string;
}

export interface MeasureOptions {
  /** File fed to stdin (default: none). */
  readonly stdinFile?: string;
  /** `capture` keeps stdout (for small outputs), otherwise a file path (`/dev/null` to discard). */
  readonly stdout: 'capture' | string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const GNU_TIME = '/usr/bin/time';
const TAIL_BYTES = 8192;

/**
 * Runs `command args` to completion and measures its wall time (from spawn to exit),
 * peak RSS and CPU time. Uses GNU time (`%M`, `%U`, `%S`) when installed, otherwise
 * samples `/proc/PID/status` VmHWM every 50 ms (then CPU time is unknown).
 */
export async function measure(command: string, args: readonly string[], options: MeasureOptions): Promise<Measured> {
  const scratch = mkdtempSync(join(tmpdir(), 'espq-bench-measure-'));
  const timeFile = join(scratch, 'time');
  const useTime = existsSync(GNU_TIME);
  const argv = useTime ? [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, command, ...args] : [command, ...args];
  const stdin = options.stdinFile === undefined ? 'ignore' : openSync(options.stdinFile, 'r');
  const stdout = options.stdout === 'capture' ? 'pipe' : openSync(options.stdout, 'w');
  let out = '';
  let errTail = '';
  let hwmKb = 0;
  const started = process.hrtime.bigint();
  const child = spawn(argv[0] ?? command, argv.slice(1), { stdio: [stdin, stdout, 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { errTail = (errTail + chunk).slice(-TAIL_BYTES); });
  const sampler = useTime ? undefined : setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match?.[1] !== undefined) hwmKb = Math.max(hwmKb, Number(match[1]));
    } catch { /* exited */ }
  }, 50);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sampler !== undefined) clearInterval(sampler);
  if (typeof stdin === 'number') closeSync(stdin);
  if (typeof stdout === 'number') closeSync(stdout);
  let peakRssMb: number | undefined = hwmKb > 0 ? hwmKb / 1024 : undefined;
  let cpuSeconds: number | undefined;
  if (useTime && existsSync(timeFile)) {
    // GNU time may prefix "Command exited with non-zero status N".
    const fields = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
    if (fields.length === 3 && fields.every(Number.isFinite)) {
      peakRssMb = (fields[0] ?? 0) / 1024;
      cpuSeconds = (fields[1] ?? 0) + (fields[2] ?? 0);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  return { seconds, peakRssMb, cpuSeconds, code, stdout: out, stderrTail: errTail };
}

/** CPU seconds (user + system) a running process has used so far, from /proc; undefined when unknown. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (0-based after the command name), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
