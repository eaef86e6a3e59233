/**
 * Our stand-in for Airbyte's connector acceptance tests (CAT), driven by
 * acceptance-test-config.yml (and BASIC_READ_EXPECTATIONS, the CAT-era
 * basic_read keys the standard tests refuse): the same assertions for spec,
 * connection, discovery, basic_read, full_refresh and incremental, made
 * against any ConnectorRunner (the CLI, or the image).
 *
 * Call inside a test file; the caller loads the data set (acceptance-data.ts)
 * into ES_URL in a `before` hook of its own or lets this suite do it.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import { splitMessages, type ReadOutput } from '../support/source-harness.js';
import { BASIC_READ_EXPECTATIONS, readAcceptanceConfig, readJsonLines, readJsonWithEsUrl, readRepoFile } from './acceptance-config.js';
import { abnormalState, expectedRecordLines, idsAfterSampleState, loadAcceptanceData, sampleState } from './acceptance-data.js';
import type { ConnectorRunner } from './connector-runner.js';
import { catalogProblems, specProblems } from './spec-checks.js';

type Stream = JsonObject & { name: string; json_schema: JsonObject };
type ConfiguredCatalog = { streams: Array<JsonObject & { stream: Stream; sync_mode: string; cursor_field?: string[] }> };

/** Record data as text with keys sorted at every level, so equal records compare equal. */
export function canonical(value: JsonValue): string {
  const sort = (v: JsonValue): JsonValue =>
    Array.isArray(v) ? v.map(sort) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k]!)])) : v;
  return stringifyExactJson(sort(value));
}

const byType = (messages: JsonValue[], type: string): JsonObject[] => (messages as JsonObject[]).filter((message) => message['type'] === type);
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
const streamName = (state: JsonObject): string => ((((state['state'] as JsonObject)['stream'] as JsonObject)['stream_descriptor'] as JsonObject)['name']) as string;
const ids = (output: ReadOutput): string[] => output.records.map((record) => String(record.data['_id']));
const describeRun = (output: ReadOutput): string => `exit ${output.result.code}\n${output.result.stdout.slice(-1500)}\n${output.result.stderr.slice(-1500)}`;

