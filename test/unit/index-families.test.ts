import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSourceConfig } from '../../src/source/config/parse-source-config.js';
import { ConnectorError } from '../../src/protocol/connector-error.js';
import { familyFromResolve } from '../../src/source/discover/resolve-families.js';
import type { JsonValue } from '../../src/json/json-value.js';

const nodes = { mode: 'nodes', urls: ['http://localhost:9200'] };

describe('index_families config', () => {
  test('defaults to no families and keeps a valid one', () => {
    assert.deepEqual(parseSourceConfig({ endpoint: nodes }, 'c.json').index_families, []);
    const config = parseSourceConfig({ endpoint: nodes, index_families: [{ name: 'logstash', patterns: ['logstash-*', 'old-logs'] }] }, 'c.json');
    assert.deepEqual(config.index_families, [{ name: 'logstash', patterns: ['logstash-*', 'old-logs'] }]);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['no name', [{ patterns: ['a-*'] }], /"index_families\[0\]\.name" is required: add it/],
    ['empty name', [{ name: '', patterns: ['a-*'] }], /"index_families\[0\]\.name" is not valid/],
    ['no patterns', [{ name: 'a' }], /"index_families\[0\]\.patterns" is required: add it/],
    ['an empty pattern list', [{ name: 'a', patterns: [] }], /"index_families\[0\]\.patterns" must/],
    ['an exclusion as pattern', [{ name: 'a', patterns: ['a-*', '-a-1'] }], /"index_families\[0\]\.patterns\[1\]" is not valid \(an index name or pattern without spaces or commas, not starting with - \(put exclusions in exclude_indices\)\)/],
    ['a comma in a pattern', [{ name: 'a', patterns: ['a-*,b-*'] }], /"index_families\[0\]\.patterns\[0\]" is not valid/],
    ['an unknown key', [{ name: 'a', patterns: ['a-*'], pattern: 'x' }], /"index_families\[0\]\.pattern" is not a known setting/],
    ['two families of one name', [{ name: 'logs', patterns: ['a-*'] }, { name: 'other', patterns: ['b-*'] }, { name: 'logs', patterns: ['c-*'] }], /"index_families\[2\]\.name" is "logs", like "index_families\[0\]\.name": give each family a name of its own/],
  ];
  for (const [name, families, expected] of invalid) {
    test(`config error: ${name}`, () => {
      assert.throws(
        () => parseSourceConfig({ endpoint: nodes, index_families: families }, 'The --config file c.json'),
        (error: unknown) => error instanceof ConnectorError && error.failureType === 'config_error' && /^The --config file c\.json is not a valid config: /.test(error.message) && expected.test(error.message),
      );
    });
  }
});

describe('a family from the _resolve/index answer', () => {
  const body: JsonValue = {
    indices: [
      { name: 'logs-2025.11.01', attributes: ['open'] },
      { name: 'logs-2025.11.02', attributes: ['open'] },
      { name: 'logs-2025.11.03', attributes: ['closed'] },
      { name: 'logs-archive', attributes: ['open'] },
    ],
    aliases: [{ name: 'logs-current', indices: ['logs-2025.11.02', 'current-writes'] }],
    data_streams: [],
  };

  test('members are the open indices and the indices of matching aliases, minus exclusions', () => {
    const family = familyFromResolve({ name: 'logs', patterns: ['logs-*'] }, body, ['logs-archive', 'nothing-*', 'absent']);
    assert.deepEqual(family.target, { name: 'logs', kind: 'family', search: ['logs-*', '-logs-archive', '-nothing-*'], indices: ['current-writes', 'logs-2025.11.01', 'logs-2025.11.02'] });
    assert.deepEqual([...family.claims].sort(), ['current-writes', 'logs-2025.11.01', 'logs-2025.11.02', 'logs-current']);
    assert.ok(family.names.has('logs-archive') && family.names.has('logs-2025.11.03'));
  });

  test('concrete patterns stay only while they name something open and not excluded; no exclusion without a wildcard before it', () => {
    const family = familyFromResolve({ name: 'logs', patterns: ['logs-2025.11.01', 'logs-2025.11.03', 'logs-gone', 'logs-archive'] }, body, ['logs-archive']);
    assert.deepEqual(family.target.search, ['logs-2025.11.01']);
  });

  test('a data stream the patterns name is read through its backing indices and claimed, unless excluded', () => {
    const withStream: JsonValue = { indices: [], aliases: [], data_streams: [{ name: 'logs-app', backing_indices: ['.ds-logs-app-1'] }, { name: 'logs-old', backing_indices: ['.ds-logs-old-1'] }] };
    const family = familyFromResolve({ name: 'logs', patterns: ['logs-*'] }, withStream, ['logs-old']);
    assert.deepEqual(family.target.indices, ['.ds-logs-app-1']);
    assert.deepEqual(family.target.search, ['logs-*', '-logs-old']);
    assert.deepEqual([...family.claims].sort(), ['.ds-logs-app-1', 'logs-app']);
  });

  test('a family matching nothing keeps its patterns as search and has no indices', () => {
    const family = familyFromResolve({ name: 'logs', patterns: ['nothing-*', 'absent'] }, { indices: [], aliases: [], data_streams: [] }, ['x-*']);
    assert.deepEqual(family.target, { name: 'logs', kind: 'family', search: ['nothing-*', 'absent'], indices: [] });
    assert.equal(family.claims.size, 0);
  });
});
