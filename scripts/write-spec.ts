/**
 * Regenerates spec.json from the source's config declaration:
 *   node --import tsx scripts/write-spec.ts
 * test/unit/spec-file.test.ts fails when the two drift.
 */
import { writeFileSync } from 'node:fs';
import { sourceSpec } from '../src/source/spec.js';

writeFileSync(new URL('../spec.json', import.meta.url), JSON.stringify(sourceSpec(), null, 2) + '\n');
