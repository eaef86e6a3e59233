import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engine } from '../support/engines.js';
import { runCli } from '../support/run-cli.js';
import { freePort } from '../support/ports.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson } from '../support/source-harness.js';
import { RecordingProxy } from '../support/recording-proxy.js';
import { startTlsProxy, type TlsProxy } from '../support/tls-proxy.js';
import type { JsonObject } from '../../src/json/json-value.js';

async function check(config: unknown): Promise<{ status: string; message: string; logs: string[] }> {
  const result = await runCli('source-elasticsearch', ['check', '--config', tempJson(config)]);
  assert.equal(result.code, 0, 'check exits 0 and reports through CONNECTION_STATUS');
  const statuses = result.messages.filter((m) => (m as JsonObject)['type'] === 'CONNECTION_STATUS') as JsonObject[];
  assert.equal(statuses.length, 1, 'exactly one CONNECTION_STATUS');
  const status = statuses[0]!['connectionStatus'] as JsonObject;
  const logs = (result.messages as JsonObject[]).filter((m) => m['type'] === 'LOG').map((m) => String((m['log'] as JsonObject)['message']));
  return { status: String(status['status']), message: String(status['message'] ?? ''), logs };
}


describe('check', () => {
  const es = engine('es8');
  let proxy: TlsProxy;
  /** A reverse proxy serving the cluster under /elasticsearch only, as nginx in front of a cluster would. */
  let prefixed: RecordingProxy;
  before(async () => {
    // On both engines: "succeeds on a good config" needs an index, whatever ran before this file.
    for (const name of ['es8', 'os2'] as const) await fetch(`${engine(name).url}/check-probe/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await fetch(`${es.url}/check-tiebreaker`, { method: 'DELETE' });
    await fetch(`${es.url}/check-tiebreaker`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"mappings":{"properties":{"note":{"type":"text"},"id":{"type":"keyword"}}}}' });
    await fetch(`${es.url}/check-tiebreaker/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"note":"a text","id":"x-1"}' });
    proxy = await startTlsProxy(es.url);
    prefixed = await new RecordingProxy(es.url, '/elasticsearch').start();
  });
  after(async () => {
    await proxy.close();
    await prefixed.stop();
  });

  test('check, discover and read work behind a reverse proxy with a path prefix', async () => {
    const config = sourceConfig(prefixed.url, { include_indices: ['check-probe'] });
    const result = await check(config);
    assert.equal(result.status, 'SUCCEEDED', result.message);
    const catalog = await discoverCatalog(config);
    assert.deepEqual(catalog.streams.map((stream) => stream.name), ['check-probe']);
    const output = await readSource(config, configuredCatalog(catalog, ['check-probe']));
    assert.equal(output.result.code, 0, JSON.stringify(output.errors));
    assert.equal(output.records.length, 1);
    assert.ok(prefixed.lines.length > 0 && prefixed.lines.every((line) => / \/elasticsearch[/?]/.test(line)), 'every request went under the prefix');
  });

  test('a tiebreaker_field the cluster can sort on passes check, in indices that have it and in those that do not', async () => {
    for (const field of ['id', 'not.in.any.index']) {
      const result = await check(sourceConfig(es.url, { include_indices: ['check-tiebreaker', 'check-probe'], tiebreaker_field: field }));
      assert.equal(result.status, 'SUCCEEDED', `${field}: ${result.message}`);
    }
  });

  test('a query the cluster accepts passes check', async () => {
    const result = await check(sourceConfig(es.url, { include_indices: ['check-probe'], query: '{"range": {"a": {"gte": 1}}}' }));
    assert.equal(result.status, 'SUCCEEDED', result.message);
  });

  for (const name of ['es8', 'os2'] as const) {
    test(`succeeds on a good config (${name})`, async () => {
      const result = await check(sourceConfig(engine(name).url));
      assert.equal(result.status, 'SUCCEEDED', result.message);
      assert.match(result.message, /Connected to (elasticsearch 8|opensearch 2)/);
    });
  }

  const failures: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['nothing listens on the port', async () => sourceConfig(`http://127.0.0.1:${await freePort()}`), /Connection refused by http:\/\/127\.0\.0\.1:\d+: nothing listens on that host and port\. Check the URL and port/],
    ['the host does not resolve', async () => sourceConfig('http://no-such-host.invalid:9200'), /could not be resolved \(DNS E(NOTFOUND|AI_AGAIN)\): check the host name/],
    ['no index matches', async () => sourceConfig(es.url, { include_indices: ['nothing-matches-this-*'] }), /no open index matches include_indices \["nothing-matches-this-\*"\].*Fix the patterns/],
    ['an invalid config', async () => ({ endpoint: { mode: 'nodes', urls: ['localhost:9200'] } }), /is not a valid config: "endpoint\.urls\[0\]" is not valid/],
    ['an untrusted certificate', async () => sourceConfig(proxy.url), /TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted .*set tls\.ca_certificate/],
    ['a CA fingerprint that does not match', async () => sourceConfig(proxy.url, { tls: { ca_fingerprint: 'AB:'.repeat(31) + 'AB' } }), /does not match tls\.ca_fingerprint/],
    ['https against a plain HTTP port', async () => sourceConfig(es.url.replace('http://', 'https://')), /TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed: the server does not speak TLS on that port\. Use http:\/\/ for a plain-HTTP node/],
    ['the cluster rejects the query', async () => sourceConfig(es.url, { include_indices: ['check-probe'], query: '{"nonsense_query": {}}' }), /^The cluster rejects the query of the config \("query"\) on the selected streams: parsing_exception: unknown query \[nonsense_query\]\. Fix the Query DSL in "query"/],
    ['the query does not fit a field of the indices', async () => sourceConfig(es.url, { include_indices: ['check-probe'], query: '{"range": {"a": {"gte": "not a number"}}}' }), /^The cluster rejects the query of the config \("query"\) on the selected streams: query_shard_exception: failed to create query: For input string: "not a number"\. Fix the Query DSL in "query"/],
    ['tiebreaker_field is a text field', async () => sourceConfig(es.url, { include_indices: ['check-tiebreaker'], tiebreaker_field: 'note' }), /^The cluster cannot sort the selected streams on tiebreaker_field "note": .*Fielddata is disabled on \[note\].*Set tiebreaker_field to a keyword field with doc values/],
    ['a path prefix the reverse proxy does not serve', async () => sourceConfig(`${prefixed.url.replace(/\/elasticsearch$/, '/elastic')}`), /^The server at http:\/\/127\.0\.0\.1:\d+\/elastic answered HTTP 404 to GET \/elastic\/ while trying to connect to the cluster \(HTTP 404\): the path "\/elastic" of the URL is the likely cause\. Check "endpoint\.urls"/],
    ['the URL lacks the reverse proxy\'s path prefix', async () => sourceConfig(prefixed.url.replace(/\/elasticsearch$/, '')), /^The server at http:\/\/127\.0\.0\.1:\d+ answered HTTP 404 to GET \/ while trying to connect to the cluster \(HTTP 404\): the URL has no path, so the server at that address is likely not Elasticsearch or OpenSearch, or wants a path prefix\. Check "endpoint\.urls"/],
  ];
  for (const [name, config, expected] of failures) {
    test(`fails clearly when ${name}`, async () => {
      const result = await check(await config());
      assert.equal(result.status, 'FAILED');
      assert.match(result.message, expected);
    });
  }

  test('trusts the CA given as PEM or by fingerprint', async () => {
    for (const tls of [{ ca_certificate: proxy.caPem }, { ca_fingerprint: proxy.caFingerprint }, { ca_fingerprint: proxy.caFingerprint.replace(/:/g, '').toLowerCase() }]) {
      const result = await check(sourceConfig(proxy.url, { tls }));
      assert.equal(result.status, 'SUCCEEDED', `${JSON.stringify(Object.keys(tls))}: ${result.message}`);
    }
  });

  test('warns when certificate verification is turned off', async () => {
    const result = await check(sourceConfig(proxy.url, { tls: { verify_certificates: false } }));
    assert.equal(result.status, 'SUCCEEDED', result.message);
    assert.ok(result.logs.some((log) => /verification is turned off/.test(log)));
  });
});
