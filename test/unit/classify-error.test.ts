import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '@elastic/transport';
import { classifyElasticsearchError, SearchContextMissingError, toConnectorError } from '../../src/source/elasticsearch/classify-error.js';

/**
 * The engines the tests can start have no security module (x-pack security
 * and the OpenSearch security plugin are not on the registries we reach), so
 * 401 and 403 are checked here on the classification alone.
 */
function responseError(statusCode: number, body: unknown, headers: Record<string, string> = {}): InstanceType<typeof errors.ResponseError> {
  return new errors.ResponseError({ body, statusCode, headers, warnings: null, meta: {} } as unknown as ConstructorParameters<typeof errors.ResponseError>[0]);
}

test('401 names the credentials to fix', () => {
  const error = toConnectorError(responseError(401, { error: { type: 'security_exception', reason: 'unable to authenticate user [bob]' } }), 'list indices', 'https://es:9200');
  assert.equal(error.failureType, 'config_error');
  assert.match(error.message, /Authentication failed \(401\).*Check the credentials in "authentication"/);
});

test('403 names the privileges the source needs', () => {
  const reason = 'action [indices:data/read/search] is unauthorized for user [bob] with effective roles [viewer] on indices [logs]';
  const error = toConnectorError(responseError(403, { error: { type: 'security_exception', reason } }), 'read logs', 'https://es:9200');
  assert.equal(error.failureType, 'config_error');
  assert.match(error.message, /Permission denied \(403\) while trying to read logs \(action indices:data\/read\/search\).*"read" and "view_index_metadata"/);
});

test('429 and 5xx are retriable, honouring Retry-After; 400 is not', () => {
  assert.deepEqual(classifyElasticsearchError(responseError(429, {}, { 'retry-after': '3' })), { retriable: true, retryAfterMs: 3000 });
  assert.equal(classifyElasticsearchError(responseError(503, {})).retriable, true);
  assert.equal(classifyElasticsearchError(responseError(400, {})).retriable, false);
  assert.equal(toConnectorError(responseError(503, {}), 'read logs', 'x').failureType, 'transient_error');
});

test('an expired point in time is recognised', () => {
  const error = toConnectorError(responseError(404, { error: { root_cause: [{ type: 'search_context_missing_exception', reason: 'No search context found for id [12]' }], type: 'search_phase_execution_exception' } }), 'read logs', 'x');
  assert.ok(error instanceof SearchContextMissingError);
});

test('a 200 response with failed shards is an error, never a short page', async () => {
  const { parseSearchResponse } = await import('../../src/source/read/search-response.js');
  const body = { _shards: { total: 3, successful: 2, failed: 1, failures: [{ index: 'logs-b', shard: 0, reason: { type: 'node_disconnected_exception', reason: 'node left' } }] }, hits: { hits: [{ _id: '1', _index: 'logs-a', _source: {}, sort: [1] }] } };
  assert.throws(() => parseSearchResponse(body, 'logs'), /1 shard\(s\) failed while reading logs.*index logs-b shard 0: node_disconnected_exception node left/);
});
