import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { engines, openSearchContexts } from '../support/engines.js';
import { discoverCatalog, tempJson } from '../support/source-harness.js';
import { createBucket, getObject, inspectParquet, listKeys, s3TestEnv, uniqueBucketName, type ParquetEngine, type ParquetInspection } from '../support/s3-test-helpers.js';
import { streamProperties, type DeclaredType } from '../support/declared-type.js';
import { plainJsonObject } from '../support/conform-oracle.js';
import { checkOverflow, checkParquetRow, emptyRowCheck, expectedTypeTree } from '../support/parquet-oracle.js';
import { detectAvailableFieldTypes } from '../fixtures/crafted/detect-field-types.js';
import { loadCraftedFixtures, type CraftedFixtures } from '../fixtures/crafted/load-crafted-fixtures.js';
import { expectedSource } from '../fixtures/crafted/crafted-index.js';
import { isJsonObject, type JsonObject } from '../../src/json/json-value.js';

/** Runs the standalone sync (src/cli/sync.ts) to its end. */
function runSync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', 'src/cli/sync.ts', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const META_COLUMNS = ['_airbyte_raw_id', '_airbyte_extracted_at', '_airbyte_generation_id', '_airbyte_meta', '_airbyte_overflow'];
const READERS: readonly ParquetEngine[] = ['pyarrow', 'duckdb'];

