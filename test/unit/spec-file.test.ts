import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sourceSpec } from '../../src/source/spec.js';
import { runCli } from '../support/run-cli.js';
import { configTable, replaceBetweenMarkers } from '../../scripts/config-table.js';
import { SOURCE_CONFIG_SCHEMA } from '../../src/source/config/source-config-schema.js';
import type { JsonObject } from '../../src/json/json-value.js';

test('spec.json equals what the spec command prints', async () => {
  const file = JSON.parse(readFileSync(new URL('../../spec.json', import.meta.url), 'utf8')) as unknown;
  assert.deepEqual(file, JSON.parse(JSON.stringify(sourceSpec())), 'spec.json drifted from the config declaration: run node --import tsx scripts/write-docs.ts');
  const result = await runCli('source-elasticsearch', ['spec']);
  assert.equal(result.code, 0);
  assert.equal(result.messages.length, 1);
  assert.deepEqual(JSON.parse(result.lines[0] ?? '{}'), { type: 'SPEC', spec: file });
});

test('README.md documents every source option, generated from the config declaration', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const expected = replaceBetweenMarkers(readme, 'source-config', configTable(SOURCE_CONFIG_SCHEMA as unknown as JsonObject));
  assert.equal(readme, expected, 'README.md config table drifted: run node --import tsx scripts/write-docs.ts');
});
