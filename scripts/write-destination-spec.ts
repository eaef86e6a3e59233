/**
 * Regenerates src/destination/spec.json from the config declaration:
 *   node --import tsx scripts/write-destination-spec.ts
 * test/destination/unit/spec.test.ts fails when the file and the declaration drift.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { destinationSpec } from '../src/destination/spec.js';

export const DESTINATION_SPEC_PATH = fileURLToPath(new URL('../src/destination/spec.json', import.meta.url));

/** The exact text of spec.json. */
export function destinationSpecText(): string {
  return `${JSON.stringify(destinationSpec(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(DESTINATION_SPEC_PATH, destinationSpecText());
  console.error(`wrote ${DESTINATION_SPEC_PATH}`);
}
