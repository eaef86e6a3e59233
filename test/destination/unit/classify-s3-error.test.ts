/**
 * S3's NotImplemented (what MinIO answers an SSE-KMS request when it has no
 * KMS) is the user's setting, not a passing failure: a config_error naming
 * "encryption", never a transient_error that Airbyte would retry (found by
 * the property test, issue 14).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/destination/check.js';
import { parseDestinationConfig } from '../../../src/destination/config/parse-destination-config.js';
import { MemoryObjectStore, storeError } from '../../../src/destination/object-store/memory-object-store.js';
import { classifyS3Error } from '../../../src/destination/s3/classify-s3-error.js';

const at = { action: 's3:PutObject', bucket: 'b', key: 'p/k', region: 'us-east-1', endpoint: 'http://minio:9000' };

test('NotImplemented is a config_error naming encryption', () => {
  const error = classifyS3Error(storeError('NotImplemented', 501, 'A header you provided implies functionality that is not implemented'), at);
  assert.equal(error.failureType, 'config_error');
  assert.match(error.message, /^The store at http:\/\/minio:9000 does not implement a feature s3:PutObject on s3:\/\/b\/p\/k asked for \(S3 said: A header you provided implies functionality that is not implemented\)\. The likely cause is "encryption": .*set "encryption" to "none"/);
});

test('a 501 without a name is classified the same; other 5xx stay transient', () => {
  assert.equal(classifyS3Error(storeError('', 501), at).failureType, 'config_error');
  assert.equal(classifyS3Error(storeError('InternalError', 500), at).failureType, 'transient_error');
  assert.equal(classifyS3Error(storeError('ServiceUnavailable', 503), at).failureType, 'transient_error');
});

test('check answers FAILED naming encryption when the store does not implement it', async () => {
  const store = new MemoryObjectStore();
  store.intercept = () => {
    throw storeError('NotImplemented', 501);
  };
  const config = parseDestinationConfig({ bucket: 'abc', region: 'us-east-1', encryption: { method: 'sse_kms' } }, 'test');
  const messages = [];
  for await (const message of check(store, config)) messages.push(message);
  assert.equal(messages.length, 1);
  const status = (messages[0] as { connectionStatus?: { status: string; message?: string } }).connectionStatus;
  assert.equal(status?.status, 'FAILED');
  assert.match(status?.message ?? '', /The likely cause is "encryption"/);
  assert.equal(store.calls.length, 1, 'one call, no retry');
});
