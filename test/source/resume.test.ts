import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engine, openSearchContexts } from '../support/engines.js';
import { readUntilKilled, type Attempt } from '../support/kill-reader.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson, type Catalog } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogBulkItems, logDocumentId, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';
import { Random } from '../../src/sample-data/random.js';
import type { JsonObject } from '../../src/json/json-value.js';
import { RecordingProxy } from '../support/recording-proxy.js';

const INDEX = 'resume-logs';
const COUNT = 200_000;

/**
 * Kill -9 at random points, resume from the last STATE printed before each
 * kill, repeat until the read completes. The union of what all attempts
 * printed must be the index exactly, and a document may be printed twice
 * only if it came after the last STATE of the attempt that was killed.
 */
async function killAndResume(configPath: string, catalogPath: string, random: Random, minKills: number): Promise<{ attempts: Attempt[]; printed: Map<string, number> }> {
  const printed = new Map<string, number>();
  const attempts: Attempt[] = [];
  let state: unknown;
  let uncheckpointed = new Set<string>();
  for (let round = 0; round < 60; round++) {
    const args = ['read', '--config', configPath, '--catalog', catalogPath];
    if (state !== undefined) args.push('--state', tempJson(state));
    // Kill early and often at first; the last attempts may run to the end.
    const killAt = attempts.length < minKills ? random.int(1_000, 25_000) : random.chance(0.5) ? random.int(1_000, 40_000) : undefined;
    const attempt = await readUntilKilled(args, killAt);
    attempts.push(attempt);
    for (const id of attempt.ids) {
      const seen = printed.get(id) ?? 0;
      if (seen > 0) assert.ok(uncheckpointed.has(id), `attempt ${attempts.length} printed ${id} again, though an earlier attempt had checkpointed it`);
      printed.set(id, seen + 1);
    }
    if (attempt.completed) return { attempts, printed };
    assert.equal(attempt.code, null, `attempt ${attempts.length} died by itself: ${attempt.stderr}`);
    const lastState = attempt.states.at(-1);
    const checkpointedUpTo = attempt.stateAfter.at(-1) ?? 0;
    if (lastState !== undefined) state = [lastState];
    uncheckpointed = new Set([...(lastState === undefined ? uncheckpointed : []), ...attempt.ids.slice(checkpointedUpTo)]);
  }
  throw new Error('the read did not complete in 60 attempts');
}

