/**
 * Runs PyAirbyte (venv of scripts/setup-pyairbyte.sh, exported by
 * scripts/test.sh as ESPQ_PYAIRBYTE_PYTHON) against our source CLI, through
 * test/support/pyairbyte_read.py, and returns what landed in its DuckDB cache.
 * Nothing is mocked: PyAirbyte spawns the real source, which talks to a real
 * search engine.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonLossless } from './s3-test-helpers.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/json/json-value.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..');

/** What pyairbyte_read.py printed (see its module doc for the value forms). */
export interface PyAirbyteRead {
  readonly airbyteVersion: string;
  readonly duckdbVersion: string;
  readonly recordsProcessed: number;
  readonly tables: readonly string[];
  readonly table: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly dataType: string }>;
  readonly rowCount: number;
  readonly rows: readonly JsonObject[];
}

/** The PyAirbyte venv's python. Throws (never skips) when the variable is missing or does not point at a file. */
export function pyairbytePython(): string {
  const python = process.env['ESPQ_PYAIRBYTE_PYTHON'];
  if (python === undefined || python === '') {
    throw new Error('ESPQ_PYAIRBYTE_PYTHON is not set: run the tests with `npm test`, which installs PyAirbyte (scripts/setup-pyairbyte.sh) and sets it. This test is never skipped.');
  }
  if (!existsSync(python)) throw new Error(`ESPQ_PYAIRBYTE_PYTHON=${python} does not exist: rerun scripts/setup-pyairbyte.sh.`);
  return python;
}

/**
 * Writes an executable wrapper that runs our source CLI with this node and
 * tsx, every path absolute, so PyAirbyte can spawn it from any directory
 * (`local_executable`). Returns its path.
 */
export function writeSourceExecutable(directory: string): string {
  const path = join(directory, 'source-elasticsearch');
  const tsx = import.meta.resolve('tsx');
  const cli = join(REPO_ROOT, 'src/cli/source-elasticsearch.ts');
  const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
  writeFileSync(path, `#!/bin/sh\nexec ${quote(process.execPath)} --import ${quote(tsx)} ${quote(cli)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Reads `stream` with PyAirbyte (offline, no telemetry) into a fresh DuckDB file and returns the table it wrote. */
export async function readWithPyAirbyte(config: JsonObject, stream: string): Promise<PyAirbyteRead> {
  const work = mkdtempSync(join(tmpdir(), 'espq-pyairbyte-'));
  for (const directory of ['cache', 'tmp', 'logs']) mkdirSync(join(work, directory));
  const configPath = join(work, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const args = [
    join(HERE, 'pyairbyte_read.py'),
    '--executable', writeSourceExecutable(work),
    '--config', configPath,
    '--stream', stream,
    '--db-path', join(work, 'cache.duckdb'),
    '--cache-dir', join(work, 'cache'),
  ];
  return parseRead(parseJsonLossless((await runPyAirbyteScript(args, work)).trim()));
}

/**
 * Runs a PyAirbyte script (`args`: the script and its arguments) with the
 * PyAirbyte venv, offline and without telemetry, its project, cache, temp
 * and log directories under `work` (which must hold `cache`, `tmp` and
 * `logs`); resolves with its stdout, or rejects with the end of its stderr.
 */
export function runPyAirbyteScript(args: readonly string[], work: string): Promise<string> {
  const python = pyairbytePython();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AIRBYTE_OFFLINE_MODE: '1',
    DO_NOT_TRACK: '1',
    AIRBYTE_PROJECT_DIR: work,
    AIRBYTE_CACHE_ROOT: join(work, 'cache'),
    AIRBYTE_TEMP_DIR: join(work, 'tmp'),
    AIRBYTE_LOGGING_ROOT: join(work, 'logs'),
    PYTHONWARNINGS: 'ignore::FutureWarning',
  };
  return new Promise<string>((resolvePromise, reject) => {
    execFile(python, [...args], { cwd: work, env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', timeout: 600_000 }, (error, out, err) => {
      if (error) reject(new Error(`${python} ${args.join(' ')} failed: ${error.message}\n${err.slice(-8000)}`));
      else resolvePromise(out);
    });
  });
}

function parseRead(value: unknown): PyAirbyteRead {
  if (!isJsonObject(value as JsonValue)) throw new TypeError(`pyairbyte_read.py printed no JSON object: ${String(value).slice(0, 500)}`);
  const output = value as JsonObject;
  const columns = output['columns'];
  const rows = output['rows'];
  const tables = output['tables'];
  if (!Array.isArray(columns) || !Array.isArray(rows) || !Array.isArray(tables)) throw new TypeError('pyairbyte_read.py output lacks columns, rows or tables');
  return {
    airbyteVersion: String(output['airbyte_version']),
    duckdbVersion: String(output['duckdb_version']),
    recordsProcessed: Number(output['records_processed']),
    tables: tables.map(String),
    table: String(output['table']),
    columns: columns.map((column) => {
      if (!isJsonObject(column)) throw new TypeError('a column is not an object');
      return { name: String(column['name']), dataType: String(column['data_type']) };
    }),
    rowCount: Number(output['row_count']),
    rows: rows.map((row) => {
      if (!isJsonObject(row)) throw new TypeError('a row is not an object');
      return row;
    }),
  };
}
