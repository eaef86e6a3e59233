import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engine } from '../support/engines.js';
import { runCli } from '../support/run-cli.js';
import { freePort } from '../support/ports.js';
import { sourceConfig, tempJson } from '../support/source-harness.js';
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
  before(async () => {
    await fetch(`${es.url}/check-probe/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    proxy = await startTlsProxy(es.url);
  });
  after(async () => proxy.close());

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