describe('resumable reads on Elasticsearch 8', () => {
  const es = engine('es8');
  let catalog: Catalog;

  before(async () => {
    await loadDocuments(es.url, INDEX, generateLogBulkItems({ count: COUNT }), { mappings: LOG_INDEX_MAPPING, shards: 2, deleteExisting: true });
    catalog = await discoverCatalog(sourceConfig(es.url, { include_indices: [INDEX] }));
  });

  // Incremental on @timestamp (mapped date): sorted in epoch milliseconds, positions saved in nanoseconds.
  for (const [slices, syncMode] of [[1, 'full_refresh'], [2, 'full_refresh'], [2, 'incremental']] as const) {
    test(`kill -9 at random moments, resume, repeat: nothing lost, duplicates only after the last checkpoint (slices=${slices}, ${syncMode})`, async (t) => {
      const seed = 1000 + slices + (syncMode === 'incremental' ? 10 : 0);
      const config = sourceConfig(es.url, { include_indices: [INDEX], slices, page_size: 1000, checkpoint_interval_records: 3000, keep_alive: '10m' });
      const { attempts, printed } = await killAndResume(tempJson(config), tempJson(configuredCatalog(catalog, [INDEX], { syncMode })), new Random(seed), 5);
      const kills = attempts.filter((attempt) => !attempt.completed).length;
      assert.ok(kills >= 5, `at least 5 kills (seed ${seed}), got ${kills}`);
      const duplicates = [...printed.values()].reduce((sum, times) => sum + times - 1, 0);
      t.diagnostic(`seed ${seed}: ${attempts.length} attempts, ${kills} kills, ${duplicates} documents printed twice (all after a kill's last checkpoint)`);
      assert.equal(printed.size, COUNT, 'every document was printed');
      for (let position = 0; position < COUNT; position++) assert.ok(printed.has(logDocumentId(position)), logDocumentId(position));
      if (syncMode === 'incremental') {
        const positions = attempts.flatMap((attempt) => attempt.states).flatMap((state) => ((((state['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject)['slices'] as JsonObject[] | undefined) ?? [])
          .map((slice) => (slice['search_after'] as string[] | undefined)?.[0])
          .filter((value): value is string => value !== undefined && value !== '9223372036854775807');
        assert.ok(positions.length > 0, 'the killed attempts saved positions');
        for (const value of positions) assert.ok(BigInt(value) > 10n ** 17n && BigInt(value) % 1_000_000n === 0n, `the saved position ${value} is a millisecond timestamp in epoch nanoseconds`);
      }
      const last = attempts.at(-1)!.states.at(-1)!;
      assert.equal(((((last['state'] as JsonObject)['stream'] as JsonObject)['stream_state']) as JsonObject)['status'], 'done');
      assert.equal(await openSearchContexts(es.url), 0, 'the final attempt closed the point in time');
    });
  }

  test('a point in time that expired: the stream restarts, says so, and loses nothing', async () => {
    const config = sourceConfig(es.url, { include_indices: [INDEX], page_size: 500, checkpoint_interval_records: 2000, keep_alive: '1s' });
    const catalogPath = tempJson(configuredCatalog(catalog, [INDEX]));
    const first = await readUntilKilled(['read', '--config', tempJson(config), '--catalog', catalogPath], 5_000);
    assert.ok(first.states.length > 0);
    // Elasticsearch of the test run reaps expired contexts every second.
    for (let waited = 0; (await openSearchContexts(es.url)) > 0 && waited < 30; waited++) await new Promise((resolve) => setTimeout(resolve, 1000));
    const resumed = await readSource({ ...config, keep_alive: '5m' }, configuredCatalog(catalog, [INDEX]), [first.states.at(-1)!]);
    assert.equal(resumed.result.code, 0, resumed.result.stderr);
    assert.ok(resumed.logs.some((log) => /restarts from the beginning: its point in time expired/.test(log)), resumed.logs.join('\n'));
    const ids = new Set(resumed.records.map((record) => String(record.data['_id'])));
    assert.equal(ids.size, COUNT, 'the restarted read printed every document');
    const midState = resumed.states[0]!['state'] as JsonObject;
    assert.match(JSON.stringify(midState), /"restarted":\{"at":"[^"]+","reason":"its point in time expired/);
  });

  test('an interrupted full refresh saved by a version that sorted on _shard_doc alone: the stream restarts, says so, and loses nothing', async () => {
    const config = sourceConfig(es.url, { include_indices: [INDEX], page_size: 500, checkpoint_interval_records: 2000 });
    const catalogPath = tempJson(configuredCatalog(catalog, [INDEX]));
    const first = await readUntilKilled(['read', '--config', tempJson(config), '--catalog', catalogPath], 5_000);
    const saved = first.states.at(-1)!;
    const streamState = (((saved['state'] as JsonObject)['stream'] as JsonObject)['stream_state']) as JsonObject;
    const slices = streamState['slices'] as JsonObject[];
    const positions = slices.map((slice) => slice['search_after'] as string[] | undefined).filter((position) => position !== undefined);
    assert.ok(positions.length > 0 && positions.every((position) => position.length === 2), 'positions are [_doc, _shard_doc]');
    // What earlier versions saved: one _shard_doc value per position, with and without sort_kinds.
    const oneValue = slices.map((slice) => (slice['search_after'] === undefined ? slice : { ...slice, search_after: (slice['search_after'] as string[]).slice(1) }));
    const withKinds = { ...streamState, slices: oneValue, sort_kinds: ['numeric'] };
    const withoutKinds: JsonObject = { ...streamState, slices: oneValue };
    delete withoutKinds['sort_kinds'];
    for (const [name, old] of [['with sort_kinds', withKinds], ['without sort_kinds', withoutKinds]] as const) {
      const state = { ...saved, state: { ...(saved['state'] as JsonObject), stream: { ...((saved['state'] as JsonObject)['stream'] as JsonObject), stream_state: old } } };
      const resumed = await readSource(config, configuredCatalog(catalog, [INDEX]), [state as never]);
      assert.equal(resumed.result.code, 0, `${name}: ${resumed.result.stderr}`);
      assert.ok(resumed.logs.some((log) => /restarts from the beginning: its positions were saved by a read sorted differently/.test(log)), `${name}: ${resumed.logs.join('\n')}`);
      assert.equal(new Set(resumed.records.map((record) => String(record.data['_id']))).size, COUNT, `${name}: the restarted read printed every document`);
    }
    assert.equal(await openSearchContexts(es.url), 0, 'the saved point in time was closed, not left to expire');
  });

  test('a full refresh with tiebreaker_field reads in index order, and one saved by a version that sorted on the tiebreaker restarts', async () => {
    const proxy = await new RecordingProxy(es.url).start();
    try {
      const config = sourceConfig(proxy.url, { include_indices: [INDEX], page_size: 5000, checkpoint_interval_records: 20_000, tiebreaker_field: 'trace.id' });
      const catalogPath = tempJson(configuredCatalog(catalog, [INDEX]));
      const first = await readUntilKilled(['read', '--config', tempJson(config), '--catalog', catalogPath], 25_000);
      const sorts = proxy.bodies.filter((body) => body.includes('"search_after"') || body.includes('"sort"')).map((body) => JSON.stringify((JSON.parse(body) as JsonObject)['sort']));
      assert.ok(sorts.length > 2, `the read searched (${sorts.length} requests)`);
      for (const sort of sorts) assert.equal(sort, '[{"_doc":"asc"},{"_shard_doc":"asc"}]', 'every page is asked for in index order, not on the tiebreaker');
      // What the versions that sorted a full refresh on [tiebreaker, _shard_doc] saved.
      const saved = first.states.at(-1)!;
      const streamState = (((saved['state'] as JsonObject)['stream'] as JsonObject)['stream_state']) as JsonObject;
      const slices = (streamState['slices'] as JsonObject[]).map((slice) => (slice['search_after'] === undefined ? slice : { ...slice, search_after: ['f0e1d2c3b4a5968778695a4b3c2d1e0f', (slice['search_after'] as string[])[1]!] }));
      const old = { ...streamState, slices, sort_kinds: ['string', 'numeric'] };
      const state = { ...saved, state: { ...(saved['state'] as JsonObject), stream: { ...((saved['state'] as JsonObject)['stream'] as JsonObject), stream_state: old } } };
      const resumed = await readSource(config, configuredCatalog(catalog, [INDEX]), [state as never]);
      assert.equal(resumed.result.code, 0, resumed.result.stderr);
      assert.ok(resumed.logs.some((log) => /restarts from the beginning: its positions were saved by a read sorted differently/.test(log)), resumed.logs.join('\n'));
      assert.equal(new Set(resumed.records.map((record) => String(record.data['_id']))).size, COUNT, 'the restarted read printed every document');
      assert.equal(await openSearchContexts(es.url), 0, 'the saved point in time was closed, not left to expire');
    } finally {
      await proxy.stop();
    }
  });

  test('an unusable state is a config error, never a silent full re-read', async () => {
    const config = sourceConfig(es.url, { include_indices: [INDEX] });
    const good = { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: INDEX }, stream_state: { version: 1, stream: INDEX, sync_mode: 'full_refresh', read_mode: 'pit', status: 'done', slice_max: 1, slices: [] } } } };
    const cases: Array<[string, unknown, RegExp]> = [
      ['another version', [{ ...good, state: { ...good.state, stream: { ...good.state.stream, stream_state: { version: 7 } } } }], /cannot be used \(it is version 7, and this source reads version 1\)/],
      ['the wrong shape', [{ ...good, state: { ...good.state, stream: { ...good.state.stream, stream_state: { ...good.state.stream.stream_state, slices: 'x' } } } }], /cannot be used \(stream_state\.slices must be array\)/],
      ['another stream', [{ ...good, state: { ...good.state, stream: { ...good.state.stream, stream_state: { ...good.state.stream.stream_state, stream: 'other' } } } }], /the state filed under stream_descriptor\.name "[^"]+" was written for another stream \(its stream_state\.stream is "other"\)/],
      ['a stream not in the catalog', [{ ...good, state: { ...good.state, stream: { stream_descriptor: { name: 'other' }, stream_state: { ...good.state.stream.stream_state, stream: 'other' } } } }], /holds a state for stream "other", which is not in the catalog/],
      ['a legacy state', [{ type: 'STATE', state: { data: { x: 1 } } }], /has state type "LEGACY"/],
    ];
    for (const [name, state, expected] of cases) {
      const output = await readSource(config, configuredCatalog(catalog, [INDEX]), state as never);
      assert.notEqual(output.result.code, 0, name);
      assert.equal(output.records.length, 0, name);
      assert.equal(output.errors[0]?.['failure_type'], 'config_error', name);
      assert.match(String(output.errors[0]?.['message']), expected, name);
    }
  });
});
