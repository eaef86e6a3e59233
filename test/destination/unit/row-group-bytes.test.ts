import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { normaliseRecord } from '../../../src/destination/normalise/normalise-record.js';
import { ParquetConverter } from '../../../src/destination/pipeline/parquet-converter.js';
import { ROW_GROUP_MAX_BYTES } from '../../../src/destination/pipeline/write-parquet.js';
import { allColumns } from '../../../src/destination/schema/column-type.js';
import { jsonSchemaToLayout } from '../../../src/destination/schema/json-schema-to-layout.js';
import { seededRandom } from '../../support/seeded-random.js';

/** DuckDB appends rows to a row group in vectors of this many rows, and checks the byte cap after each. */
const VECTOR_ROWS = 2048;

test('row groups of wide rows are closed at ROW_GROUP_MAX_BYTES, long before the row count, which bounds the writer\'s memory', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'row-group-bytes-'));
  try {
    const layout = jsonSchemaToLayout({ type: 'object', properties: { id: { type: 'integer' }, text: { type: 'string' } } });
    const context = { layout, generationId: 0, syncId: 1 };
    const next = seededRandom(7);
    const textBytes = 2000;
    // Two and a half capped row groups' worth of rows, far below the 122,880-row count.
    const rows = Math.ceil((2.5 * ROW_GROUP_MAX_BYTES) / textBytes);
    const path = join(directory, 'rows.ndjson');
    const out = createWriteStream(path);
    for (let id = 0; id < rows; id++) {
      const text = Array.from({ length: textBytes / 10 }, () => Math.floor(next() * 2 ** 32).toString(36).padStart(10, '0').slice(0, 10)).join('');
      if (!out.write(`${normaliseRecord({ stream: 's', data: { id, text }, emitted_at: 1_700_000_000_000 }, context)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const converter = new ParquetConverter({ memoryLimit: '320MB', threads: 1, tempDirectory: join(directory, 'tmp') });
    const output = join(directory, 'rows.parquet');
    const [file] = await converter.convert({ path, rows, maxLineBytes: 4096 }, allColumns(layout), output, { compression: 'SNAPPY', rowGroupSize: 122_880 });
    assert.equal(file?.rows, rows);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const groups = (await (await connection.run(`SELECT row_group_id, max(row_group_num_rows) AS n FROM parquet_metadata('${output}') GROUP BY row_group_id ORDER BY row_group_id`)).getRowObjects())
        .map((group) => Number(group['n']));
      assert.equal(groups.reduce((sum, n) => sum + n, 0), rows);
      // The cap is on DuckDB's in-memory rows (each at least its text), checked after each vector.
      const largest = Math.ceil(ROW_GROUP_MAX_BYTES / textBytes / VECTOR_ROWS) * VECTOR_ROWS;
      assert.ok(groups.length >= 3, `row groups ${JSON.stringify(groups)}: the byte cap closes them`);
      for (const n of groups) assert.ok(n <= largest, `a row group of ${n} rows holds more than ${ROW_GROUP_MAX_BYTES / 1024 ** 2} MB of text: ${JSON.stringify(groups)}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
