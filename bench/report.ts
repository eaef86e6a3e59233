/**
 * Re-renders results.md and chart.png of a results directory from its results.json (for
 * example to add the growth table once another size has been measured):
 *   node --import tsx bench/report.ts bench/results/100000 [bench/results/1000000 ...]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeReport, type BenchResult } from './lib/report.js';

const python = execFileSync('bash', [resolve(import.meta.dirname, '../scripts/setup-python.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1) ?? 'python3';
for (const dir of process.argv.slice(2)) {
  const saved = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResult;
  writeReport(resolve(dir), { dataset: saved.dataset, environment: saved.environment, rows: saved.rows, profiles: saved.profiles }, python, (line) => process.stderr.write(`${line}\n`));
}
