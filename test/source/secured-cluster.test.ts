/**
 * The source against a secured cluster: OpenSearch 2.19 with its security
 * plugin (scripts/servers/start-search-engine.sh os2-secure), started here
 * and stopped after. As the admin it loads two indices and creates users:
 *
 * - `airbyte-reader` with exactly the OpenSearch role of README.md's
 *   "Privileges" section (the JSON is read from the README, so the docs are
 *   what is tested): check, discover, a sliced full refresh (scroll on
 *   OpenSearch 2) and an incremental read (point in time) all succeed, read
 *   every document of the granted index and none of the other, and leave no
 *   search context open;
 * - the same user with a wrong password: 401, a config_error;
 * - users whose role lacks one permission of that role (scroll, or the
 *   index permissions): `check` fails with a 403 naming the refused action,
 *   before any read would.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openSearchContexts } from '../support/engines.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { freePort } from '../support/ports.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, tempJson } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogBulkItems, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';
import { requestJson, searchEngineTarget, type SearchEngineTarget } from '../../src/sample-data/search-engine-http.js';
import { isJsonObject, type JsonObject } from '../../src/json/json-value.js';
import { REPO_ROOT } from '../support/s3-test-helpers.js';

const run = promisify(execFile);
const COUNT = 2_500;
const GRANTED = 'secured-logs-1';
const OTHER = 'secured-private';
const ADMIN_PASSWORD = `Admin-${randomBytes(6).toString('hex')}-Pw1`;
const READER = 'airbyte-reader';
const READER_PASSWORD = `Reader-${randomBytes(6).toString('hex')}-Pw1`;

/** The OpenSearch role of the README's "Privileges" section, with its index pattern. */
function documentedRole(): JsonObject {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```json\nPUT _plugins\/_security\/api\/roles\/airbyte_opensearch_source\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block !== undefined, 'README.md documents the OpenSearch role as PUT _plugins/_security/api/roles/airbyte_opensearch_source');
  const role: unknown = JSON.parse(block);
  assert.ok(isJsonObject(role));
  return role;
}

function connectionStatus(result: CliResult): JsonObject {
  const message = (result.messages as JsonObject[]).find((m) => m['type'] === 'CONNECTION_STATUS');
  assert.ok(message !== undefined, result.stdout + result.stderr);
  return message['connectionStatus'] as JsonObject;
}

describe('source-elasticsearch on a secured OpenSearch (security plugin, least-privilege user)', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'espq-os2-secure-'));
  let url = '';
  let adminUrl = '';
  let admin: SearchEngineTarget;
  const config = (username: string, password: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
    sourceConfig(url, { authentication: { method: 'basic', username, password }, include_indices: ['secured-logs-*'], page_size: 300, ...extra });
  const createUser = async (name: string, role: JsonObject): Promise<void> => {
    await requestJson(admin, 'PUT', `/_plugins/_security/api/roles/${name}-role`, { body: role });
    await requestJson(admin, 'PUT', `/_plugins/_security/api/internalusers/${name}`, { body: { password: READER_PASSWORD, opendistro_security_roles: [`${name}-role`] } });
  };

  before(async () => {
    const { stdout } = await run('bash', ['scripts/servers/start-search-engine.sh', 'os2-secure', String(await freePort()), workdir], {
      maxBuffer: 1 << 20,
      env: { ...process.env, ESPQ_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    url = stdout.trim();
    const withAdmin = new URL(url);
    withAdmin.username = 'admin';
    withAdmin.password = ADMIN_PASSWORD;
    adminUrl = withAdmin.toString();
    admin = searchEngineTarget(adminUrl);
    assert.equal((await fetch(url)).status, 401, 'the node refuses anonymous requests');
    await loadDocuments(adminUrl, GRANTED, generateLogBulkItems({ count: COUNT }), { mappings: LOG_INDEX_MAPPING, shards: 2, deleteExisting: true });
    await loadDocuments(adminUrl, OTHER, generateLogBulkItems({ count: 10 }), { mappings: LOG_INDEX_MAPPING, deleteExisting: true });

    const role = documentedRole();
    const [permissions] = role['index_permissions'] as JsonObject[];
    assert.ok(permissions !== undefined);
    permissions['index_patterns'] = ['secured-logs-*'];
    await createUser(READER, role);
    const clusterPermissions = role['cluster_permissions'] as string[];
    await createUser('no-scroll', { ...role, cluster_permissions: clusterPermissions.filter((permission) => permission !== 'indices:data/read/scroll') });
    await createUser('no-index', { cluster_permissions: clusterPermissions, index_permissions: [{ ...permissions, index_patterns: [OTHER] }] });
  });
  after(async () => {
    await run('bash', ['scripts/servers/stop-server.sh', workdir]).catch(() => undefined);
  });

  test('with exactly the documented role: check, discover, sliced full refresh and incremental read every document, and close every context', async () => {
    const reader = config(READER, READER_PASSWORD);
    const checked = await runCli('source-elasticsearch', ['check', '--config', tempJson(reader)]);
    const status = connectionStatus(checked);
    assert.equal(status['status'], 'SUCCEEDED', String(status['message']));
    assert.match(String(status['message']), /Connected to opensearch 2\.\d+.*1 stream\(s\) match/);

    const catalog = await discoverCatalog(reader);
    assert.deepEqual(catalog.streams.map((stream) => stream.name), [GRANTED]);
    for (const [syncMode, slices] of [['full_refresh', 2], ['incremental', 0]] as const) {
      const output = await readSource({ ...reader, slices }, configuredCatalog(catalog, [GRANTED], syncMode === 'incremental' ? { syncMode, cursorField: ['@timestamp'] } : {}));
      assert.equal(output.result.code, 0, output.result.stdout.slice(-2000));
      assert.deepEqual(output.errors, []);
      const ids = output.records.map((record) => String(record.data['_id']));
      assert.equal(ids.length, COUNT, `${syncMode}: no duplicates`);
      assert.equal(new Set(ids).size, COUNT, `${syncMode}: every document once`);
      assert.ok(output.records.every((record) => record.data['_index'] === GRANTED));
      for (const text of [output.result.stdout, output.result.stderr]) assert.ok(!text.includes(READER_PASSWORD), 'the password never appears');
    }
    assert.equal(await openSearchContexts(adminUrl), 0, 'no point in time or scroll left open');
  });

  test('a wrong password: check FAILED and read stops with a config_error naming the credentials', async () => {
    const wrong = config(READER, 'not-the-password');
    const status = connectionStatus(await runCli('source-elasticsearch', ['check', '--config', tempJson(wrong)]));
    assert.equal(status['status'], 'FAILED');
    assert.match(String(status['message']), /Authentication failed \(401\).*Check the credentials in "authentication"/);
    const discover = await runCli('source-elasticsearch', ['discover', '--config', tempJson(wrong)]);
    assert.notEqual(discover.code, 0);
    const trace = (discover.messages as JsonObject[]).find((m) => m['type'] === 'TRACE')?.['trace'] as JsonObject | undefined;
    assert.equal((trace?.['error'] as JsonObject | undefined)?.['failure_type'], 'config_error');
    assert.ok(!discover.stdout.includes('not-the-password') && !discover.stderr.includes('not-the-password'));
  });

  test('one permission missing: check FAILED with a 403 naming the refused action, before a read would fail', async () => {
    const noScroll = connectionStatus(await runCli('source-elasticsearch', ['check', '--config', tempJson(config('no-scroll', READER_PASSWORD))]));
    assert.equal(noScroll['status'], 'FAILED');
    assert.match(String(noScroll['message']), /Permission denied \(403\) while trying to continue a scroll on secured-logs-1 \(action indices:data\/read\/scroll\).*README's "Privileges"/);

    const noIndex = connectionStatus(await runCli('source-elasticsearch', ['check', '--config', tempJson(config('no-index', READER_PASSWORD))]));
    assert.equal(noIndex['status'], 'FAILED');
    assert.match(String(noIndex['message']), /Permission denied \(403\) while trying to list the indices matching include_indices \["secured-logs-\*"\].*set include_indices to the index patterns its role grants/);

    const everything = connectionStatus(await runCli('source-elasticsearch', ['check', '--config', tempJson(config(READER, READER_PASSWORD, { include_indices: ['*'] }))]));
    assert.equal(everything['status'], 'FAILED', 'the default pattern * reaches indices the role does not grant');
    assert.match(String(everything['message']), /\(action indices:admin\/resolve\/index\)/);
    assert.equal(await openSearchContexts(adminUrl), 0, 'the failed checks left no context open');
  });
});