function withSyncMode(catalog: ConfiguredCatalog, mode: 'full_refresh' | 'incremental'): ConfiguredCatalog {
  const streams = catalog.streams.filter((entry) => mode === 'full_refresh' || entry.sync_mode === 'incremental');
  return { streams: streams.map((entry) => (mode === 'full_refresh' ? { ...entry, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' } : entry)) };
}

/** The CAT assertions for source-elasticsearch, run with `runner`. */
export function describeSourceAcceptance(runner: ConnectorRunner): void {
  const cat = readAcceptanceConfig();
  const tests = cat.acceptance_tests;
  const read = async (config: unknown, catalog: unknown, state?: unknown): Promise<ReadOutput> =>
    splitMessages(await runner.run('read', { config, catalog, ...(state === undefined ? {} : { state }) }));

  describe(`acceptance (CAT, ${cat.test_strictness_level}) of source-elasticsearch, ${runner.label}`, () => {
    before(async () => {
      await loadAcceptanceData(process.env['ES_URL'] ?? '');
    });

    test('the acceptance files agree with the data set', () => {
      assert.equal(cat.test_strictness_level, 'high');
      assert.deepEqual(Object.keys(BASIC_READ_EXPECTATIONS), tests.basic_read.tests.map((spec) => spec.configured_catalog_path), 'expectations for every basic_read catalog');
      assert.deepEqual(readRepoFile(BASIC_READ_EXPECTATIONS[tests.basic_read.tests[0]!.configured_catalog_path]!.expect_records.path).trimEnd().split('\n'), expectedRecordLines());
      assert.deepEqual(readJsonWithEsUrl('integration_tests/sample_state.json'), plain(sampleState()));
      assert.deepEqual(readJsonWithEsUrl(tests.incremental.tests[0]!.future_state!.future_state_path), plain(abnormalState()));
    });

    describe('spec', () => {
      for (const { spec_path } of tests.spec.tests) {
        test(`${spec_path}: the spec command prints it, and it follows the CAT rules`, async () => {
          const result = await runner.run('spec');
          assert.equal(result.code, 0, result.stderr);
          const specs = byType(result.messages, 'SPEC');
          assert.equal(specs.length, 1, 'exactly one SPEC');
          const spec = specs[0]!['spec'] as JsonObject;
          assert.deepEqual(plain(spec), JSON.parse(readRepoFile(spec_path)), `${spec_path} equals what spec prints`);
          assert.deepEqual(specProblems(spec['connectionSpecification'] as JsonObject), []);
          assert.ok(String(spec['documentationUrl']).startsWith('https://'));
        });
      }
    });

    describe('connection', () => {
      for (const { config_path, status } of tests.connection.tests) {
        test(`${config_path}: check gives ${status === 'succeed' ? 'SUCCEEDED' : 'FAILED'}`, async () => {
          const result = await runner.run('check', { config: readJsonWithEsUrl(config_path) });
          const statuses = byType(result.messages, 'CONNECTION_STATUS');
          assert.equal(statuses.length, 1, `exactly one CONNECTION_STATUS\n${result.stdout}`);
          const connection = statuses[0]!['connectionStatus'] as JsonObject;
          assert.equal(connection['status'], status === 'succeed' ? 'SUCCEEDED' : 'FAILED', String(connection['message']));
          if (status !== 'succeed') assert.ok(String(connection['message']).length > 20, 'the failure says what is wrong');
        });
      }
      test('an unreachable cluster gives FAILED or exactly one TRACE error', async () => {
        const result = await runner.run('check', { config: { endpoint: { mode: 'nodes', urls: ['http://127.0.0.1:9'] }, request_timeout_seconds: 5 } });
        const statuses = byType(result.messages, 'CONNECTION_STATUS');
        const errors = byType(result.messages, 'TRACE').filter((message) => (message['trace'] as JsonObject)['type'] === 'ERROR');
        if (statuses.length === 1) assert.equal((statuses[0]!['connectionStatus'] as JsonObject)['status'], 'FAILED');
        else assert.equal(errors.length, 1, result.stdout);
      });
    });

    describe('discovery', () => {
      for (const { config_path } of tests.discovery.tests) {
        test(`${config_path}: one CATALOG of unique streams with valid draft-07 schemas`, async () => {
          const result = await runner.run('discover', { config: readJsonWithEsUrl(config_path) });
          assert.equal(result.code, 0, result.stderr);
          const catalogs = byType(result.messages, 'CATALOG');
          assert.equal(catalogs.length, 1, 'exactly one CATALOG');
          const catalog = catalogs[0]!['catalog'] as { streams: Stream[] };
          assert.deepEqual(catalogProblems(catalog), []);
          // The configured catalog of the acceptance files holds today's schemas.
          for (const { configured_catalog_path } of tests.basic_read.tests) {
            const configured = readJsonWithEsUrl(configured_catalog_path) as unknown as ConfiguredCatalog;
            for (const entry of configured.streams) {
              const discovered = catalog.streams.find((stream) => stream.name === entry.stream.name);
              assert.ok(discovered !== undefined, `${entry.stream.name} is discovered`);
              assert.deepEqual(plain(entry.stream), plain(discovered), `${configured_catalog_path}: ${entry.stream.name} matches discover`);
            }
          }
        });
      }
    });

    describe('basic_read', () => {
      for (const spec of tests.basic_read.tests) {
        const expectations = BASIC_READ_EXPECTATIONS[spec.configured_catalog_path];
        test(`${spec.configured_catalog_path}: records valid and as expected, statuses and states per stream`, async () => {
          assert.ok(expectations !== undefined, `BASIC_READ_EXPECTATIONS has no entry for ${spec.configured_catalog_path}`);
          const catalog = readJsonWithEsUrl(spec.configured_catalog_path) as unknown as ConfiguredCatalog;
          const output = await read(readJsonWithEsUrl(spec.config_path), catalog);
          assert.equal(output.result.code, 0, describeRun(output));
          const empty = new Set((spec.empty_streams ?? []).map((stream) => stream.name));
          const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
          for (const { stream } of catalog.streams) {
            const records = output.records.filter((record) => record.stream === stream.name);
            if (empty.has(stream.name)) assert.equal(records.length, 0, `${stream.name} is declared empty`);
            else assert.ok(records.length > 0, `records in ${stream.name}`);
            const validate = ajv.compile(plain(stream.json_schema) as object);
            const properties = Object.keys((stream.json_schema['properties'] as JsonObject) ?? {});
            for (const record of records) {
              assert.ok(validate(plain(record.data)), `${stream.name}/${String(record.data['_id'])}: ${ajv.errorsText(validate.errors)}`);
              if (expectations.fail_on_extra_columns) for (const column of Object.keys(record.data)) assert.ok(properties.includes(column), `${stream.name}: column ${column} is not in the schema`);
            }
            assert.deepEqual(output.statuses.filter((status) => status.stream === stream.name).map((status) => status.status), ['STARTED', 'RUNNING', 'COMPLETE'], `${stream.name} statuses`);
            const states = output.states.filter((state) => streamName(state) === stream.name);
            assert.ok(states.length >= 1, `a STATE for ${stream.name}`);
            for (const state of states) {
              const body = state['state'] as JsonObject;
              assert.equal(body['type'], 'STREAM', 'per-stream state, never LEGACY');
              assert.ok(body['data'] === undefined, 'no legacy data field');
              const stats = body['sourceStats'] as JsonObject | undefined;
              assert.ok(stats !== undefined && typeof stats['recordCount'] === 'number', 'sourceStats.recordCount on every STATE');
            }
            const counted = states.reduce((sum, state) => sum + Number(((state['state'] as JsonObject)['sourceStats'] as JsonObject)['recordCount']), 0);
            assert.equal(counted, records.length, `${stream.name}: sourceStats add up to the records read`);
          }
          {
            const expected = readJsonLines(expectations.expect_records.path).map((line) => `${String(line['stream'])} ${canonical(line['data']!)}`);
            const actual = output.records.filter((record) => !empty.has(record.stream)).map((record) => `${record.stream} ${canonical(record.data)}`);
            if (expectations.expect_records.exact_order) assert.deepEqual(actual, expected);
            else assert.deepEqual([...actual].sort(), [...expected].sort(), 'the records equal expected_records.jsonl');
          }
        });

        test(`${spec.configured_catalog_path}: a catalog naming a stream that does not exist gives one TRACE error`, async () => {
          const catalog = readJsonWithEsUrl(spec.configured_catalog_path) as unknown as ConfiguredCatalog;
          const broken = { streams: [{ ...catalog.streams[0]!, stream: { ...catalog.streams[0]!.stream, name: 'acceptance-no-such-index' } }] };
          const output = await read(readJsonWithEsUrl(spec.config_path), broken);
          assert.notEqual(output.result.code, 0);
          assert.equal(output.records.length, 0);
          assert.equal(output.errors.length, 1, describeRun(output));
          assert.ok(['config_error', 'system_error'].includes(String(output.errors[0]!['failure_type'])));
        });
      }
    });

    describe('full_refresh', () => {
      for (const spec of tests.full_refresh.tests) {
        test(`${spec.configured_catalog_path}: two sequential full refreshes return the same records`, async () => {
          const catalog = withSyncMode(readJsonWithEsUrl(spec.configured_catalog_path) as unknown as ConfiguredCatalog, 'full_refresh');
          const config = readJsonWithEsUrl(spec.config_path);
          const first = await read(config, catalog);
          const second = await read(config, catalog);
          assert.equal(first.result.code, 0, describeRun(first));
          assert.equal(second.result.code, 0, describeRun(second));
          const records = (output: ReadOutput) => output.records.map((record) => `${record.stream} ${canonical(record.data)}`).sort();
          assert.ok(first.records.length > 0);
          assert.deepEqual(records(second), records(first));
        });
      }
    });

    describe('incremental', () => {
      for (const spec of tests.incremental.tests) {
        const catalog = () => withSyncMode(readJsonWithEsUrl(spec.configured_catalog_path) as unknown as ConfiguredCatalog, 'incremental');
        const config = () => readJsonWithEsUrl(spec.config_path);
        let first: ReadOutput;

        test(`${spec.configured_catalog_path}: two sequential reads differ, the second only at or after the cursor`, async () => {
          assert.ok(catalog().streams.length > 0, 'an incremental stream in the configured catalog');
          first = await read(config(), catalog());
          assert.equal(first.result.code, 0, describeRun(first));
          const lastStates = new Map(first.states.map((state) => [streamName(state), state]));
          const second = await read(config(), catalog(), [...lastStates.values()]);
          assert.equal(second.result.code, 0, describeRun(second));
          assert.notDeepEqual(ids(second).sort(), ids(first).sort(), 'the second read is not a full re-read');
          for (const record of second.records) {
            const state = ((((lastStates.get(record.stream)!['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject)['cursor'] as JsonObject);
            const at = BigInt(Date.parse(String(record.data['@timestamp']))) * 1_000_000n;
            assert.ok(at >= BigInt(String(state['value'])), `${String(record.data['_id'])} is not before the cursor`);
          }
          assert.ok(second.states.length >= 1, 'a STATE even when nothing is new');
        });

        test(`${spec.configured_catalog_path}: replaying each checkpoint returns at least the records after it`, async () => {
          assert.ok(first !== undefined, 'the first read ran');
          const messages = first.result.messages as JsonObject[];
          const checkpoints = messages.flatMap((message, index) => (message['type'] === 'STATE' ? [index] : []));
          assert.ok(checkpoints.length >= 3, `several checkpoints in the first read (got ${checkpoints.length})`);
          const replayCheckpoint = async (index: number): Promise<void> => {
            const state = messages[index]!;
            const stream = streamName(state);
            const after = messages.slice(index + 1).filter((m) => m['type'] === 'RECORD' && (m['record'] as JsonObject)['stream'] === stream).map((m) => String(((m['record'] as JsonObject)['data'] as JsonObject)['_id']));
            const replay = await read(config(), catalog(), [state]);
            assert.equal(replay.result.code, 0, describeRun(replay));
            const got = new Set(ids(replay));
            for (const id of after) assert.ok(got.has(id), `the replay of checkpoint ${index} returns ${id}`);
          };
          // Two replays at a time: each is an independent read (a container start for the image).
          for (let i = 0; i < checkpoints.length; i += 2) await Promise.all(checkpoints.slice(i, i + 2).map(replayCheckpoint));
        });

        test(`${spec.future_state?.future_state_path ?? 'future state'}: a cursor in the future yields no records and a state`, async () => {
          const output = await read(config(), catalog(), readJsonWithEsUrl(spec.future_state!.future_state_path));
          assert.equal(output.result.code, 0, describeRun(output));
          assert.equal(output.records.length, 0);
          assert.ok(output.states.length >= 1);
        });

        test('integration_tests/sample_state.json: a read from it returns exactly the documents after its cursor', async () => {
          const output = await read(config(), catalog(), readJsonWithEsUrl('integration_tests/sample_state.json'));
          assert.equal(output.result.code, 0, describeRun(output));
          assert.deepEqual(ids(output).sort(), idsAfterSampleState().sort());
        });
      }
    });
  });
}
