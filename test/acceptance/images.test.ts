/**
 * Builds both images (scripts/build-images.sh) and runs them: their Node (24.x),
 * user and labels, the acceptance suite against the source image, the
 * destination's spec, and a sync of the source container's `read` piped into
 * the destination container's `write`, landing Parquet files in the real S3
 * server of the test setup.
 *
 * Always runs: where podman (or, with ESPQ_CONTAINER_ENGINE=docker, docker)
 * cannot run, the suite fails saying what is missing (scripts/test.sh installs
 * podman, runc and debootstrap where it can). Only ESPQ_SKIP_IMAGE_TESTS=1
 * skips it, and not on CI (CI=true): there a skip fails the run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import type { JsonObject } from '../../src/json/json-value.js';
import { assertValidAirbyteMessages } from '../support/protocol-validator.js';
import { assertSupportedNode } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, inspectParquet, listKeys, getObject, REPO_ROOT, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { readJsonWithEsUrl, readRepoFile } from './acceptance-config.js';
import { ACCEPTANCE_DOCUMENTS, ACCEPTANCE_INDEX, loadAcceptanceData } from './acceptance-data.js';
import { describeSourceAcceptance } from './acceptance-suite.js';
import { imageRunner, runContainer } from './connector-runner.js';
import { readMetadata } from './packaging-metadata.js';
import { specProblems } from './spec-checks.js';

const engine = process.env['ESPQ_CONTAINER_ENGINE'] === 'docker' ? 'docker' : 'podman';
const image = (target: 'source-elasticsearch' | 'destination-s3-parquet'): string => {
  const { dockerRepository, dockerImageTag } = readMetadata(target).data;
  return `${dockerRepository}:${dockerImageTag}`;
};
const SOURCE_IMAGE = image('source-elasticsearch');
const DESTINATION_IMAGE = image('destination-s3-parquet');

const onCi = process.env['CI'] === 'true' || process.env['CI'] === '1';
const skipRequested = process.env['ESPQ_SKIP_IMAGE_TESTS'] === '1';
if (skipRequested && !onCi) console.error('[images] SKIPPED: the container image tests do not run: ESPQ_SKIP_IMAGE_TESTS=1 is set.');

test('the image suite is not skipped on CI', () => {
  assert.ok(!(skipRequested && onCi), 'ESPQ_SKIP_IMAGE_TESTS=1 on CI (CI=true): the image suite must run on CI; unset it');
});

/** `<engine> run --entrypoint <entrypoint> IMAGE args` with our flags; its stdout, trimmed. */
function runInImage(name: string, entrypoint: string, args: readonly string[]): string {
  const script = '. scripts/podman-env.sh; exec "${CONTAINER[@]}" run --rm "${RUN_FLAGS[@]}" --entrypoint "$@"';
  return execFileSync('bash', ['-c', script, 'run-in-image', entrypoint, name, ...args], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
}

function inspectImage(name: string): { Size: number; Config: { User?: string; Env?: string[]; Entrypoint?: string[]; Labels?: Record<string, string> } } {
  const text = execFileSync('bash', ['-c', '. scripts/podman-env.sh; "${CONTAINER[@]}" image inspect "$1"', 'inspect', name], { cwd: REPO_ROOT, encoding: 'utf8' });
  return (JSON.parse(text) as Array<ReturnType<typeof inspectImage>>)[0]!;
}

describe(`container images (${engine})`, { skip: skipRequested && !onCi ? 'ESPQ_SKIP_IMAGE_TESTS=1' : false }, () => {
  before(async () => {
    // Fails the whole suite, loudly, where podman cannot run (no silent skip).
    const tools = spawnSync('bash', ['scripts/ensure-podman.sh', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(tools.status, 0, tools.stderr.trim());
    const started = Date.now();
    const build = spawnSync('bash', ['scripts/build-images.sh'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(build.status, 0, `scripts/build-images.sh failed:\n${build.stderr.slice(-6000)}`);
    const sizes = [SOURCE_IMAGE, DESTINATION_IMAGE].map((name) => `${name} ${(inspectImage(name).Size / 1e6).toFixed(0)} MB`);
    console.error(`[images] built in ${((Date.now() - started) / 1000).toFixed(0)}s (${build.stdout.trim().split('\n').join('; ')} seconds); sizes: ${sizes.join(', ')}`);
    await loadAcceptanceData(process.env['ES_URL'] ?? '');
  });

  for (const target of ['source-elasticsearch', 'destination-s3-parquet'] as const) {
    test(`${target}: labels equal the metadata, AIRBYTE_ENTRYPOINT is the entrypoint, the user is not root`, () => {
      const { Config } = inspectImage(image(target));
      const metadata = readMetadata(target).data;
      assert.equal(Config.Labels?.['io.airbyte.name'], metadata.dockerRepository);
      assert.equal(Config.Labels?.['io.airbyte.version'], metadata.dockerImageTag);
      const env = Object.fromEntries((Config.Env ?? []).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
      assert.equal(env['AIRBYTE_ENTRYPOINT'], (Config.Entrypoint ?? []).join(' '));
      assert.ok(Config.User !== undefined && Config.User !== '' && Config.User !== 'root' && Config.User !== '0', `user ${String(Config.User)}`);
    });

    test(`${target}: runs Node 24 as the non-root user node (uid 1000)`, () => {
      // One container: `node --version`, then the user it runs as.
      const seen = runInImage(image(target), 'node', ['-p', 'process.version + " " + require("node:os").userInfo().username + " " + process.getuid()']);
      assert.match(seen, /^v24\.\d+\.\d+ node 1000$/);
    });
  }

  test('destination-s3-parquet: spec prints src/destination/spec.json, which follows the CAT rules', async () => {
    const result = await runContainer([DESTINATION_IMAGE, 'spec']);
    assert.equal(result.code, 0, result.stderr);
    const spec = (result.messages[0] as JsonObject)['spec'] as JsonObject;
    assert.deepEqual(JSON.parse(stringifyExactJson(spec)), JSON.parse(readRepoFile('src/destination/spec.json')));
    assert.deepEqual(specProblems(spec['connectionSpecification'] as JsonObject), []);
  });

  describe('a sync: source container piped into destination container', () => {
    const bucket = uniqueBucketName('espq-image-sync');
    before(async () => createBucket(bucket));
    after(async () => deleteBucketRecursive(bucket));

    test('spec, check, discover, then read | write lands the index as Parquet in S3', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'espq-image-sync-'));
      chmodSync(dir, 0o755);
      const put = (name: string, value: unknown): string => {
        writeFileSync(join(dir, name), stringifyExactJson(value));
        chmodSync(join(dir, name), 0o644);
        return `/data/${name}`;
      };
      const config = put('source-config.json', readJsonWithEsUrl('integration_tests/sample_config.json'));
      const env = s3TestEnv();
      const destinationConfig = put('destination-config.json', {
        bucket, region: env.region, endpoint: env.endpoint, path_style: true,
        credentials: { method: 'access_key', access_key_id: env.accessKeyId, secret_access_key: env.secretAccessKey },
      });
      const mount = ['-v', `${dir}:/data:ro`];

      const spec = await runContainer([SOURCE_IMAGE, 'spec']);
      assert.equal((spec.messages[0] as JsonObject)['type'], 'SPEC');
      const check = await runContainer([...mount, SOURCE_IMAGE, 'check', '--config', config]);
      assert.equal(((check.messages.at(-1) as JsonObject)['connectionStatus'] as JsonObject)['status'], 'SUCCEEDED', check.stdout + check.stderr);
      const destinationCheck = await runContainer([...mount, DESTINATION_IMAGE, 'check', '--config', destinationConfig]);
      assert.equal(((destinationCheck.messages.at(-1) as JsonObject)['connectionStatus'] as JsonObject)['status'], 'SUCCEEDED', destinationCheck.stdout + destinationCheck.stderr);
      const discover = await runContainer([...mount, SOURCE_IMAGE, 'discover', '--config', config]);
      const streams = (((discover.messages.at(-1) as JsonObject)['catalog'] as JsonObject)['streams'] as JsonObject[]).filter((stream) => stream['name'] === ACCEPTANCE_INDEX);
      assert.equal(streams.length, 1, discover.stdout.slice(0, 500) + discover.stderr);
      const catalog = put('catalog.json', { streams: [{ stream: streams[0], sync_mode: 'full_refresh', destination_sync_mode: 'append' }] });

      // The two containers joined by a pipe, as in the README's sync example.
      const pipeline = [
        '. scripts/podman-env.sh; set -o pipefail',
        'run() { "${CONTAINER[@]}" run --rm -i --network=host "${RUN_FLAGS[@]}" -v "$DIR:/data:ro" "$@"; }',
        'run "$SOURCE" read --config /data/source-config.json --catalog /data/catalog.json | tee "$OUT/source.jsonl" | run "$DESTINATION" write --config /data/destination-config.json --catalog /data/catalog.json > "$OUT/destination.jsonl"',
      ].join('\n');
      const out = mkdtempSync(join(tmpdir(), 'espq-image-sync-out-'));
      const started = Date.now();
      const sync = spawnSync('bash', ['-c', pipeline], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DIR: dir, OUT: out, SOURCE: SOURCE_IMAGE, DESTINATION: DESTINATION_IMAGE } });
      console.error(`[images] read | write of ${ACCEPTANCE_DOCUMENTS} documents took ${((Date.now() - started) / 1000).toFixed(1)}s`);
      const lines = (name: string) => readFileSync(join(out, name), 'utf8').split('\n').filter((line) => line !== '');
      const sourceMessages = assertValidAirbyteMessages(lines('source.jsonl')) as JsonObject[];
      const destinationMessages = assertValidAirbyteMessages(lines('destination.jsonl')) as JsonObject[];
      assert.equal(sync.status, 0, sync.stderr.slice(-4000));
      assertSupportedNode(sync.stderr);
      assert.equal(sourceMessages.filter((message) => message['type'] === 'RECORD').length, ACCEPTANCE_DOCUMENTS);
      const sourceStates = sourceMessages.filter((message) => message['type'] === 'STATE');
      const echoed = destinationMessages.filter((message) => message['type'] === 'STATE');
      assert.ok(echoed.length >= 1, 'the destination acknowledged at least one STATE');
      assert.deepEqual(echoed.map((message) => stringifyExactJson(message['state'])), sourceStates.slice(-echoed.length).map((message) => stringifyExactJson(message['state'])), 'acknowledged states are the source states, in order');

      const keys = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet'));
      assert.ok(keys.length >= 1, `Parquet files in s3://${bucket}: ${keys.join(', ')}`);
      const inspections = await inspectParquet(await Promise.all(keys.map((key) => getObject(bucket, key))));
      const rows = inspections.flatMap((inspection) => inspection.rows ?? []);
      assert.equal(rows.length, ACCEPTANCE_DOCUMENTS);
      assert.ok(inspections.every((inspection) => inspection.codecs.every((codec) => codec === 'SNAPPY')), 'Snappy compressed');
      assert.deepEqual(rows.map((row) => String(row['_id'])).sort(), Array.from({ length: ACCEPTANCE_DOCUMENTS }, (_, i) => `log-${String(i + 1).padStart(9, '0')}`));
    });
  });

  describeSourceAcceptance(imageRunner(SOURCE_IMAGE));
});
