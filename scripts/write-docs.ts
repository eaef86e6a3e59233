/**
 * Regenerates spec.json, src/destination/spec.json and the option tables of
 * README.md from the config declarations:
 *   node --import tsx scripts/write-docs.ts
 * test/unit/generated-docs.test.ts fails when any of them drifts.
 */
import { writeFileSync } from 'node:fs';
import { generatedFiles } from './generated-docs.js';

for (const file of generatedFiles()) writeFileSync(file.path, file.content);
