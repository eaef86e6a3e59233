import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSourceConfig, sourceSecrets } from '../../src/source/config/parse-source-config.js';
import { ConnectorError } from '../../src/protocol/connector-error.js';
import { redactConfig } from '../../src/config/secrets.js';
import { SOURCE_CONFIG_SCHEMA } from '../../src/source/config/source-config-schema.js';
import type { JsonObject } from '../../src/json/json-value.js';

const nodes = { mode: 'nodes', urls: ['http://localhost:9200'] };

test('a minimal config gets every default', () => {
  const config = parseSourceConfig({ endpoint: nodes }, 'config.json');
  assert.equal(config.page_size, 1000);
  assert.deepEqual(config.include_indices, ['*']);
  assert.deepEqual(config.authentication, { method: 'none' });
  assert.equal(config.tls.verify_certificates, true);
  assert.equal(config.include_data_streams, true);
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.endpoint));
});

const invalid: Array<[string, unknown, RegExp[]]> = [
  ['missing endpoint', {}, [/"endpoint" is required: add it/]],
  ['endpoint without a scheme', { endpoint: { mode: 'nodes', urls: ['localhost:9200'] } }, [/"endpoint\.urls\[0\]" is not valid \(a URL starting with http:\/\/ or https:\/\//]],
  ['unknown key', { endpoint: nodes, pagesize: 10 }, [/"pagesize" is not a known setting: remove it or fix its spelling/]],
  ['wrong type', { endpoint: nodes, page_size: '10' }, [/"page_size" must be an integer/]],
  ['out of range', { endpoint: nodes, page_size: 0 }, [/"page_size" must be >= 1/]],
  ['unknown auth method', { endpoint: nodes, authentication: { method: 'oauth' } }, [/"authentication\.method" must be one of "none", "basic", "api_key", "api_key_id", "bearer"/]],
  ['basic without password', { endpoint: nodes, authentication: { method: 'basic', username: 'u' } }, [/"authentication\.password" is required: add it/]],
  ['bad fingerprint', { endpoint: nodes, tls: { ca_fingerprint: 'zz' } }, [/"tls\.ca_fingerprint" is not valid/]],
];

for (const [name, raw, expected] of invalid) {
  test(`config error: ${name}`, () => {
    assert.throws(
      () => parseSourceConfig(raw, 'The --config file c.json'),
      (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.failureType, 'config_error');
        assert.match(error.message, /^The --config file c\.json is not a valid config: /);
        for (const pattern of expected) assert.match(error.message, pattern);
        assert.doesNotMatch(error.message, /must match exactly one schema/);
        return true;
      },
    );
  });
}

test('secrets are found in every auth branch and redacted', () => {
  const raw = { endpoint: nodes, authentication: { method: 'api_key_id', api_key_id: 'id1', api_key_secret: 's3cr3t-key' } };
  assert.deepEqual(sourceSecrets(raw), ['s3cr3t-key']);
  const redacted = JSON.stringify(redactConfig(SOURCE_CONFIG_SCHEMA as unknown as JsonObject, raw));
  assert.ok(!redacted.includes('s3cr3t-key'));
  assert.ok(redacted.includes('id1'));
});
