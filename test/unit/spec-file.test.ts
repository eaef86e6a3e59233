import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../support/run-cli.js';

test('the spec command prints spec.json', async () => {
  const file = JSON.parse(readFileSync(new URL('../../spec.json', import.meta.url), 'utf8')) as unknown;
  const result = await runCli('source-elasticsearch', ['spec']);
  assert.equal(result.code, 0);
  assert.equal(result.messages.length, 1);
  assert.deepEqual(JSON.parse(result.lines[0] ?? '{}'), { type: 'SPEC', spec: file });
});
