import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { engine, openSearchContexts } from '../support/engines.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson, type Catalog } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogBulkItems, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';
import type { JsonObject } from '../../src/json/json-value.js';

const COUNT = 20_000;
const PIT_SEARCH = /^POST \/_search\?/;

function assertExactly(ids: string[], count: number): void {
  assert.equal(new Set(ids).size, ids.length, 'no document printed twice');
  assert.equal(ids.length, count, 'every document printed');
}

describe('faults between the source and Elasticsearch', () => {
  const es = engine('es8');
  const os = engine('os2');
  let proxy: FaultProxy;
  let osProxy: FaultProxy;
  let catalog: Catalog;
  let osCatalog: Catalog;

  before(async () => {
    await loadDocuments(es.url, 'fault-logs', generateLogBulkItems({ count: COUNT }), { mappings: LOG_INDEX_MAPPING, shards: 2, deleteExisting: true });
    await loadDocuments(os.url, 'fault-logs', generateLogBulkItems({ count: 3_000 }), { mappings: LOG_INDEX_MAPPING, shards: 1, deleteExisting: true });
    proxy = await new FaultProxy(es.url).start();
    osProxy = await new FaultProxy(os.url).start();
    catalog = await discoverCatalog(sourceConfig(es.url, { include_indices: ['fault-logs'] }));
    osCatalog = await discoverCatalog(sourceConfig(os.url, { include_indices: ['fault-logs'] }));
  });
  after(async () => {
    await proxy.stop();
    await osProxy.stop();
  });

  test('429 (with and without Retry-After), 502, 503, 504, resets and a stalled request are retried: nothing lost, nothing repeated', async () => {
    proxy.clear();
    proxy.inject(PIT_SEARCH, { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'status', status: 429 }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'status', status: 502 }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'status', status: 503 }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'status', status: 504 }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'reset-mid-body' }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'reset-before-response' }, 1, 1);
    proxy.inject(PIT_SEARCH, { kind: 'stall', ms: 2_500 }, 1, 1);
    const output = await readSource(sourceConfig(proxy.url, { include_indices: ['fault-logs'], page_size: 500, request_timeout_seconds: 1 }), configuredCatalog(catalog, ['fault-logs']));
    assert.equal(output.result.code, 0, output.result.stdout.slice(-1500));
    assertExactly(output.records.map((r) => String(r.data['_id'])), COUNT);
    const retries = output.logs.filter((log) => /^Retrying "read fault-logs/.test(log));
    assert.ok(retries.length >= 8, `every fault was retried and logged:\n${output.logs.join('\n')}`);
    for (const expected of [/HTTP 429/, /HTTP 502/, /HTTP 503/, /HTTP 504/, /other side closed/, /within the request timeout/]) assert.ok(retries.some((log) => expected.test(log)), String(expected));
  });

  test('when retries run out the read stops with a transient_error, and its last STATE resumes it with nothing lost', async () => {
    proxy.clear();
    proxy.inject(PIT_SEARCH, { kind: 'status', status: 503 }, 1_000, 12);
    const config = sourceConfig(proxy.url, { include_indices: ['fault-logs'], page_size: 500, checkpoint_interval_records: 1_000, retry_max_attempts: 3 });
    const failed = await readSource(config, configuredCatalog(catalog, ['fault-logs']));
    assert.notEqual(failed.result.code, 0);
    assert.equal(failed.errors.length, 1);
    assert.equal(failed.errors[0]!['failure_type'], 'transient_error');
    assert.match(String(failed.errors[0]!['message']), /overloaded or unavailable \(HTTP 503\).*retries ran out.*resumes from the last state/);
    assert.deepEqual(failed.statuses.map((s) => s.status).slice(-1), ['INCOMPLETE']);
    proxy.clear();
    const resumed = await readSource(config, configuredCatalog(catalog, ['fault-logs']), [failed.states.at(-1)!]);
    assert.equal(resumed.result.code, 0);
    const checkpointed = failed.records.length - (failed.records.length % 1_000);
    const union = new Set([...failed.records.slice(0, checkpointed), ...resumed.records].map((r) => String(r.data['_id'])));
    assert.equal(union.size, COUNT, 'the documents checkpointed before the failure plus the resumed read are the whole index');
    assert.equal(await openSearchContexts(es.url), 0);
  });

  test('a scroll page lost to a dropped connection stops the read (a scroll request is never retried blindly)', async () => {
    osProxy.clear();
    osProxy.inject(/^POST \/_search\/scroll/, { kind: 'reset-mid-body' }, 1, 1);
    const output = await readSource(sourceConfig(osProxy.url, { include_indices: ['fault-logs'], page_size: 500 }), configuredCatalog(osCatalog, ['fault-logs']));
    assert.notEqual(output.result.code, 0);
    assert.equal(output.errors[0]!['failure_type'], 'transient_error');
    assert.ok(output.records.length < 3_000 && output.records.length >= 1_000);
    assert.ok(!output.statuses.some((s) => s.status === 'COMPLETE'));
    const rerun = await readSource(sourceConfig(osProxy.url, { include_indices: ['fault-logs'] }), configuredCatalog(osCatalog, ['fault-logs']), [output.states.at(-1) ?? { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'fault-logs' } } } }]);
    assert.equal(new Set(rerun.records.map((r) => String(r.data['_id']))).size, 3_000, 'the rerun restarts the scroll and reads everything');
  });

  test('shards that fail for real stop the read with a clear error, never a short page', async () => {
    // The same field is a long in one index and a keyword in the other: a range on "abc" fails on the long's shards only.
    const docs = (n: number, prefix: string, value: (i: number) => unknown): Array<{ id: string; source: string }> => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, source: JSON.stringify({ n: value(i) }) }));
    await loadDocuments(es.url, 'fault-a', docs(2_000, 'a', (i) => i), { mappings: { properties: { n: { type: 'long' } } }, shards: 2, deleteExisting: true });
    await loadDocuments(es.url, 'fault-b', docs(2_000, 'b', (i) => `v${i}`), { mappings: { properties: { n: { type: 'keyword' } } }, shards: 1, deleteExisting: true });
    await fetch(`${es.url}/_aliases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actions: [{ add: { index: 'fault-a', alias: 'fault-ab' } }, { add: { index: 'fault-b', alias: 'fault-ab' } }] }) });
    const config = sourceConfig(es.url, { include_indices: ['fault-ab'], include_aliases: true, page_size: 200, query: JSON.stringify({ range: { n: { gte: 'abc' } } }) });
    const aliasCatalog = await discoverCatalog(config);
    const output = await readSource(config, configuredCatalog(aliasCatalog, ['fault-ab']));
    assert.notEqual(output.result.code, 0);
    assert.equal(output.records.length, 0, 'no partial page was taken for the data');
    assert.ok(!output.statuses.some((s) => s.status === 'COMPLETE'));
    assert.equal(output.errors.length, 1);
    assert.match(String(output.errors[0]!['message']), /rejected the request to read fault-ab|shard\(s\) failed/);
    assert.equal(await openSearchContexts(es.url), 0);
  });

  test('SIGTERM closes the point in time and exits non-zero with a transient_error', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/source-elasticsearch.ts', 'read', '--config', tempJson(sourceConfig(es.url, { include_indices: ['fault-logs'], page_size: 100 })), '--catalog', tempJson(configuredCatalog(catalog, ['fault-logs']))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let records = 0;
    const messages: JsonObject[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{"type":"RECORD"') && ++records === 2_000) child.kill('SIGTERM');
      else if (!line.startsWith('{"type":"RECORD"')) messages.push(JSON.parse(line) as JsonObject);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.notEqual(code, 0);
    const error = messages.find((m) => m['type'] === 'TRACE' && (m['trace'] as JsonObject)['type'] === 'ERROR');
    assert.match(JSON.stringify(error), /cancelled \(SIGTERM or SIGINT\).*closed/);
    assert.equal(await openSearchContexts(es.url), 0, 'no point in time left open');
  });
});
