/**
 * The packaging files agree with each other, without building anything:
 * metadata.yaml (source) and src/destination/metadata.yaml follow Airbyte's
 * ConnectorMetadataDefinitionV0 (the fields and enums we use), and their
 * repository and tag equal the Dockerfile's labels and package.json's version.
 * images.test.ts checks the same against the built images.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { ACCEPTANCE_TEST_CONFIG_PATH, readRepoFile } from './acceptance-config.js';
import { REPO_ROOT } from '../support/s3-test-helpers.js';
import { dockerfileStage, METADATA_FILES, readMetadata } from './packaging-metadata.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REQUIRED = ['name', 'definitionId', 'connectorType', 'dockerRepository', 'dockerImageTag', 'license', 'documentationUrl', 'githubIssueLabel', 'connectorSubtype', 'releaseStage'];
const SUBTYPES = ['api', 'database', 'datalake', 'file', 'custom', 'message_queue', 'unknown', 'vectorstore'];
const RELEASE_STAGES = ['alpha', 'beta', 'generally_available', 'custom'];
const SUPPORT_LEVELS = ['community', 'certified', 'archived'];
const SUITES = ['unitTests', 'integrationTests', 'acceptanceTests', 'liveTests'];

for (const [target, file] of Object.entries(METADATA_FILES) as Array<[keyof typeof METADATA_FILES, string]>) {
  test(`${file} follows Airbyte's connector metadata schema and matches the Dockerfile target ${target}`, () => {
    const metadata = readMetadata(target);
    const version = (JSON.parse(readRepoFile('package.json')) as { version: string }).version;
    assert.equal(metadata.metadataSpecVersion, '1.0');
    for (const field of REQUIRED) assert.ok(typeof metadata.data[field] === 'string' && metadata.data[field] !== '', `data.${field}`);
    assert.match(metadata.data.definitionId, UUID);
    assert.equal(metadata.data.connectorType, target.startsWith('source') ? 'source' : 'destination');
    assert.ok(SUBTYPES.includes(String(metadata.data['connectorSubtype'])));
    assert.ok(RELEASE_STAGES.includes(String(metadata.data['releaseStage'])));
    assert.ok(SUPPORT_LEVELS.includes(String(metadata.data['supportLevel'])));
    assert.match(String(metadata.data['documentationUrl']), /^https:\/\//);
    assert.ok((metadata.data['tags'] as string[]).includes('language:typescript'));
    const suites = (metadata.data['connectorTestSuitesOptions'] as Array<Record<string, unknown>>).map((option) => option['suite']);
    assert.ok(suites.includes('acceptanceTests'));
    for (const suite of suites) assert.ok(SUITES.includes(String(suite)), `suite ${String(suite)}`);
    assert.equal(metadata.data.dockerRepository, `espq/${target}`);
    assert.equal(metadata.data.dockerImageTag, version, 'dockerImageTag is package.json version');

    const stage = dockerfileStage(target);
    assert.equal(stage.labels['io.airbyte.name'], metadata.data.dockerRepository);
    assert.equal(stage.labels['io.airbyte.version'], metadata.data.dockerImageTag);
    assert.equal(stage.env['AIRBYTE_ENTRYPOINT'], stage.entrypoint.join(' '));
    assert.equal(stage.entrypoint.at(-1), `/airbyte/integration_code/dist/src/cli/${target}.js`);
  });
}

test('the two connectors have different definition ids, and the acceptance config names the source image', () => {
  assert.notEqual(readMetadata('source-elasticsearch').data.definitionId, readMetadata('destination-s3-parquet').data.definitionId);
  const cat = parseYaml(readRepoFile(ACCEPTANCE_TEST_CONFIG_PATH)) as { connector_image: string };
  const source = readMetadata('source-elasticsearch').data;
  assert.equal(cat.connector_image, `${source.dockerRepository}:${source.dockerImageTag}`);
});

test('acceptance-test-config.yml is at the connector root, in the form the standard tests accept, and names files that exist', () => {
  assert.ok(!existsSync(join(REPO_ROOT, 'integration_tests/acceptance-test-config.yml')), 'no second copy under integration_tests/');
  const cat = parseYaml(readRepoFile(ACCEPTANCE_TEST_CONFIG_PATH)) as { acceptance_tests: Record<string, { tests: Array<Record<string, unknown>> }> };
  for (const [section, { tests }] of Object.entries(cat.acceptance_tests)) {
    for (const entry of tests) {
      // airbyte-cdk's standard tests refuse these CAT-era keys (REMOVED_ENTRY_KEYS); our suite keeps their checks.
      for (const key of ['expect_records', 'exact_order', 'ignored_fields', 'fail_on_extra_columns', 'timeout_seconds', 'file_types']) assert.ok(!(key in entry), `${section}: ${key}`);
      for (const key of ['config_path', 'configured_catalog_path', 'spec_path']) {
        if (typeof entry[key] === 'string') assert.ok(existsSync(join(REPO_ROOT, entry[key])), `${section}: ${key} ${entry[key]} exists`);
      }
    }
  }
});
