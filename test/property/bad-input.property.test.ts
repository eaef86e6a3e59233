/**
 * Property-based bad input (issue 14, "make it systematic"): generated
 * configs, catalogs, states and message streams with one mistake each, run
 * through the real CLIs against the real Elasticsearch and MinIO of the test
 * setup. Whatever the input:
 * - no output says `Unexpected internal error` or shows a stack trace, and
 *   every stdout line is a valid AirbyteMessage;
 * - `check` prints exactly one CONNECTION_STATUS and exits 0;
 * - a config, catalog or state mistake is CONNECTION_STATUS FAILED (check) or
 *   a TRACE config_error (discover, read, write) whose message names the field;
 * - no secret of the config (the spec's airbyte_secret fields) is printed;
 * - every STATE `write` echoes follows the storage of every record before it.
 * The configs come from each connector's spec.json as it is on disk.
 * Seeds, case counts and how to rerun quickly: property-runner.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import { loadAcceptanceData } from '../acceptance/acceptance-data.js';
import { createBucket, deleteBucketRecursive, REPO_ROOT, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { acknowledgementFindings, BucketWatcher, storedIds } from './acknowledged-rows.js';
import { documentCases } from './document-mutations.js';
import { checkCommandFindings, configMistakeFindings, parseRun, preview, secretsOf } from './output-checks.js';
import { checkProperty, totalsReport } from './property-runner.js';
import { runConnector, spawnCount } from './run-connector.js';
import { configCases, knownConfigCase, loadSpec, type ConfigCase } from './spec-mutations.js';
import { baseLines, buildStreamCase, deepRecordMutation, inputOf, recordJson, stateJson, streamCases, writeCatalog, type InputLine } from './write-streams.js';

const SOURCE_SPEC = loadSpec(resolve(REPO_ROOT, 'spec.json'));
const DESTINATION_SPEC = loadSpec(resolve(REPO_ROOT, 'src/destination/spec.json'));
const ES_URL = required('ES_URL');

function required(variable: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') throw new Error(`${variable} is not set: run the tests with \`npm test\`, which starts Elasticsearch and MinIO and sets it.`);
  return value;
}

let dir = '';
let fileCount = 0;
async function file(content: JsonValue | string): Promise<string> {
  dir ||= await mkdtemp(join(tmpdir(), 'espq-property-'));
  const path = join(dir, `${++fileCount}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

let runCounter = 0;
const runId = (): string => `r${process.pid}-${++runCounter}`;

after(() => process.stderr.write(totalsReport(spawnCount.value)));

describe('bad input to source-elasticsearch (property-based, real Elasticsearch)', () => {
  const sampleConfig = JSON.parse(readFileSync(resolve(REPO_ROOT, 'integration_tests/sample_config.json'), 'utf8').replaceAll('${ES_URL}', ES_URL)) as JsonObject;
  const configuredCatalog = JSON.parse(readFileSync(resolve(REPO_ROOT, 'integration_tests/configured_catalog.json'), 'utf8')) as JsonObject;
  /** Valid values the spec cannot know: the test cluster, its indices, recognisable secrets. */
  const samples = {
    'endpoint.urls': [ES_URL],
    'endpoint.urls.[]': ES_URL,
    'endpoint.cloud_id': `prop-deployment:${Buffer.from('localhost:9243$abcdef$ghijkl').toString('base64')}`,
    'authentication.username': 'prop-user',
    'authentication.password': 'Prop-Password-Secret-1',
    'authentication.api_key': 'Prop-ApiKey-Secret-2',
    'authentication.api_key_id': 'prop-key-id',
    'authentication.api_key_secret': 'Prop-ApiKeySecret-Secret-3',
    'authentication.token': 'Prop-Bearer-Secret-4',
    'tls.ca_fingerprint': 'AB'.repeat(32),
    include_indices: ['acceptance-*'],
    'index_families.[]': { name: 'prop-family', patterns: ['prop-family-*'] },
    query: '{"match_all":{}}',
  };
  const base = { ...sampleConfig, retry_max_attempts: 2 };
  const authBranches = (SOURCE_SPEC.schema['properties'] as Record<string, JsonObject>)['authentication']!['oneOf'] as JsonObject[];
  const bases = authBranches.map((branch) => {
    const method = String(((branch['properties'] as Record<string, JsonObject>)['method'] as JsonObject)['const']);
    const authentication: JsonObject = { method };
    for (const name of (branch['required'] as string[]).filter((name) => name !== 'method')) authentication[name] = (samples as Record<string, JsonValue>)[`authentication.${name}`] ?? `prop-${name}`;
    return { label: `authentication=${method}`, config: { ...base, authentication } };
  });
  const secrets = (config: JsonObject): string[] => secretsOf(SOURCE_SPEC.schema, config);
  let catalogPath = '';
  let realState: JsonValue = [];

  before(async () => {
    await loadAcceptanceData(ES_URL);
    catalogPath = await file(configuredCatalog);
    const read = parseRun(await runConnector('source-elasticsearch', ['read', '--config', await file(base), '--catalog', catalogPath]), []);
    assert.equal(read.run.code, 0, read.run.stdout + read.run.stderr);
    realState = read.messages.filter((message) => message?.['type'] === 'STATE') as JsonObject[];
    assert.ok((realState as JsonObject[]).length > 0, 'the read printed STATE messages');
  });

  it('every base config (one per authentication method of the spec) passes check and read: the mutations start from working configs', async () => {
    for (const { label, config } of bases) {
      const path = await file(config);
      const checked = parseRun(await runConnector('source-elasticsearch', ['check', '--config', path]), secrets(config));
      assert.deepEqual(checked.findings, [], label);
      assert.equal(checked.messages[0]?.['type'], 'CONNECTION_STATUS', label);
      assert.equal((checked.messages[0]?.['connectionStatus'] as JsonObject)['status'], 'SUCCEEDED', `${label}: ${checked.run.stdout}`);
      const read = parseRun(await runConnector('source-elasticsearch', ['read', '--config', path, '--catalog', catalogPath]), secrets(config));
      assert.deepEqual(read.findings, [], label);
      assert.equal(read.run.code, 0, `${label}: ${read.run.stdout.slice(-2000)}`);
      assert.ok(read.messages.filter((message) => message?.['type'] === 'RECORD').length >= 40, label);
    }
  });

  it('configs with one mistake (every spec field, every oneOf branch): check FAILED naming the field, discover and read a config_error naming it, no internal error, no secret', async () => {
    const withCommand = (value: ConfigCase, command: string): ConfigCase & { command: string } => ({ ...value, command, toString: () => `${String(value)}; check, then ${command}` });
    const cases = fc.tuple(configCases(SOURCE_SPEC, bases, samples, secrets), fc.constantFrom('discover', 'read')).map(([value, command]) => withCommand(value, command));
    // The mistakes issue 14 reports, first: a malformed Cloud ID, control characters in an API key, a wrong URL path, no index pattern.
    const basic = bases.find((entry) => entry.label === 'authentication=basic')!;
    const apiKey = bases.find((entry) => entry.label === 'authentication=api_key')!;
    const known: Array<[typeof basic, string, JsonValue, string, string]> = [
      [basic, 'endpoint.cloud_id', 'garbage', 'malformed Cloud ID (issue 14)', 'discover'],
      [basic, 'endpoint.cloud_id', 'name:!!!notbase64', 'Cloud ID with bad base64 (issue 14)', 'read'],
      [apiKey, 'authentication.api_key', 'Prop-ApiKey\nSecret-2', 'API key with a newline (issue 14)', 'discover'],
      [apiKey, 'authentication.api_key', 'Prop-ApiKey\u0000Secret-2', 'API key with a NUL (issue 14)', 'read'],
      [basic, 'endpoint.urls[0]', `${ES_URL}/wrong/path`, 'URL with a wrong path (issue 14)', 'read'],
      [basic, 'include_indices', [], 'no index pattern (issue 14)', 'read'],
    ];
    const examples = known.map(([entry, path, value, kind, command]) => withCommand(knownConfigCase(SOURCE_SPEC, entry, path, value, kind, samples, secrets), command));
    await checkProperty('source config', cases, 40, async (value) => {
      const path = await file(value.config);
      const findings: string[] = [];
      const checked = parseRun(await runConnector('source-elasticsearch', ['check', '--config', path], { timeoutMs: 60_000 }), value.secrets);
      findings.push(...checked.findings, ...checkCommandFindings(checked, value.names, !value.specValid));
      const args = value.command === 'discover' ? ['discover', '--config', path] : ['read', '--config', path, '--catalog', catalogPath];
      const ran = parseRun(await runConnector('source-elasticsearch', args, { timeoutMs: 90_000 }), value.secrets);
      findings.push(...ran.findings, ...configMistakeFindings(ran, value.names, !value.specValid));
      return findings;
    }, { examples });
  });

  it('catalogs and states with one mistake: read ends in a config_error naming the field (or reads), no internal error', async () => {
    const configPath = await file(base);
    const cases = fc.oneof(documentCases('catalog', configuredCatalog), documentCases('state', realState));
    await checkProperty('source catalog and state', cases, 40, async (value) => {
      const mutated = await file(value.document);
      const args = value.target === 'catalog' ? ['read', '--config', configPath, '--catalog', mutated] : ['read', '--config', configPath, '--catalog', catalogPath, '--state', mutated];
      const ran = parseRun(await runConnector('source-elasticsearch', args, { timeoutMs: 90_000 }), []);
      return [...ran.findings, ...configMistakeFindings(ran, value.mutation.names, false)];
    });
  });
});

