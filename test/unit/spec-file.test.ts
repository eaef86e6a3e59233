import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sourceSpec } from '../../src/source/spec.js';
import { runCli } from '../support/run-cli.js';

test('spec.json equals what the spec command prints', async () => {
  const file = JSON.parse(readFileSync(new URL('../../spec.json', import.meta.url), 'utf8')) as unknown;
  assert.deepEqual(file, JSON.parse(JSON.stringify(sourceSpec())), 'spec.json drifted from the config declaration: run node --import tsx scripts/write-spec.ts');
  const result = await runCli('source-elasticsearch', ['spec']);
  assert.equal(result.code, 0);
  assert.equal(result.messages.length, 1);
  assert.deepEqual(JSON.parse(result.lines[0] ?? '{}'), { type: 'SPEC', spec: file });
});
