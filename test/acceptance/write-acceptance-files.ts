/**
 * Regenerates the data files of integration_tests/ from the acceptance data
 * set (acceptance-data.ts):
 *
 *   ES_URL=http://127.0.0.1:9200 node --import tsx test/acceptance/write-acceptance-files.ts
 *
 * expected_records.jsonl, sample_state.json and abnormal_state.json come from
 * the generator alone; configured_catalog.json takes the stream schemas of a
 * discover on ES_URL (after loading the data set there). sample_config.json,
 * invalid_config.json and acceptance-test-config.yml (at the repository
 * root) are written by hand.
 * The acceptance suite fails when these files and the data set drift apart.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCEPTANCE_EMPTY_INDEX, ACCEPTANCE_INDEX, abnormalState, expectedRecordLines, loadAcceptanceData, sampleState } from './acceptance-data.js';
import { discoverCatalog, sourceConfig } from '../support/source-harness.js';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../integration_tests');
const url = process.env['ES_URL'];
if (url === undefined || url === '') throw new Error('Set ES_URL to a search engine the data set may be loaded into.');

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync(join(dir, 'expected_records.jsonl'), `${expectedRecordLines().join('\n')}\n`);
writeFileSync(join(dir, 'sample_state.json'), json(sampleState()));
writeFileSync(join(dir, 'abnormal_state.json'), json(abnormalState()));

await loadAcceptanceData(url);
const catalog = await discoverCatalog(sourceConfig(url, { include_indices: ['acceptance-*'] }));
const stream = (name: string) => {
  const found = catalog.streams.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`discover did not offer ${name}`);
  return found;
};
writeFileSync(
  join(dir, 'configured_catalog.json'),
  json({
    streams: [
      { stream: stream(ACCEPTANCE_INDEX), sync_mode: 'incremental', cursor_field: ['@timestamp'], destination_sync_mode: 'append', primary_key: [['_id']] },
      { stream: stream(ACCEPTANCE_EMPTY_INDEX), sync_mode: 'full_refresh', destination_sync_mode: 'overwrite', primary_key: [['_id']] },
    ],
  }),
);
console.error(`wrote the data files of ${dir}`);
