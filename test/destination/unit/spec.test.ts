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
  // Found by the property test (issue 14): each was an internal error, a hang or an unnamed failure.
  ['spool directory with a newline', { bucket: 'abc', region: 'us-east-1', local_spool_directory: '\n/tmp' }, /"local_spool_directory" contains a control character .*: remove it/],
  ['template with a lone surrogate', { bucket: 'abc', region: 'us-east-1', object_key_template: '${STREAM_NAME}/\ud800${UUID}_${PART_NUMBER}.parquet' }, /"object_key_template" contains a lone UTF-16 surrogate .*: retype it\.$/],
  ['template with a tab', { bucket: 'abc', region: 'us-east-1', object_key_template: '${STREAM_NAME}/\t${UUID}_${PART_NUMBER}.parquet' }, /"object_key_template" contains a control character/],
  ['path prefix with a lone surrogate', { bucket: 'abc', region: 'us-east-1', path_prefix: 'raw/\udc00x' }, /"path_prefix" contains a lone UTF-16 surrogate/],
  ['path prefix with a NUL', { bucket: 'abc', region: 'us-east-1', path_prefix: 'raw\u0000x' }, /"path_prefix" contains a control character/],
  ['KMS key id with a newline', { bucket: 'abc', region: 'us-east-1', encryption: { method: 'sse_kms', kms_key_id: 'key\n' } }, /"encryption\.kms_key_id" contains a character outside printable ASCII/],
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

const accessKey = { method: 'access_key', access_key_id: 'AKIAEXAMPLE', secret_access_key: 'Secret-Value-1', session_token: 'Token-Value-2' };
const credentialCases: Array<[string, string, string, RegExp]> = [
  ['an access key id with CR LF', 'access_key_id', 'minioad\r\nmin', /contains a character outside printable ASCII \(a control character such as a newline, tab or NUL, or a non-ASCII letter, usually pasted by mistake\), which cannot be sent in an HTTP header: remove it/],
  ['a secret access key with a NUL', 'secret_access_key', 'Secret\u0000Value', /contains a character outside printable ASCII/],
  ['a session token with a tab', 'session_token', 'Token\tValue', /contains a character outside printable ASCII/],
  ['a session token with letters beyond ASCII (property test, seed 2718)', 'session_token', '\u{2D6F0}\u{6D4A2}', /contains a character outside printable ASCII/],
  ['an access key id with an accented letter', 'access_key_id', 'AKIA\u00e9', /contains a character outside printable ASCII/],
  ['a session token of 1.1 MB', 'session_token', 'T'.repeat(1_100_000), /is longer than the 8192 characters any valid value has \(Only for temporary credentials \(STS\)\.\): check what was pasted there/],
  ['an access key id of 300 characters', 'access_key_id', 'A'.repeat(300), /is longer than the 256 characters/],
  ['a secret access key of 2000 characters', 'secret_access_key', 'S'.repeat(2000), /is longer than the 1024 characters/],
];
for (const [name, field, value, message] of credentialCases) {
  test(`config rejected naming the credential field, without its value: ${name}`, () => {
    const raw = { bucket: 'abc', region: 'us-east-1', credentials: { ...accessKey, [field]: value } };
    assert.throws(() => parseDestinationConfig(raw, 'The --config file c.json'), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.failureType, 'config_error');
      assert.match(error.message, new RegExp(`"credentials\\.${field}" ${message.source}`));
      for (const secret of [value, accessKey.access_key_id, accessKey.secret_access_key, accessKey.session_token]) assert.ok(!error.message.includes(secret), 'no credential in the message');
      return true;
    });
  });
}

test('well-formed Unicode (a surrogate pair) is accepted in the path prefix and the key template', () => {
  const config = parseDestinationConfig({ bucket: 'abc', region: 'us-east-1', path_prefix: 'raw/\u{1F600}', object_key_template: '${STREAM_NAME}/\u00e9\u{1F600}_${UUID}_${PART_NUMBER}.parquet' }, 'test');
  assert.equal(config.path_prefix, 'raw/\u{1F600}');
});

test('secrets are found for redaction', () => {
  const raw = { bucket: 'abc', region: 'us-east-1', credentials: { method: 'access_key', access_key_id: 'AKIAEXAMPLE', secret_access_key: 's3cr3t-value', session_token: 'tok-123' } };
  assert.deepEqual(destinationSecrets(raw).sort(), ['AKIAEXAMPLE', 's3cr3t-value', 'tok-123']);
});
