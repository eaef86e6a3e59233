import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { runCli, type CliResult } from './run-cli.js';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';

const dir = mkdtempSync(join(tmpdir(), 'espq-source-test-'));
let counter = 0;

/** Writes a JSON value to a fresh temp file and returns its path. */
export function tempJson(value: unknown): string {
  const path = join(dir, `${++counter}.json`);
  writeFileSync(path, stringifyExactJson(value));
  return path;
}

export function sourceConfig(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { endpoint: { mode: 'nodes', urls: [url] }, ...extra };
}

export interface Catalog {
  streams: Array<{ name: string; json_schema: JsonObject; supported_sync_modes: string[]; default_cursor_field?: string[]; is_resumable?: boolean; source_defined_primary_key?: string[][] }>;
}

export async function discoverCatalog(config: Record<string, unknown>): Promise<Catalog> {
  const result = await runCli('source-elasticsearch', ['discover', '--config', tempJson(config)]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const catalogs = result.messages.filter((m) => (m as JsonObject)['type'] === 'CATALOG');
  assert.equal(catalogs.length, 1, 'exactly one CATALOG');
  return (catalogs[0] as JsonObject)['catalog'] as unknown as Catalog;
}

export function configuredCatalog(catalog: Catalog, streams: string[], options: { syncMode?: 'full_refresh' | 'incremental'; cursorField?: string[] } = {}): unknown {
  return {
    streams: catalog.streams
      .filter((stream) => streams.includes(stream.name))
      .map((stream) => ({
        stream,
        sync_mode: options.syncMode ?? 'full_refresh',
        destination_sync_mode: 'append',
        ...(options.cursorField === undefined ? {} : { cursor_field: options.cursorField }),
      })),
  };
}

export interface ReadOutput {
  result: CliResult;
  records: Array<{ stream: string; data: JsonObject }>;
  states: JsonObject[];
  statuses: Array<{ stream: string; status: string }>;
  logs: string[];
  errors: JsonObject[];
}

export function splitMessages(result: CliResult): ReadOutput {
  const output: ReadOutput = { result, records: [], states: [], statuses: [], logs: [], errors: [] };
  for (const message of result.messages as JsonObject[]) {
    if (message['type'] === 'RECORD') {
      const record = message['record'] as JsonObject;
      output.records.push({ stream: record['stream'] as string, data: record['data'] as JsonObject });
    } else if (message['type'] === 'STATE') output.states.push(message);
    else if (message['type'] === 'LOG') output.logs.push(((message['log'] as JsonObject)['message'] as string) ?? '');
    else if (message['type'] === 'TRACE') {
      const trace = message['trace'] as JsonObject;
      if (trace['type'] === 'STREAM_STATUS') {
        const status = trace['stream_status'] as JsonObject;
        output.statuses.push({ stream: (status['stream_descriptor'] as JsonObject)['name'] as string, status: status['status'] as string });
      } else if (trace['type'] === 'ERROR') output.errors.push(trace['error'] as JsonObject);
    }
  }
  return output;
}

export async function readSource(config: Record<string, unknown>, catalog: unknown, state?: JsonValue): Promise<ReadOutput> {
  const args = ['read', '--config', tempJson(config), '--catalog', tempJson(catalog)];
  if (state !== undefined) args.push('--state', tempJson(state));
  return splitMessages(await runCli('source-elasticsearch', args));
}

/** The stream_state of the last STATE of a stream. */
export function lastStreamState(states: JsonObject[], stream: string): JsonObject | undefined {
  const mine = states.filter((s) => (((s['state'] as JsonObject)['stream'] as JsonObject)['stream_descriptor'] as JsonObject)['name'] === stream);
  return mine.at(-1);
}

/** Record data without the `_id` and `_index` the source adds. */
export function sourceOf(data: JsonObject): JsonObject {
  const { _id: _a, _index: _b, ...rest } = data;
  return rest;
}