describe('bad input to destination-s3-parquet (property-based, real MinIO)', () => {
  const env = s3TestEnv();
  const bucket = uniqueBucketName('prop-bad-input');
  const watcher = new BucketWatcher(bucket);
  const base: JsonObject = {
    bucket,
    region: env.region,
    endpoint: env.endpoint,
    path_style: true,
    path_prefix: 'prop',
    credentials: { method: 'access_key', access_key_id: env.accessKeyId, secret_access_key: env.secretAccessKey },
  };
  const samples = {
    bucket,
    region: env.region,
    endpoint: env.endpoint,
    path_prefix: 'prop',
    'credentials.access_key_id': env.accessKeyId,
    'credentials.secret_access_key': env.secretAccessKey,
    'credentials.session_token': 'Prop-SessionToken-Secret-5',
    local_spool_directory: tmpdir(),
  };
  const secrets = (config: JsonObject): string[] => secretsOf(DESTINATION_SPEC.schema, config);
  const catalog = writeCatalog();
  let catalogPath = '';

  before(async () => {
    await createBucket(bucket);
    catalogPath = await file(catalog);
  });
  after(() => deleteBucketRecursive(bucket));

  /** Runs write on `lines`, then checks the shared rules and the acknowledgements against the objects it wrote. */
  async function write(configPath: string, catalogFile: string, lines: readonly InputLine[], run: string, configSecrets: readonly string[], timeoutMs = 120_000): Promise<{ parsed: ReturnType<typeof parseRun>; findings: string[] }> {
    const parsed = parseRun(await runConnector('destination-s3-parquet', ['write', '--config', configPath, '--catalog', catalogFile], { input: inputOf(lines), timeoutMs }), configSecrets);
    const stored = await storedIds(bucket, await watcher.newKeys(), run);
    return { parsed, findings: [...parsed.findings, ...acknowledgementFindings(parsed, lines, stored)] };
  }

  it('the base config passes check and write stores every record before each echoed STATE', async () => {
    const path = await file(base);
    const checked = parseRun(await runConnector('destination-s3-parquet', ['check', '--config', path]), secrets(base));
    assert.deepEqual(checked.findings, []);
    assert.equal((checked.messages[0]?.['connectionStatus'] as JsonObject)['status'], 'SUCCEEDED', checked.run.stdout);
    const run = runId();
    const lines = baseLines(run, 6, 2);
    const { parsed, findings } = await write(path, catalogPath, lines, run, secrets(base));
    assert.deepEqual(findings, []);
    assert.equal(parsed.run.code, 0);
    assert.equal(parsed.messages.filter((message) => message?.['type'] === 'STATE').length, 3);
  });

  it('configs with one mistake (every spec field, every oneOf branch): check FAILED naming the field, write a config_error naming it or a complete write', async () => {
    const cases = configCases(DESTINATION_SPEC, [{ label: 'credentials=access_key', config: base }], samples, secrets);
    await checkProperty('destination config', cases, 30, async (value) => {
      const path = await file(value.config);
      const checked = parseRun(await runConnector('destination-s3-parquet', ['check', '--config', path], { timeoutMs: 60_000 }), value.secrets);
      const run = runId();
      const { parsed, findings } = await write(path, catalogPath, baseLines(run, 4, 2), run, value.secrets, 90_000);
      return [...checked.findings, ...checkCommandFindings(checked, value.names, !value.specValid), ...findings, ...configMistakeFindings(parsed, value.names, !value.specValid)];
    });
  });

  it('destination catalogs with one mistake: write ends in a config_error naming the field, or stores what it acknowledges', async () => {
    const configPath = await file(base);
    await checkProperty('destination catalog', documentCases('catalog', catalog), 25, async (value) => {
      const run = runId();
      const { parsed, findings } = await write(configPath, await file(value.document), baseLines(run, 4, 2), run, secrets(base), 90_000);
      // A stream renamed or removed from the catalog makes its records unknown: the destination blames the source for those.
      return [...findings, ...configMistakeFindings(parsed, value.mutation.names, false, { alsoAccept: /A record arrived for stream .* which is not in the configured catalog/ })];
    });
  });

  it('message streams with one malformed, truncated, oversized or unexpected line: no internal error, one TRACE error when it stops, nothing acknowledged lost', async () => {
    const configPath = await file(base);
    // Issue 14's deep record first.
    const examples = [buildStreamCase(runId(), 4, 2, 1, deepRecordMutation(5000))];
    await checkProperty('write message streams', streamCases(runId), 50, async (value) => {
      const { findings } = await write(configPath, catalogPath, value.lines, value.run, secrets(base), 120_000);
      return findings;
    }, { examples });
  });

  it('a record above 32 MB among valid records: the sync completes and every record (the big one too) is stored before its STATE is echoed', async () => {
    const run = runId();
    const big = recordJson(run, 's', 3, { name: 'B'.repeat(33 * 1024 * 1024) });
    const lines: InputLine[] = [
      { bytes: Buffer.from(JSON.stringify(recordJson(run, 's', 1))), id: 1 },
      { bytes: Buffer.from(JSON.stringify(recordJson(run, 't', 2))), id: 2 },
      { bytes: Buffer.from(JSON.stringify(stateJson('s', 2))), state: stateJson('s', 2) },
      { bytes: Buffer.from(JSON.stringify(big)), id: 3 },
      { bytes: Buffer.from(JSON.stringify(recordJson(run, 's', 4))), id: 4 },
      { bytes: Buffer.from(JSON.stringify(stateJson('s', 4))), state: stateJson('s', 4) },
    ];
    const { parsed, findings } = await write(await file(base), catalogPath, lines, run, secrets(base), 240_000);
    assert.deepEqual(findings, [], `output:\n${parsed.run.lines.map((line) => preview(line, 400)).join('\n')}`);
    assert.equal(parsed.run.code, 0, `a 33 MB record must not stop the sync: ${preview(parsed.run.lines.at(-1) ?? '', 600)}`);
  });
});
