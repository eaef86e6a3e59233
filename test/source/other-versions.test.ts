import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openSearchContexts } from '../support/engines.js';
import { runCli } from '../support/run-cli.js';
import { freePort } from '../support/ports.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogBulkItems, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';
import type { JsonObject } from '../../src/json/json-value.js';

const run = promisify(execFile);
const COUNT = 3_000;


/**
 * The servers `npm test` does not keep running for every file: Elasticsearch
 * 9.0 and 7.17 and OpenSearch 3.x, each started here from the same Maven
 * Central launcher, one at a time, and stopped after its checks.
 */
const VERSIONS = [
  { engine: 'es9', distribution: 'elasticsearch 9', readMode: 'pit' },
  { engine: 'es7', distribution: 'elasticsearch 7', readMode: 'pit' },
  { engine: 'os3', distribution: 'opensearch 3', readMode: 'pit' },
] as const;

for (const version of VERSIONS) {
  describe(`source-elasticsearch on ${version.engine}`, () => {
    const workdir = mkdtempSync(join(tmpdir(), `espq-${version.engine}-`));
    let url = '';
    before(async () => {
      const { stdout } = await run('bash', ['scripts/servers/start-search-engine.sh', version.engine, String(await freePort()), workdir], { maxBuffer: 1 << 20 });
      url = stdout.trim();
      await loadDocuments(url, 'versions-logs', generateLogBulkItems({ count: COUNT }), { mappings: LOG_INDEX_MAPPING, shards: 2, deleteExisting: true });
    });
    after(async () => {
      await run('bash', ['scripts/servers/stop-server.sh', workdir]).catch(() => undefined);
    });

    test('check, discover, full refresh (sliced), incremental: exact, and no search context left open', async () => {
      const config = sourceConfig(url, { include_indices: ['versions-logs'], page_size: 400 });
      const checked = await runCli('source-elasticsearch', ['check', '--config', tempJson(config)]);
      const status = (checked.messages as JsonObject[]).find((m) => m['type'] === 'CONNECTION_STATUS')!['connectionStatus'] as JsonObject;
      assert.equal(status['status'], 'SUCCEEDED', String(status['message']));
      assert.match(String(status['message']), new RegExp(`Connected to ${version.distribution}\\.\\d+.* \\(read mode ${version.readMode}\\)`));
      const catalog = await discoverCatalog(config);
      for (const [syncMode, slices] of [['full_refresh', 2], ['incremental', 0]] as const) {
        const output = await readSource({ ...config, slices }, configuredCatalog(catalog, ['versions-logs'], syncMode === 'incremental' ? { syncMode, cursorField: ['@timestamp'] } : {}));
        assert.equal(output.result.code, 0, output.result.stdout.slice(-1000));
        const ids = output.records.map((record) => String(record.data['_id']));
        assert.equal(new Set(ids).size, COUNT, `${syncMode}: every document once`);
        assert.equal(ids.length, COUNT, `${syncMode}: no duplicates`);
      }
      assert.equal(await openSearchContexts(url), 0);
    });
  });
}
