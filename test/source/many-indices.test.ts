import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engine } from '../support/engines.js';
import { runCli } from '../support/run-cli.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson } from '../support/source-harness.js';
import { RecordingProxy } from '../support/recording-proxy.js';
import type { JsonObject } from '../../src/json/json-value.js';

/**
 * A cluster with 500 daily indices with long names (the layout Logstash and
 * Fluentd write), under the default include_indices `*`: every request the
 * source sends goes through a recording reverse proxy, and none has a first
 * line at or above Elasticsearch's http.max_initial_line_length (4096 bytes).
 * The names alone make 35 KB: a request listing them all would be refused.
 */
const PREFIX = 'logs-some-long-application-name-production-eu-west-1-';
const COUNT = 500;
const DOCS_PER_INDEX = 3;
const TEMPLATE = 'many-indices-test';

function indexName(day: number): string {
  const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '.');
  return `${PREFIX}${date}-000001`;
}

const NAMES = Array.from({ length: COUNT }, (_, day) => indexName(day));

async function es(url: string, method: string, path: string, body?: string, contentType = 'application/json'): Promise<JsonObject> {
  const response = await fetch(`${url}${path}`, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': contentType } }) });
  const answer = (await response.json()) as JsonObject;
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
  return answer;
}

/** Each index name once, in groups whose path stays short (wildcard deletes are refused by default). */
function groups(names: readonly string[], size = 30): string[][] {
  return Array.from({ length: Math.ceil(names.length / size) }, (_, i) => names.slice(i * size, (i + 1) * size));
}

describe('a cluster with 500 indices with long names', () => {
  const { url } = engine('es8');
  let proxy: RecordingProxy;
  const seconds: Record<string, number> = {};
  const timed = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      seconds[what] = Math.round(performance.now() - start) / 1000;
    }
  };

  before(async () => {
    await es(url, 'PUT', `/_index_template/${TEMPLATE}`, JSON.stringify({
      index_patterns: [`${PREFIX}*`],
      priority: 500,
      template: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'keyword' }, n: { type: 'long' } } } },
    }));
    // Bulk creates the indices (from the template) as it writes their first documents.
    const lines: string[] = [];
    for (const [day, index] of NAMES.entries()) {
      for (let n = 0; n < DOCS_PER_INDEX; n++) {
        lines.push(JSON.stringify({ create: { _index: index, _id: `${day}-${n}` } }), JSON.stringify({ '@timestamp': `${new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + n * 1000).toISOString()}`, message: `document ${n} of day ${day}`, n }));
      }
    }
    const bulk = await es(url, 'POST', '/_bulk?refresh=true', `${lines.join('\n')}\n`, 'application/x-ndjson');
    assert.equal(bulk['errors'], false, JSON.stringify(bulk).slice(0, 1000));
    proxy = await new RecordingProxy(url).start();
  });

  after(async () => {
    await proxy?.stop();
    for (const group of groups(NAMES)) await fetch(`${url}/${group.join(',')}?ignore_unavailable=true`, { method: 'DELETE' });
    await fetch(`${url}/_index_template/${TEMPLATE}`, { method: 'DELETE' });
  });

  test('check, discover and read succeed under the default include_indices, every request line under 4096 bytes', async (t) => {
    const config = sourceConfig(proxy.url);

    const checked = await timed('check', () => runCli('source-elasticsearch', ['check', '--config', tempJson(config)]));
    const status = (checked.messages as JsonObject[]).find((m) => m['type'] === 'CONNECTION_STATUS')?.['connectionStatus'] as JsonObject | undefined;
    assert.equal(status?.['status'], 'SUCCEEDED', String(status?.['message'] ?? checked.stdout + checked.stderr));
    const matched = Number(/(\d+) stream\(s\) match/.exec(String(status?.['message']))?.[1]);
    assert.ok(matched >= COUNT, String(status?.['message']));
    const mappingRequests = proxy.lines.filter((line) => /^GET \/\S+\/_mapping /.test(line)).length;
    assert.ok(mappingRequests > 1, `check read the mappings in ${mappingRequests} request(s): the names do not fit in one`);

    const catalog = await timed('discover', () => discoverCatalog(config));
    const names = new Set(catalog.streams.map((stream) => stream.name));
    for (const name of NAMES) assert.ok(names.has(name), `discover offers ${name}`);

    const output = await timed('read', () => readSource(config, configuredCatalog(catalog, NAMES)));
    assert.equal(output.result.code, 0, JSON.stringify(output.errors));
    assert.equal(output.records.length, COUNT * DOCS_PER_INDEX);
    const perStream = new Map<string, number>();
    for (const record of output.records) perStream.set(record.stream, (perStream.get(record.stream) ?? 0) + 1);
    for (const name of NAMES) assert.equal(perStream.get(name), DOCS_PER_INDEX, name);
    assert.equal(output.statuses.filter((status) => status.status === 'COMPLETE').length, COUNT);

    const longest = proxy.longest();
    t.diagnostic(`${proxy.lines.length} requests; longest request line ${longest.bytes} bytes (${longest.line.slice(0, 80)}...); seconds: ${JSON.stringify(seconds)}`);
    assert.ok(longest.bytes < 4096, `a request line of ${longest.bytes} bytes: ${longest.line}`);
  });

  test('the 500 names listed in include_indices, and an index family over them, stay under 4096 bytes too', async (t) => {
    const before = proxy.lines.length;
    const listed = sourceConfig(proxy.url, { include_indices: NAMES });
    const checked = await runCli('source-elasticsearch', ['check', '--config', tempJson(listed)]);
    const status = (checked.messages as JsonObject[]).find((m) => m['type'] === 'CONNECTION_STATUS')?.['connectionStatus'] as JsonObject | undefined;
    assert.equal(status?.['status'], 'SUCCEEDED', String(status?.['message']));
    assert.match(String(status?.['message']), new RegExp(`; ${COUNT} stream\\(s\\) match`));
    assert.ok(proxy.lines.slice(before).filter((line) => line.startsWith('GET /_resolve/index/')).length > 1, 'the listed names are resolved in several requests');

    const family = sourceConfig(proxy.url, { include_indices: [`${PREFIX}*`], index_families: [{ name: 'long-application', patterns: [`${PREFIX}*`] }] });
    const catalog = await discoverCatalog(family);
    assert.deepEqual(catalog.streams.map((stream) => stream.name), ['long-application']);
    const output = await readSource(family, configuredCatalog(catalog, ['long-application']));
    assert.equal(output.result.code, 0, JSON.stringify(output.errors));
    assert.equal(output.records.length, COUNT * DOCS_PER_INDEX);

    const lines = proxy.lines.slice(before);
    const longest = lines.reduce((max, line) => Math.max(max, Buffer.byteLength(line)), 0);
    t.diagnostic(`${lines.length} requests; longest request line ${longest} bytes`);
    assert.ok(longest < 4096, `a request line of ${longest} bytes`);
  });
});
