import { test } from 'node:test';
import assert from 'node:assert/strict';
import { destinationSpec } from '../../../src/destination/spec.js';
import { parseDestinationConfig, destinationSecrets } from '../../../src/destination/config/parse-destination-config.js';
import { ConnectorError } from '../../../src/protocol/connector-error.js';

test('spec lists append and overwrite only', () => {
  assert.deepEqual(destinationSpec().supported_destination_sync_modes, ['append', 'overwrite']);
});

test('config defaults are applied and the result is frozen', () => {
  const config = parseDestinationConfig({ bucket: 'my-bucket', region: 'eu-west-1' }, 'test');
  assert.equal(config.compression, 'SNAPPY');
  assert.equal(config.target_file_size_mb, 128);
  assert.equal(config.row_group_size, 122880);
  assert.equal(config.credentials.method, 'default_chain');
  assert.equal(config.object_key_template, '${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_${UUID}_${PART_NUMBER}.parquet');
  assert.ok(Object.isFrozen(config));
});

const invalid: Array<[string, unknown, RegExp]> = [
  ['missing bucket', { region: 'us-east-1' }, /"bucket" is required/],
  ['bad compression', { bucket: 'abc', region: 'us-east-1', compression: 'LZ4' }, /"compression" must be one of/],
  ['unknown setting', { bucket: 'abc', region: 'us-east-1', bukket: 'x' }, /"bukket" is not a known setting/],
  ['access key without secret', { bucket: 'abc', region: 'us-east-1', credentials: { method: 'access_key', access_key_id: 'AKIA' } }, /secret_access_key" is required/],
  ['template without stream directory', { bucket: 'abc', region: 'us-east-1', object_key_template: '${UUID}_${PART_NUMBER}.parquet' }, /STREAM_NAME/],
  ['template without uuid', { bucket: 'abc', region: 'us-east-1', object_key_template: '${STREAM_NAME}/${PART_NUMBER}.parquet' }, /\$\{UUID\} and \$\{PART_NUMBER\}/],
  ['time variable in directory', { bucket: 'abc', region: 'us-east-1', object_key_template: '${STREAM_NAME}/${YEAR}/${UUID}_${PART_NUMBER}.parquet' }, /before the last slash/],
  ['unknown variable', { bucket: 'abc', region: 'us-east-1', object_key_template: '${STREAM_NAME}/${FOO}_${UUID}_${PART_NUMBER}.parquet' }, /unknown variable \$\{FOO\}/],
];
for (const [name, raw, message] of invalid) {
  test(`config rejected with a clear message: ${name}`, () => {
    assert.throws(() => parseDestinationConfig(raw, 'The --config file c.json'), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.failureType, 'config_error');
      assert.match(error.message, message);
      return true;
    });
  });
}

test('secrets are found for redaction', () => {
  const raw = { bucket: 'abc', region: 'us-east-1', credentials: { method: 'access_key', access_key_id: 'AKIAEXAMPLE', secret_access_key: 's3cr3t-value', session_token: 'tok-123' } };
  assert.deepEqual(destinationSecrets(raw).sort(), ['AKIAEXAMPLE', 's3cr3t-value', 'tok-123']);
});
