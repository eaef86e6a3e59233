/**
 * acceptance-test-config.yml (at the repository root, the connector root),
 * read the way CAT read it, and the files it names, with the ${ES_URL}
 * placeholder of the config files replaced by the ES_URL of the test setup.
 * The file has the form airbyte-cdk's standard tests accept, which refuse
 * the CAT-era keys `expect_records` and `fail_on_extra_columns`; what those
 * keys asked of a basic read is declared here (`BASIC_READ_EXPECTATIONS`)
 * and checked by our own suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseExactJson } from '../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import { REPO_ROOT } from '../support/s3-test-helpers.js';

export const ES_URL_PLACEHOLDER = '${ES_URL}';

export interface AcceptanceTestConfig {
  connector_image: string;
  test_strictness_level: string;
  acceptance_tests: {
    spec: { tests: Array<{ spec_path: string; config_path?: string }> };
    connection: { tests: Array<{ config_path: string; status: 'succeed' | 'failed' | 'exception' }> };
    discovery: { tests: Array<{ config_path: string }> };
    basic_read: {
      tests: Array<{
        config_path: string;
        configured_catalog_path: string;
        empty_streams?: Array<{ name: string; bypass_reason: string }>;
      }>;
    };
    full_refresh: { tests: Array<{ config_path: string; configured_catalog_path: string }> };
    incremental: { tests: Array<{ config_path: string; configured_catalog_path: string; future_state?: { future_state_path: string } }> };
  };
}

/** Where the standard tests (and Airbyte's connectors) keep the file: the connector root. */
export const ACCEPTANCE_TEST_CONFIG_PATH = 'acceptance-test-config.yml';

export function readAcceptanceConfig(): AcceptanceTestConfig {
  return parseYaml(readFileSync(join(REPO_ROOT, ACCEPTANCE_TEST_CONFIG_PATH), 'utf8')) as AcceptanceTestConfig;
}

/**
 * What CAT's `expect_records` and `fail_on_extra_columns` asked of the basic
 * read of each configured catalog, which the standard tests no longer read:
 * the records equal the expected ones (in any order), and no record has a
 * column its stream's schema does not declare.
 */
export const BASIC_READ_EXPECTATIONS: Readonly<Record<string, { expect_records: { path: string; exact_order: boolean }; fail_on_extra_columns: boolean }>> = {
  'integration_tests/configured_catalog.json': {
    expect_records: { path: 'integration_tests/expected_records.jsonl', exact_order: false },
    fail_on_extra_columns: true,
  },
};

/** The text of a file named by the config, relative to the repository root. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** A JSON file named by the config, exactly parsed, with ${ES_URL} replaced. */
export function readJsonWithEsUrl(path: string): JsonValue {
  const url = process.env['ES_URL'];
  if (url === undefined || url === '') throw new Error('ES_URL is not set: run the tests with `npm test`, which starts Elasticsearch and sets it.');
  return parseExactJson(readRepoFile(path).split(ES_URL_PLACEHOLDER).join(url));
}

/** The lines of a JSONL file, exactly parsed. */
export function readJsonLines(path: string): JsonObject[] {
  return readRepoFile(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseExactJson(line) as JsonObject);
}
