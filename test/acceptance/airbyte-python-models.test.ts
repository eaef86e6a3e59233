/**
 * Catalogs, states and messages written by Airbyte's own Python models are
 * accepted on every entry point: `read --catalog`, `read --state`,
 * `write --catalog` (and the messages `write` reads), and the state file of
 * `sync`. test/support/airbyte_models.py loads our acceptance files into
 * airbyte-cdk's models (the pinned cdk of scripts/setup-airbyte-cdk.sh) and
 * writes them back as Airbyte's Python code does: with every optional field
 * an explicit null (`dataclasses.asdict`, as the standard tests write
 * catalogs, and the cdk's serializers without omit_none), with absent
 * optional fields (the cdk's serializers), and with unknown extra fields.
 * Every command must behave exactly as with our own files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../src/json/json-value.js';
import { testConfig } from '../destination/destination-harness.js';
import { runCli, runProcess } from '../support/run-cli.js';
import { readSource, tempJson, type ReadOutput } from '../support/source-harness.js';
import { createBucket, deleteBucketRecursive, getObject, inspectParquet, listKeys, REPO_ROOT, uniqueBucketName } from '../support/s3-test-helpers.js';
import { readJsonWithEsUrl } from './acceptance-config.js';
import { ACCEPTANCE_DOCUMENTS, ACCEPTANCE_INDEX, idsAfterSampleState, loadAcceptanceData } from './acceptance-data.js';

interface ModelForms {
  catalog: { asdict: JsonObject; cdk: JsonObject; nulls: JsonObject };
  states: { cdk: JsonObject[]; nulls: JsonObject[] };
  messages: { cdk: JsonObject[]; nulls: JsonObject[] };
}

/** Our catalog, states and records, rewritten by airbyte-cdk's models (airbyte_models.py). */
function throughAirbyteModels(input: { catalog: unknown; states: unknown; records: unknown[] }): ModelForms {
  const python = process.env['ESPQ_CDK_PYTHON'];
  assert.ok(python, 'ESPQ_CDK_PYTHON is not set: run the tests with `npm test`, which creates the airbyte-cdk venv (scripts/setup-airbyte-cdk.sh)');
  const run = spawnSync(python, [join(REPO_ROOT, 'test/support/airbyte_models.py')], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as ModelForms;
}

const ids = (output: ReadOutput): string[] => output.records.map((record) => String(record.data['_id'])).sort();
const describeRun = (output: ReadOutput): string => `exit ${output.result.code}\n${output.result.stdout.slice(-1500)}\n${output.result.stderr.slice(-1500)}`;
const hasNull = (value: unknown, key: string): boolean => JSON.stringify(value).includes(`"${key}":null`);

describe("catalogs, states and messages written by airbyte-cdk's Python models", () => {
  const config = (): JsonObject => readJsonWithEsUrl('integration_tests/sample_config.json') as JsonObject;
  const catalog = (): JsonObject => readJsonWithEsUrl('integration_tests/configured_catalog.json') as JsonObject;
  let forms: ModelForms;
  let reference: ReadOutput;

  before(async () => {
    await loadAcceptanceData(process.env['ES_URL'] ?? '');
    reference = await readSource(config(), catalog());
    assert.equal(reference.result.code, 0, describeRun(reference));
    const records = (reference.result.messages as JsonObject[]).filter((message) => message['type'] === 'RECORD');
    forms = throughAirbyteModels({ catalog: catalog(), states: readJsonWithEsUrl('integration_tests/sample_state.json'), records });
  });

  test('the Python forms carry explicit nulls, absent fields and unknown fields (the generator did its job)', () => {
    const stream = (forms.catalog.asdict['streams'] as JsonObject[])[0]!;
    for (const key of ['generation_id', 'minimum_generation_id', 'sync_id']) assert.equal(stream[key], null, `asdict: ${key} is null`);
    assert.equal((stream['stream'] as JsonObject)['namespace'], null);
    assert.ok(hasNull(forms.catalog.nulls, 'namespace') && hasNull(forms.catalog.nulls, 'sync_id'));
    assert.ok(!hasNull(forms.catalog.cdk, 'namespace') && !hasNull(forms.catalog.cdk, 'sync_id'));
    assert.ok(JSON.stringify(forms.catalog.nulls).includes('field_from_a_newer_protocol'));
    for (const key of ['global', 'data', 'sourceStats', 'destinationStats']) assert.equal(forms.states.nulls[0]![key], null, `state ${key} is null`);
    assert.ok(hasNull(forms.states.nulls, 'namespace'));
    const record = forms.messages.nulls.find((message) => message['type'] === 'RECORD')!;
    assert.equal(record['log'], null);
    assert.equal((record['record'] as JsonObject)['namespace'], null);
    assert.equal((record['record'] as JsonObject)['meta'], null);
  });

  for (const form of ['asdict', 'nulls', 'cdk'] as const) {
    test(`read --catalog (${form}): the same records, states and statuses as with our catalog`, async () => {
      const output = await readSource(config(), forms.catalog[form]);
      assert.equal(output.result.code, 0, describeRun(output));
      assert.equal(output.records.length, ACCEPTANCE_DOCUMENTS);
      assert.deepEqual(ids(output), ids(reference));
      assert.deepEqual(output.statuses, reference.statuses);
      assert.equal(output.states.length, reference.states.length);
    });
  }

  for (const form of ['nulls', 'cdk'] as const) {
    test(`read --state (${form}, bare AirbyteStateMessage objects as Airbyte passes them): exactly the documents after the cursor`, async () => {
      const output = await readSource(config(), forms.catalog.nulls, forms.states[form]);
      assert.equal(output.result.code, 0, describeRun(output));
      assert.deepEqual(ids(output), idsAfterSampleState().sort());
    });
  }

  test('read --state (nulls, wrapped in AirbyteMessage): exactly the documents after the cursor', async () => {
    const wrapped = forms.messages.nulls.filter((message) => message['type'] === 'STATE');
    const output = await readSource(config(), catalog(), wrapped);
    assert.equal(output.result.code, 0, describeRun(output));
    assert.deepEqual(ids(output), idsAfterSampleState().sort());
  });

  describe('write and sync', () => {
    const bucket = uniqueBucketName('espq-python-models');
    before(() => createBucket(bucket));
    after(() => deleteBucketRecursive(bucket));

    const rowIds = async (prefix: string): Promise<string[]> => {
      const keys = (await listKeys(bucket, prefix)).filter((key) => key.endsWith('.parquet'));
      const inspections = await inspectParquet(await Promise.all(keys.map((key) => getObject(bucket, key))), { engine: 'duckdb' });
      return inspections.flatMap((inspection) => inspection.rows ?? []).map((row) => String(row['_id'])).sort();
    };

    for (const form of ['asdict', 'nulls', 'cdk'] as const) {
      test(`write --catalog (${form}) reading messages with explicit nulls and unknown fields: every record in Parquet, the state echoed without nulls`, async () => {
        const prefix = `write-${form}`;
        const args = ['write', '--config', tempJson(testConfig(bucket, { path_prefix: prefix })), '--catalog', tempJson(forms.catalog[form])];
        const result = await runCli('destination-s3-parquet', args, { input: forms.messages.nulls.map((message) => JSON.stringify(message)).join('\n') + '\n' });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        const echoed = (result.messages as JsonObject[]).filter((message) => message['type'] === 'STATE');
        assert.equal(echoed.length, forms.states.nulls.length, 'every state acknowledged');
        for (const state of echoed) assert.ok(!JSON.stringify(state['state']).includes(':null'), `no null in the echoed state: ${JSON.stringify(state)}`);
        assert.deepEqual(await rowIds(`${prefix}/`), ids(reference));
      });
    }

    test('sync --state FILE (STATE messages with nulls, and bare states) --catalog (nulls): resumes exactly after the cursor', async () => {
      for (const [name, states] of [['messages', forms.messages.nulls.filter((message) => message['type'] === 'STATE')], ['bare', forms.states.nulls]] as const) {
        const dir = mkdtempSync(join(tmpdir(), 'espq-python-models-sync-'));
        const statePath = join(dir, 'state.json');
        writeFileSync(statePath, JSON.stringify(states));
        const prefix = `sync-${name}`;
        const syncConfig = tempJson({ source: config(), destination: testConfig(bucket, { path_prefix: prefix }) });
        const run = await runProcess(process.execPath, ['--import', 'tsx', 'src/cli/sync.ts', '--config', syncConfig, '--state', statePath, '--catalog', tempJson(forms.catalog.nulls)]);
        assert.equal(run.code, 0, run.stderr.slice(-3000));
        assert.deepEqual(await rowIds(`${prefix}/`), idsAfterSampleState().sort(), `${name}: the documents after the saved cursor`);
        const saved = JSON.parse(readFileSync(statePath, 'utf8')) as JsonObject[];
        const stream = saved.map((message) => ((message['state'] as JsonObject)['stream'] as JsonObject)['stream_descriptor'] as JsonObject);
        assert.ok(stream.some((descriptor) => descriptor['name'] === ACCEPTANCE_INDEX), `${name}: the state file holds the new state`);
        assert.ok(!JSON.stringify(saved).includes(':null'), `${name}: no null in the rewritten state file`);
      }
    });
  });
});