for (const engine of engines()) {
  describe(`sync of the crafted index on ${engine.name} into Parquet`, () => {
    const s3 = s3TestEnv();
    let available: Set<string>;
    let fixtures: CraftedFixtures;
    let properties: ReadonlyMap<string, DeclaredType>;
    let keys: string[];
    const files = new Map<ParquetEngine, ParquetInspection[]>();
    // page_size 7 spreads the 26 documents over several pages.
    const source = { endpoint: { mode: 'nodes', urls: [engine.url] }, include_indices: ['crafted'], page_size: 7 };

    before(async () => {
      available = await detectAvailableFieldTypes(engine.url);
      fixtures = await loadCraftedFixtures(engine.url, available);
      // The sync discovers the same schema (discover samples with a fixed seed).
      const catalog = await discoverCatalog(source);
      assert.deepEqual(catalog.streams.map((stream) => stream.name), ['crafted']);
      properties = streamProperties(catalog.streams[0]!.json_schema);
      const bucket = uniqueBucketName(`crafted-${engine.name}`);
      await createBucket(bucket);
      const destination = {
        bucket,
        region: s3.region,
        endpoint: s3.endpoint,
        path_style: true,
        credentials: { method: 'access_key', access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey },
      };
      const run = await runSync(['--config', tempJson({ source, destination }), '--state', tempJson([])]);
      assert.equal(run.code, 0, run.stderr);
      keys = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet'));
      const bodies = await Promise.all(keys.map((key) => getObject(bucket, key)));
      for (const reader of READERS) files.set(reader, await inspectParquet(bodies, { engine: reader }));
    });

    test('the sync wrote the crafted stream, one row per document, and closed its point in time', async () => {
      assert.ok(keys.length >= 1, 'at least one Parquet file');
      for (const key of keys) assert.match(key, /(^|\/)crafted\//, key);
      for (const reader of READERS) {
        const rows = files.get(reader)!.flatMap((file) => file.rows ?? []);
        assert.deepEqual(rows.map((row) => String(row['_id'])).sort(), [...fixtures.documentIds].sort(), reader);
        for (const row of rows) assert.equal(row['_index'], 'crafted', reader);
      }
      assert.equal(await openSearchContexts(engine.url), 0, 'no PIT or scroll left open');
    });

    for (const reader of READERS) {
      test(`${reader}: each column has the type of its property in the stream schema`, () => {
        for (const file of files.get(reader)!) {
          const expected = new Map([...properties].map(([name, declared]) => [name, expectedTypeTree(declared, reader)] as const));
          const string = reader === 'pyarrow' ? 'string' : 'VARCHAR';
          assert.deepEqual(Object.keys(file.type_tree).sort(), [...expected.keys(), ...META_COLUMNS].sort(), 'the columns');
          for (const [name, tree] of expected) assert.deepEqual(file.type_tree[name], tree, `column ${name}`);
          assert.equal(file.type_tree['_airbyte_overflow'], string);
          assert.equal(file.type_tree['_airbyte_extracted_at'], expectedTypeTree({ kind: 'timestamp', epoch: 'millis' }, reader));
          // The README's list, spelled as the reader spells it: a wrong mapping cannot hide behind expectedTypeTree.
          const spelled = reader === 'pyarrow'
            ? { long_field: { list: 'int64' }, double_field: { list: 'double' }, boolean_field: { list: 'bool' }, date_field: { list: 'timestamp[us, tz=UTC]' }, half_float_field: 'double', binary_field: 'string' }
            : { long_field: { list: 'BIGINT' }, double_field: { list: 'DOUBLE' }, boolean_field: { list: 'BOOLEAN' }, date_field: { list: 'TIMESTAMP WITH TIME ZONE' }, half_float_field: 'DOUBLE', binary_field: 'VARCHAR' };
          for (const [name, tree] of Object.entries(spelled)) assert.deepEqual(file.type_tree[name], tree, `column ${name}`);
          const geo = file.type_tree['geo_point_field'];
          assert.ok(typeof geo === 'object' && 'list' in geo && typeof geo.list === 'object' && 'struct' in geo.list, 'geo_point is a list of structs');
          // And in the Parquet schema itself: physical types, timestamps adjusted to UTC in microseconds.
          const utcMicros = reader === 'pyarrow' ? 'Timestamp\\(isAdjustedToUTC=true, timeUnit=microseconds' : 'TimestampType\\(isAdjustedToUTC=1, unit=TimeUnit\\(MILLIS=<null>, MICROS=MicroSeconds\\(\\)';
          for (const [column, element] of [['long_field', 'int64'], ['double_field', 'double'], ['boolean_field', 'boolean'], ['date_field', `int64[^\\n]*${utcMicros}`]] as const) {
            assert.match(file.parquet_schema, new RegExp(`group[^\\n]* ${column} [^\\n]*\\{\\n\\s*repeated group[^\\n]*\\n\\s*optional ${element}`), `Parquet type of ${column}`);
          }
        }
      });

      test(`${reader}: every value of every document is in its typed column or, exactly, in _airbyte_overflow with a change`, () => {
        const rows = files.get(reader)!.flatMap((file) => file.rows ?? []).map(plainJsonObject);
        // The document's own fields: _id and _index are the source's additions.
        const declared = new Map([...properties].filter(([name]) => name !== '_id' && name !== '_index'));
        const problems: string[] = [];
        const misfits: string[] = [];
        const typed: string[] = [];
        for (const row of rows) {
          const id = String(row['_id']);
          const check = emptyRowCheck();
          const data: JsonObject = Object.fromEntries([...declared.keys()].map((name) => [name, row[name] ?? null]));
          checkParquetRow(plainJsonObject(expectedSource(id, available)), data, declared, check, id);
          checkOverflow(row, check, id);
          problems.push(...check.problems);
          misfits.push(...[...check.misfits.keys()].map((pointer) => `${id}#${pointer}`));
          typed.push(...check.typed);
          const meta = row['_airbyte_meta'];
          assert.ok(isJsonObject(meta) && Array.isArray(meta['changes']), `${id}: _airbyte_meta.changes is a list`);
        }
        assert.deepEqual(problems, [], 'values not where the README says they are');

        // Values the fixture was built with, that a typed column cannot hold, are in the overflow...
        const expectedMisfits = [
          'coerced-strings#/integer_field/0', // 7.9 in an integer field
          'geo-geohash#/geo_point_field/0', // a geohash
          'arrays-of-arrays#/keyword_field/0', // a list where a string is declared
          'arrays-of-arrays#/short_field/1',
          'typical-1#/date_nanos_field/0', // nanoseconds beyond the column's microseconds
          'dates#/date_nanos_field/0', // the same with an offset
          'dates-extreme#/date_nanos_field/0',
          ...(available.has('unsigned_long')
            ? ['unsigned-long-max#/unsigned_long_field/0', 'long-extremes#/unsigned_long_field/0', 'coerced-strings#/unsigned_long_field/0'] // above INT64
            : []),
        ];
        for (const misfit of expectedMisfits) assert.ok(misfits.includes(misfit), `${misfit} is in _airbyte_overflow (misfits: ${misfits.join(', ')})`);
        // ...and the values that convert without loss are in their typed columns.
        const expectedTyped = [
          'coerced-strings#/long_field/0', // "42"
          'coerced-strings#/double_field/0', // "3.14"
          'coerced-strings#/boolean_field/0', // "false"
          'coerced-strings#/date_field/0', // epoch millis
          'dates#/date_range_field/gte', // epoch millis in a range
          'dates#/date_field/0', // a date alone
          'dates#/date_custom_field', // epoch millis in a string column
          'geo-string#/geo_point_field/0',
          'geo-array#/geo_point_field/0',
          'geo-wkt#/geo_point_field/0',
          'long-extremes#/long_field/0', // INT64 max
          'long-extremes#/long_field/1', // INT64 min
          'big-long#/long_field/0', // 2^53 + 1
          'float-precision#/double_field/3', // 5e-324
          'large-1mb#/text_field/0',
          'control-chars#/text_field/0',
        ];
        for (const value of expectedTyped) assert.ok(typed.includes(value), `${value} is in its typed column`);
      });
    }
  });
}
