import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '@elastic/transport';
import { engine } from '../support/engines.js';
import { chunkIndexExpressions, indexPath } from '../../src/source/elasticsearch/request-line.js';
import { toConnectorError } from '../../src/source/elasticsearch/classify-error.js';

describe('index expressions split into short requests', () => {
  const names = Array.from({ length: 500 }, (_, i) => `logs-some-long-application-name-production-${String(i).padStart(4, '0')}`);

  test('every name is in exactly one group, in order, and each group fits the budget', () => {
    const groups = chunkIndexExpressions(names, 1000);
    assert.ok(groups.length > 1);
    assert.deepEqual(groups.flat(), names);
    for (const group of groups) assert.ok(indexPath(group).length <= 1000, `${indexPath(group).length} bytes`);
  });

  test('the exclusions follow every group that holds a wildcard, and no group of concrete names', () => {
    const expressions = ['logs-a-*', ...names.slice(0, 40), 'logs-b-*', '-logs-a-old*', '-logs-b-old*'];
    const groups = chunkIndexExpressions(expressions, 600);
    assert.ok(groups.length > 2);
    for (const group of groups) {
      const wildcard = group.some((expression) => !expression.startsWith('-') && expression.includes('*'));
      assert.equal(group.includes('-logs-a-old*'), wildcard, JSON.stringify(group));
      assert.deepEqual(group.filter((expression) => expression.startsWith('-')), wildcard ? ['-logs-a-old*', '-logs-b-old*'] : []);
      assert.ok(indexPath(group).length <= 600, `${indexPath(group).length} bytes`);
    }
    assert.deepEqual(groups.flat().filter((expression) => !expression.startsWith('-')), expressions.filter((expression) => !expression.startsWith('-')));
  });

  test('no expressions make no request; one too long for the budget goes alone', () => {
    assert.deepEqual(chunkIndexExpressions([], 100), []);
    const long = 'x'.repeat(200);
    assert.deepEqual(chunkIndexExpressions(['a', long, 'b'], 100), [['a'], [long], ['b']]);
  });

  test('a too_long_http_line_exception says what it is, and blames neither a privilege nor the query', async () => {
    // The cluster's own answer to a request line above 4096 bytes.
    const response = await fetch(`${engine('es8').url}/${'x'.repeat(5000)}/_mapping`);
    const body = (await response.json()) as unknown;
    assert.equal(response.status, 400);
    const answer = new errors.ResponseError({ body, statusCode: response.status, headers: {}, warnings: null, meta: {} } as unknown as ConstructorParameters<typeof errors.ResponseError>[0]);
    const error = toConnectorError(answer, 'read the mappings of 300 stream(s)', 'http://es:9200', { method: 'GET', path: '/x/_mapping', privilege: 'view_index_metadata' });
    assert.equal(error.failureType, 'config_error');
    assert.match(error.message, /^The cluster at http:\/\/es:9200 refused the request to read the mappings of 300 stream\(s\) because its first line \(method, path and query string\) is longer than the cluster's http\.max_initial_line_length \(4096 bytes by default\): An HTTP line is larger than 4096 bytes\..*use fewer, broader patterns/);
    assert.doesNotMatch(error.message, /privilege|view_index_metadata|query filter/);
  });
});
