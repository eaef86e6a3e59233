/**
 * Airbyte's standard connector tests against the freshly built source image:
 * pytest runs airbyte-cdk's own `DockerConnectorTestSuite`
 * (test/acceptance/standard_tests_source.py, nothing overridden but the
 * connector root) from the pinned airbyte-cdk of scripts/setup-airbyte-cdk.sh
 * ($ESPQ_CDK_PYTHON). It reads acceptance-test-config.yml and runs spec,
 * check (valid and invalid config), the config against the spec, discover
 * and a full-refresh read of the configured catalog's streams in the image,
 * through the docker shim (scripts/docker-shim/docker: podman with the flags
 * of scripts/podman-env.sh and --network=host, so the container reaches the
 * test Elasticsearch on loopback).
 *
 * The connector root handed to the suite is a copy of the acceptance files
 * (acceptance-test-config.yml, metadata.yaml, spec.json, integration_tests/)
 * with the ${ES_URL} placeholder replaced by the test Elasticsearch, which
 * holds the acceptance data set (acceptance-data.ts). The image is built by
 * scripts/build-images.sh, which rebuilds nothing when images.test.ts built
 * it in the same run (it hashes the build inputs).
 *
 * Deselected, and only these (the assertion on the counts fails if any other
 * test is skipped): the spec backward-compatibility test, which asks the
 * public connector registry (no network here, and the connector is not
 * published), and the discover, read and config-against-spec tests of
 * invalid_config, which the suite itself skips by design (that config is
 * listed only under `connection`, where check must fail).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from '../support/s3-test-helpers.js';
import { ACCEPTANCE_TEST_CONFIG_PATH, ES_URL_PLACEHOLDER, readAcceptanceConfig } from './acceptance-config.js';
import { loadAcceptanceData } from './acceptance-data.js';
import { readMetadata } from './packaging-metadata.js';

const MODULE = 'test/acceptance/standard_tests_source.py';
const CLASS = `${MODULE}::TestSourceElasticsearch`;
const scenario = (name: string): string => `['${name}' Test Scenario]`;

/** The scenario ids (config file stems) of every config listed under basic_read or full_refresh. */
function readScenarios(): string[] {
  const { basic_read, full_refresh } = readAcceptanceConfig().acceptance_tests;
  return [...new Set([...basic_read.tests, ...full_refresh.tests].map((entry) => basename(entry.config_path).replace(/\.[^.]*$/, '')))];
}

/** Every test the suite collects for our acceptance-test-config.yml that runs, by pytest node id. */
const EXPECTED_PASSED = [
  'test_docker_image_build_and_spec',
  `test_docker_image_build_and_check${scenario('invalid_config')}`,
  `test_docker_image_build_and_check${scenario('sample_config')}`,
  `test_docker_image_build_and_config_matches_spec${scenario('sample_config')}`,
  `test_docker_image_build_and_discover${scenario('sample_config')}`,
  `test_docker_image_build_and_read${scenario('sample_config')}`,
];
const DESELECTED = [
  'test_docker_image_spec_backward_compatibility',
  `test_docker_image_build_and_config_matches_spec${scenario('invalid_config')}`,
  `test_docker_image_build_and_discover${scenario('invalid_config')}`,
  `test_docker_image_build_and_read${scenario('invalid_config')}`,
];

interface JunitCase {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  detail: string;
}

/** The test cases of pytest's --junitxml report. */
function junitCases(xml: string): JunitCase[] {
  const unescape = (text: string): string => text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((match) => {
    const name = unescape(/\bname="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? '');
    const body = match[2] ?? '';
    const outcome = /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    return { name, outcome, detail: unescape(body).slice(0, 3000) };
  });
}

/** A copy of the connector's acceptance files whose configs point at `esUrl`, in a directory named like the connector. */
function connectorRoot(esUrl: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'espq-standard-tests-')), 'source-elasticsearch');
  mkdirSync(join(root, 'integration_tests'), { recursive: true });
  for (const file of [ACCEPTANCE_TEST_CONFIG_PATH, 'metadata.yaml', 'spec.json']) copyFileSync(join(REPO_ROOT, file), join(root, file));
  for (const file of readdirSync(join(REPO_ROOT, 'integration_tests'))) {
    const text = readFileSync(join(REPO_ROOT, 'integration_tests', file), 'utf8');
    writeFileSync(join(root, 'integration_tests', file), text.split(ES_URL_PLACEHOLDER).join(esUrl));
  }
  return root;
}

