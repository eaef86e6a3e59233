import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '../../src/json/json-value.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Attempt {
  /** Record ids in the order they were printed. */
  ids: string[];
  /** How many records had been printed when each STATE was printed. */
  stateAfter: number[];
  /** The STATE messages printed, in order. */
  states: JsonObject[];
  completed: boolean;
  code: number | null;
  stderr: string;
}

/**
 * Runs `read` and kills it with SIGKILL once `killAfterRecords` records were
 * printed (never, if undefined). Returns what it printed in whole lines.
 */
export function readUntilKilled(args: string[], killAfterRecords: number | undefined): Promise<Attempt> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'src/cli/source-elasticsearch.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const attempt: Attempt = { ids: [], stateAfter: [], states: [], completed: false, code: null, stderr: '' };
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (attempt.stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('{"type":"RECORD"')) {
        const match = /"_id":"([^"]+)"/.exec(line);
        if (match?.[1] !== undefined) attempt.ids.push(match[1]);
        if (!killed && killAfterRecords !== undefined && attempt.ids.length >= killAfterRecords) {
          killed = true;
          child.kill('SIGKILL');
        }
      } else if (line.startsWith('{"type":"STATE"')) {
        attempt.states.push(JSON.parse(line) as JsonObject);
        attempt.stateAfter.push(attempt.ids.length);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      attempt.code = code;
      attempt.completed = code === 0;
      resolvePromise(attempt);
    });
  });
}
