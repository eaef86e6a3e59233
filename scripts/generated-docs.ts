import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '../src/json/json-value.js';
import { DESTINATION_CONFIG_SCHEMA } from '../src/destination/config/destination-config-schema.js';
import { destinationSpec } from '../src/destination/spec.js';
import { SOURCE_CONFIG_SCHEMA } from '../src/source/config/source-config-schema.js';
import { sourceSpec } from '../src/source/spec.js';
import { configTable, replaceBetweenMarkers } from './config-table.js';

const at = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/**
 * Every file derived from the config declarations, with the content it must
 * have: both spec.json files and README.md's option tables.
 * `scripts/write-docs.ts` writes them; test/unit/generated-docs.test.ts checks them.
 */
export function generatedFiles(): Array<{ path: string; content: string }> {
  const readmePath = at('README.md');
  let readme = readFileSync(readmePath, 'utf8');
  readme = replaceBetweenMarkers(readme, 'source-config', configTable(SOURCE_CONFIG_SCHEMA as unknown as JsonObject));
  readme = replaceBetweenMarkers(readme, 'destination-config', configTable(DESTINATION_CONFIG_SCHEMA as unknown as JsonObject));
  return [
    { path: at('spec.json'), content: `${JSON.stringify(sourceSpec(), null, 2)}\n` },
    { path: at('src/destination/spec.json'), content: `${JSON.stringify(destinationSpec(), null, 2)}\n` },
    { path: readmePath, content: readme },
  ];
}