function runPytest(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const python = process.env['ESPQ_CDK_PYTHON'] ?? '';
    const child = spawn(python, ['-m', 'pytest', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const onCi = process.env['CI'] === 'true' || process.env['CI'] === '1';
const skipRequested = process.env['ESPQ_SKIP_IMAGE_TESTS'] === '1';
if (skipRequested && !onCi) console.error('[standard-tests] SKIPPED: the standard tests run in the source image: ESPQ_SKIP_IMAGE_TESTS=1 is set.');

test('the standard tests are not skipped on CI', () => {
  assert.ok(!(skipRequested && onCi), 'ESPQ_SKIP_IMAGE_TESTS=1 on CI (CI=true): the standard tests must run on CI; unset it');
});

describe("Airbyte's standard tests (airbyte-cdk DockerConnectorTestSuite) against the source image", { skip: skipRequested && !onCi ? 'ESPQ_SKIP_IMAGE_TESTS=1' : false }, () => {
  const { dockerRepository, dockerImageTag } = readMetadata('source-elasticsearch').data;
  const image = `${dockerRepository}:${dockerImageTag}`;
  let root = '';

  before(async () => {
    assert.ok(process.env['ESPQ_CDK_PYTHON'], 'ESPQ_CDK_PYTHON is not set: run the tests with `npm test`, which creates the airbyte-cdk venv (scripts/setup-airbyte-cdk.sh)');
    const tools = spawnSync('bash', ['scripts/ensure-podman.sh', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(tools.status, 0, tools.stderr.trim());
    const build = spawnSync('bash', ['scripts/build-images.sh'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(build.status, 0, `scripts/build-images.sh failed:\n${build.stderr.slice(-6000)}`);
    const esUrl = process.env['ES_URL'] ?? '';
    await loadAcceptanceData(esUrl);
    root = connectorRoot(esUrl);
  });
  after(() => {
    if (root !== '') rmSync(join(root, '..'), { recursive: true, force: true });
  });

  test('the config names the image under test', () => {
    assert.equal(readAcceptanceConfig().connector_image, image);
  });

  test('pytest passes every standard test for every scenario, read included; nothing skipped or failed', async () => {
    const report = join(root, '..', 'junit.xml');
    const args = [
      '-p', 'airbyte_cdk.test.standard_tests.pytest_hooks',
      '-p', 'no:cacheprovider',
      '-rA',
      `--junitxml=${report}`,
      `--connector-image=${image}`,
      // Every config the suite reads, by name: airbyte-cdk 7.39.1 turns `--read-scenarios=all` into the
      // list ['all'] and then fails each read with "not in --read-scenarios=['all']".
      `--read-scenarios=${readScenarios().join(',')}`,
      '--read-from-streams=all',
      ...DESELECTED.flatMap((name) => ['--deselect', `${CLASS}::${name}`]),
      MODULE,
    ];
    const env = {
      ...process.env,
      PATH: `${join(REPO_ROOT, 'scripts/docker-shim')}:${process.env['PATH'] ?? ''}`,
      ESPQ_CONNECTOR_ROOT: root,
      PYTHONDONTWRITEBYTECODE: '1',
      DO_NOT_TRACK: '1',
    };
    const started = Date.now();
    const result = await runPytest(args, env);
    const cases = junitCases(readFileSync(report, 'utf8'));
    const count = (outcome: JunitCase['outcome']): number => cases.filter((entry) => entry.outcome === outcome).length;
    const summary = result.output.trim().split('\n').at(-1) ?? '';
    console.error(`[standard-tests] airbyte-cdk standard tests: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped, ${DESELECTED.length} deselected, in ${((Date.now() - started) / 1000).toFixed(0)}s (pytest: ${summary})`);
    const problems = cases.filter((entry) => entry.outcome !== 'passed').map((entry) => `${entry.name}: ${entry.outcome}\n${entry.detail}`);
    assert.deepEqual(problems, [], `${problems.join('\n\n')}\n\n${result.output.slice(-4000)}`);
    assert.equal(result.code, 0, result.output.slice(-4000));
    assert.deepEqual(cases.map((entry) => entry.name).sort(), [...EXPECTED_PASSED].sort(), 'exactly the expected tests ran');
    assert.match(summary, new RegExp(`\\b${EXPECTED_PASSED.length} passed, ${DESELECTED.length} deselected\\b`));
  });
});
