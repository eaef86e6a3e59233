import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generatedFiles } from '../../scripts/generated-docs.js';

test('spec.json files and README option tables are what the config declarations generate', () => {
  for (const file of generatedFiles()) {
    assert.equal(readFileSync(file.path, 'utf8'), file.content, `${file.path} drifted from the config declaration: run node --import tsx scripts/write-docs.ts`);
  }
});
