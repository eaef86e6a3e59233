import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { engine } from '../support/engines.js';
import { runCli } from '../support/run-cli.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson, type Catalog } from '../support/source-harness.js';
import type { JsonObject } from '../../src/json/json-value.js';

function textFile(text: string): string {
  const path = tempJson({});
  writeFileSync(path, text);
  return path;
}

function traceError(messages: unknown[]): JsonObject | undefined {
  const trace = (messages as JsonObject[]).find((m) => m['type'] === 'TRACE' && (m['trace'] as JsonObject)['type'] === 'ERROR');
  return trace === undefined ? undefined : ((trace['trace'] as JsonObject)['error'] as JsonObject);
}

describe('bad input to the source', () => {
  const es = engine('es8');
  let catalog: Catalog;
  before(async () => {
    await fetch(`${es.url}/bad-input`, { method: 'DELETE' });
    await fetch(`${es.url}/bad-input/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"@timestamp":"2025-01-01T00:00:00Z","name":"a"}' });
    catalog = await discoverCatalog(sourceConfig(es.url, { include_indices: ['bad-input'] }));
  });

  const configs: Array<[string, () => string, RegExp]> = [
    ['a config file that is missing', () => '/nonexistent/config.json', /The --config file \/nonexistent\/config\.json does not exist: pass the path of a JSON file/],
    ['a config that is not JSON', () => textFile('{"endpoint": '), /The --config file .* is not valid JSON \(.*\): fix the syntax/],
    ['unknown keys', () => tempJson({ ...sourceConfig(es.url), pagesize: 5 }), /"pagesize" is not a known setting: remove it or fix its spelling/],
    ['a wrong type', () => tempJson({ ...sourceConfig(es.url), page_size: 'big' }), /"page_size" must be an integer/],
    ['an endpoint without a scheme', () => tempJson({ endpoint: { mode: 'nodes', urls: ['localhost:9200'] } }), /"endpoint\.urls\[0\]" is not valid \(a URL starting with http:\/\/ or https:\/\//],
    ['a query that is not JSON', () => tempJson(sourceConfig(es.url, { query: '{"match_all": ' })), /"query" is not valid JSON .*give a Query DSL object/],
    ...(['garbage', 'name:!!!notbase64', `name:${Buffer.from('no-dollar-parts').toString('base64')}`, `a:b:${Buffer.from('host$id').toString('base64')}`].map((cloudId): [string, () => string, RegExp] => [
      `a malformed Cloud ID (${cloudId.slice(0, 24)})`,
      () => tempJson({ endpoint: { mode: 'cloud', cloud_id: cloudId } }),
      /is not a valid config: "endpoint\.cloud_id" is not a Cloud ID \(.+\): it looks like "deployment-name:BASE64", where BASE64 decodes to "<host>\[:<port>\]\$<elasticsearch id>\[\$<kibana id>\]": copy it whole from the deployment page/,
    ])),
    ['an empty include_indices', () => tempJson(sourceConfig(es.url, { include_indices: [] })), /is not a valid config: "include_indices" must list at least 1 item/],
    ...([
      ['an API key with a newline', { method: 'api_key', api_key: 'abc\ndef' }, 'authentication.api_key'],
      ['an API key with a NUL', { method: 'api_key', api_key: 'abc\u0000def' }, 'authentication.api_key'],
      ['an API key secret with a carriage return', { method: 'api_key_id', api_key_id: 'id', api_key_secret: 'secret\r' }, 'authentication.api_key_secret'],
      ['a password with a newline', { method: 'basic', username: 'elastic', password: 'pass\nword' }, 'authentication.password'],
      ['a user name with a tab', { method: 'basic', username: 'elas\ttic', password: 'password' }, 'authentication.username'],
      ['a token with a NUL', { method: 'bearer', token: '\u0000token' }, 'authentication.token'],
    ] as const).map(([name, authentication, field]): [string, () => string, RegExp] => [
      name,
      () => tempJson(sourceConfig(es.url, { authentication })),
      new RegExp(`is not a valid config: "${field.replace('.', '\\.')}" contains a control character \\(a newline, tab or NUL, usually pasted by mistake\\), which this setting cannot hold: remove it`),
    ]),
    ['a URL whose path is not the cluster\'s', () => tempJson(sourceConfig(`${es.url}/foo`)), /The server at http:\/\/127\.0\.0\.1:\d+\/foo answered HTTP 404 to GET \/foo\/ while trying to connect to the cluster \(no such index \[foo\]\): the path "\/foo" of the URL is the likely cause\. Check "endpoint\.urls"/],
    ['a URL path the cluster has no GET for', () => tempJson(sourceConfig(`${es.url}/foo/bar`)), /answered HTTP 405 to GET \/foo\/bar\/ while trying to connect to the cluster \(Incorrect HTTP method for uri .*\): the path "\/foo\/bar" of the URL is the likely cause\. Check "endpoint\.urls"/],
    ['a URL path the cluster has no handler for', () => tempJson(sourceConfig(`${es.url}/foo/_search/scroll`)), /answered HTTP 400 to GET \/foo\/_search\/scroll\/ while trying to connect to the cluster \(no handler found for uri .*\): the path "\/foo\/_search\/scroll" of the URL is the likely cause\. Check "endpoint\.urls"/],
    ['index family patterns too long for one request line', () => tempJson(sourceConfig(es.url, { index_families: [{ name: 'many', patterns: Array.from({ length: 120 }, (_, i) => `logs-some-long-application-name-${i}-*`) }] })), /is not a valid config: "index_families\[0\]\.patterns" make a request line of \d+ bytes, above the 4096 bytes Elasticsearch and OpenSearch accept by default \(http\.max_initial_line_length\).*use fewer, broader patterns/],
    ['an include pattern longer than a request line', () => tempJson(sourceConfig(es.url, { include_indices: [`logs-${'x'.repeat(4100)}-*`] })), /The request to list the indices matching include_indices .* would have a first line of \d+ bytes, above the 4096 bytes Elasticsearch and OpenSearch accept by default \(http\.max_initial_line_length\).*Use fewer, broader patterns/],
  ];
  for (const [name, config, expected] of configs) {
    test(`${name}: check FAILED, discover and read a config_error with a non-zero exit`, async () => {
      const path = config();
      const checked = await runCli('source-elasticsearch', ['check', '--config', path]);
      assert.equal(checked.code, 0);
      const status = (checked.messages as JsonObject[]).find((m) => m['type'] === 'CONNECTION_STATUS')!['connectionStatus'] as JsonObject;
      assert.equal(status['status'], 'FAILED');
      assert.match(String(status['message']), expected);
      for (const args of [['discover', '--config', path], ['read', '--config', path, '--catalog', tempJson(configuredCatalog(catalog, ['bad-input']))]]) {
        const result = await runCli('source-elasticsearch', args);
        assert.equal(result.code, 1, args[0]);
        const error = traceError(result.messages);
        assert.equal(error?.['failure_type'], 'config_error', args[0]);
        assert.match(String(error?.['message']), expected, args[0]);
        assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at .*\.ts:\d+/, 'no stack trace');
      }
    });
  }

  const catalogs: Array<[string, () => string, RegExp]> = [
    ['a catalog file that is missing', () => '/nonexistent/catalog.json', /The --catalog file \/nonexistent\/catalog\.json does not exist/],
    ['a catalog that is not a catalog', () => tempJson({ streams: [{ stream: { name: 'bad-input' } }] }), /is not a valid configured catalog: .*json_schema.*Run discover/],
    ['an unsupported sync mode', () => tempJson({ streams: [{ stream: catalog.streams[0], sync_mode: 'cdc', destination_sync_mode: 'append' }] }), /is not a valid configured catalog: \/streams\/0\/sync_mode must be equal to one of the allowed values/],
    ['a state file that is not JSON', () => 'STATE', /The --state file .* is not valid JSON/],
  ];
  for (const [name, file, expected] of catalogs) {
    test(`${name}: a config_error before anything is read`, async () => {
      const args = ['read', '--config', tempJson(sourceConfig(es.url, { include_indices: ['bad-input'] }))];
      if (name.includes('state')) args.push('--catalog', tempJson(configuredCatalog(catalog, ['bad-input'])), '--state', textFile('{not json'));
      else args.push('--catalog', file());
      const result = await runCli('source-elasticsearch', args);
      assert.equal(result.code, 1);
      assert.equal((result.messages as JsonObject[]).filter((m) => m['type'] === 'RECORD').length, 0);
      const error = traceError(result.messages);
      assert.equal(error?.['failure_type'], 'config_error');
      assert.match(String(error?.['message']), expected);
    });
  }

  test('a mapping that changed between discover and read is read as it is now, with a warning', async () => {
    await fetch(`${es.url}/bad-input/_mapping`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"properties":{"added_later":{"type":"long"}}}' });
    await fetch(`${es.url}/bad-input/_doc/2?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"@timestamp":"2025-01-02T00:00:00Z","name":"b","added_later":5}' });
    const output = await readSource(sourceConfig(es.url, { include_indices: ['bad-input'] }), configuredCatalog(catalog, ['bad-input']));
    assert.equal(output.result.code, 0);
    assert.equal(output.records.length, 2);
    assert.ok(output.logs.some((log) => /The indices of stream bad-input no longer match its schema \(fields not in the schema: added_later\).*Refresh the connection's schema/.test(log)), output.logs.join('\n'));
  });

  test('an index deleted between discover and read is a config_error naming the stream', async () => {
    await fetch(`${es.url}/bad-input-gone/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    const goneCatalog = await discoverCatalog(sourceConfig(es.url, { include_indices: ['bad-input-gone'] }));
    await fetch(`${es.url}/bad-input-gone`, { method: 'DELETE' });
    const output = await readSource(sourceConfig(es.url, { include_indices: ['bad-input-gone'] }), configuredCatalog(goneCatalog, ['bad-input-gone']));
    assert.equal(output.result.code, 1);
    assert.equal(output.errors[0]?.['failure_type'], 'config_error');
    assert.match(String(output.errors[0]?.['message']), /Stream "bad-input-gone" of the catalog is not in the source/);
  });

  test('secrets never appear in any output, on success or failure', async () => {
    const marker = 'Sup3r-S3cret-Marker-7781';
    const secretConfigs = [
      sourceConfig(es.url, { include_indices: ['bad-input'], authentication: { method: 'basic', username: 'elastic', password: marker } }),
      sourceConfig(es.url, { include_indices: ['bad-input'], authentication: { method: 'api_key', api_key: marker } }),
      sourceConfig(es.url, { include_indices: ['bad-input'], authentication: { method: 'bearer', token: marker } }),
      sourceConfig('http://127.0.0.1:1', { retry_max_attempts: 1, authentication: { method: 'api_key_id', api_key_id: 'id', api_key_secret: marker } }),
      { ...sourceConfig(es.url, { authentication: { method: 'basic', username: 'u', password: marker } }), unknown_key: marker },
      sourceConfig(`http://elastic:${marker}@127.0.0.1:1`, { retry_max_attempts: 1 }),
      sourceConfig(es.url, { include_indices: ['bad-input'], authentication: { method: 'api_key', api_key: `${marker}\n` } }),
      sourceConfig(es.url, { include_indices: ['bad-input'], authentication: { method: 'basic', username: 'elastic', password: `${marker}\u0000` } }),
    ];
    for (const config of secretConfigs) {
      const path = tempJson(config);
      for (const args of [['check', '--config', path], ['discover', '--config', path], ['read', '--config', path, '--catalog', tempJson(configuredCatalog(catalog, ['bad-input']))]]) {
        const result = await runCli('source-elasticsearch', args);
        assert.ok(!(result.stdout + result.stderr).includes(marker), `${args[0]} printed the secret:\n${result.stdout.slice(0, 2000)}${result.stderr.slice(0, 2000)}`);
      }
    }
  });
});
