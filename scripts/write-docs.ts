/**
 * Regenerates spec.json and the config tables of README.md from the config
 * declarations: node --import tsx scripts/write-docs.ts
 * test/unit/docs-in-sync.test.ts fails when they drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { JsonObject } from '../src/json/json-value.js';
import { SOURCE_CONFIG_SCHEMA } from '../src/source/config/source-config-schema.js';
import { sourceSpec } from '../src/source/spec.js';
import { configTable, replaceBetweenMarkers } from './config-table.js';

writeFileSync(new URL('../spec.json', import.meta.url), JSON.stringify(sourceSpec(), null, 2) + '\n');
const readmeUrl = new URL('../README.md', import.meta.url);
writeFileSync(readmeUrl, replaceBetweenMarkers(readFileSync(readmeUrl, 'utf8'), 'source-config', configTable(SOURCE_CONFIG_SCHEMA as unknown as JsonObject)));
