import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSourceConfig } from '../../src/source/config/parse-source-config.js';
import { parseServerInfo } from '../../src/source/elasticsearch/server-info.js';
import { MISSING_DATE_SORT_VALUE, nanosToSortValue, planRead, sortValueToNanos } from '../../src/source/read/read-strategy.js';
import { mergeFieldTrees } from '../../src/source/schema/merge-field-trees.js';
import { mappingToFieldTree } from '../../src/source/schema/mapping-to-field-tree.js';
import type { ConfiguredAirbyteStream } from '../../src/protocol/messages.js';
import type { JsonObject } from '../../src/json/json-value.js';

const config = parseSourceConfig({ endpoint: { mode: 'nodes', urls: ['http://localhost:9200'] } }, 'test');
const server = parseServerInfo({ version: { number: '8.14.3' } });
const configured: ConfiguredAirbyteStream = {
  stream: { name: 'logs', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
  sync_mode: 'incremental',
  destination_sync_mode: 'append',
  cursor_field: ['@timestamp'],
};
const treeOf = (timestampType: string) => mappingToFieldTree({ properties: { '@timestamp': { type: timestampType } } }, () => false);
const cursorSort = (tree: ReturnType<typeof treeOf>): JsonObject => (planRead(config, server, configured, tree, undefined).sort[0] as JsonObject)['@timestamp'] as JsonObject;

test('a date cursor mapped date in every index is sorted in milliseconds; date_nanos anywhere sorts every index in nanoseconds', () => {
  assert.deepEqual(cursorSort(treeOf('date')), { order: 'asc', missing: '_last' });
  assert.equal(planRead(config, server, configured, treeOf('date'), undefined).cursor?.sortsInMillis, true);
  assert.deepEqual(cursorSort(treeOf('date_nanos')), { order: 'asc', numeric_type: 'date_nanos', missing: '_last' });
  const mixed = mergeFieldTrees([treeOf('date'), treeOf('date_nanos')]);
  assert.deepEqual(cursorSort(mixed), { order: 'asc', numeric_type: 'date_nanos', missing: '_last' });
  assert.equal(planRead(config, server, configured, mixed, undefined).cursor?.sortsInMillis, false);
});

test('millisecond sort values and the nanoseconds of state convert both ways exactly; the missing-value sentinel stays itself', () => {
  for (const millis of [0n, 1n, -1n, 1_740_787_200_123n, -62_135_596_800_000n, 253_402_300_799_999n, 32_503_680_000_000n]) {
    const nanos = sortValueToNanos(millis, true);
    assert.equal(nanos, millis * 1_000_000n);
    assert.equal(nanosToSortValue(nanos, true), millis);
  }
  assert.equal(sortValueToNanos(1_740_787_200_123, true), 1_740_787_200_123_000_000n, 'a number sort value');
  assert.equal(sortValueToNanos(MISSING_DATE_SORT_VALUE, true), MISSING_DATE_SORT_VALUE);
  assert.equal(nanosToSortValue(MISSING_DATE_SORT_VALUE, true), MISSING_DATE_SORT_VALUE);
  // A position between two milliseconds (from a nanosecond read) resumes at the millisecond before it: nothing is skipped.
  assert.equal(nanosToSortValue(1_500_001n, true), 1n);
  assert.equal(nanosToSortValue(-1_500_001n, true), -2n);
  assert.equal(sortValueToNanos(1_740_787_200_123_456_789n, false), 1_740_787_200_123_456_789n, 'nanosecond sorts are left alone');
  assert.equal(nanosToSortValue(1_740_787_200_123_456_789n, false), 1_740_787_200_123_456_789n);
});

test('a full refresh with a point in time sorts in index order, made total across shards by _shard_doc', () => {
  const full: ConfiguredAirbyteStream = { ...configured, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' };
  const strategy = planRead(config, server, full, treeOf('date'), undefined);
  assert.equal(strategy.readMode, 'pit');
  assert.deepEqual(strategy.sort, [{ _doc: 'asc' }, { _shard_doc: 'asc' }]);
  assert.deepEqual(strategy.sortKinds, ['numeric', 'numeric']);
  assert.notEqual(planRead(config, server, full, treeOf('date'), undefined).sort, strategy.sort, 'each read gets a sort of its own');
});

test('tiebreaker_field orders incremental reads after the cursor, and leaves full refreshes in index order', () => {
  const tree = mappingToFieldTree({ properties: { '@timestamp': { type: 'date' }, event: { properties: { id: { type: 'keyword' } } } } }, () => false);
  const withTiebreaker = parseSourceConfig({ endpoint: { mode: 'nodes', urls: ['http://localhost:9200'] }, tiebreaker_field: 'event.id' }, 'test');
  const incremental = planRead(withTiebreaker, server, configured, tree, undefined);
  assert.deepEqual(incremental.sort.slice(1), [{ 'event.id': 'asc' }, { _shard_doc: 'asc' }]);
  assert.equal(incremental.tiebreakerField, 'event.id');
  const full = planRead(withTiebreaker, server, { ...configured, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }, tree, undefined);
  assert.deepEqual(full.sort, [{ _doc: 'asc' }, { _shard_doc: 'asc' }]);
  assert.deepEqual(full.sortKinds, ['numeric', 'numeric']);
  assert.equal(full.tiebreakerField, undefined);
});
