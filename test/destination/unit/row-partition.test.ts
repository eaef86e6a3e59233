import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { normaliseRecord, type RowContext } from '../../../src/destination/normalise/normalise-record.js';
import { compileRowPartition } from '../../../src/destination/partition/row-partition.js';
import type { Granularity } from '../../../src/destination/partition/partition-scheme.js';
import { ParquetConverter } from '../../../src/destination/pipeline/parquet-converter.js';
import { MAX_PARTITION_FILES, StreamSpool } from '../../../src/destination/pipeline/spool.js';
import { allColumns } from '../../../src/destination/schema/column-type.js';
import { jsonSchemaToLayout } from '../../../src/destination/schema/json-schema-to-layout.js';
import type { JsonValue } from '../../../src/json/json-value.js';
import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../../src/protocol/messages.js';
import { seededRandom as random } from '../../support/seeded-random.js';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Values a timestamp or date column meets: ISO text with and without zones and fractions, epoch millis, dates, and values that do not fit. */
function value(next: () => number): JsonValue | undefined {
  const year = next() < 0.05 ? Math.floor(next() * 3) * 9999 : 1960 + Math.floor(next() * 80);
  const date = `${pad(year, 4)}-${pad(1 + Math.floor(next() * 12), 2)}-${pad(1 + Math.floor(next() * 31), 2)}`;
  const time = `${pad(Math.floor(next() * 24), 2)}:${pad(Math.floor(next() * 60), 2)}:${pad(Math.floor(next() * 60), 2)}`;
  const zone = ['Z', '+02:00', '-05:30', '+14:00', '-12:00', ''][Math.floor(next() * 6)] ?? 'Z';
  const fraction = next() < 0.5 ? '' : `.${pad(Math.floor(next() * 1e6), 6).slice(0, 1 + Math.floor(next() * 6))}`;
  const millis = Math.floor((next() - 0.3) * 4e12);
  const picks: Array<JsonValue | undefined> = [`${date}T${time}${fraction}${zone}`, `${date} ${time}${zone}`, date, millis, String(millis), null, undefined, 'yesterday', true, 1.5, '2024-02-30T00:00:00Z'];
  return picks[Math.floor(next() * picks.length)];
}

test('the partition of a row computed from its record is the one writeParquet SQL gives it, for timestamp and date columns at every granularity', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'row-partition-'));
  try {
    const layout = jsonSchemaToLayout({
      type: 'object',
      properties: { id: { type: 'integer' }, t: { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' }, d: { type: 'string', format: 'date' } },
    });
    const context: RowContext = { layout, generationId: 0, syncId: 1 };
    const columns = allColumns(layout);
    const next = random(5);
    const records: AirbyteRecord[] = [];
    for (let id = 0; id < 3000; id++) {
      const data: Record<string, JsonValue> = { id };
      const t = value(next);
      const d = value(next);
      if (t !== undefined) data['t'] = t;
      if (d !== undefined) data['d'] = d;
      records.push({ stream: 's', emitted_at: 1, data });
    }
    // One record whose partition column fit-row nulled: its row has null there.
    const nulledOne: readonly AirbyteRecordMetaChange[] = [{ field: '/t', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' }];
    records[0] = { stream: 's', emitted_at: 1, data: { id: 0, t: '2024-05-01T00:00:00Z', d: '2024-05-01' } };
    const lines = records.map((record, index) => {
      // (the row writer writes the nulled column itself only in fit-row's slow path; here it is nulled by hand)
      const line = normaliseRecord(record, context, index === 0 ? nulledOne : []);
      return index === 0 ? line.replace(/"t":"2024-05-01T00:00:00[^"]*"/, '"t":null') : line;
    });
    assert.match(lines[0] ?? '', /"t":null/, 'the nulled column is null in its row');
    const path = join(directory, 'rows.ndjson');
    await writeFile(path, `${lines.join('\n')}\n`);
    const converter = new ParquetConverter({ memoryLimit: '256MB', threads: 1, tempDirectory: join(directory, 'tmp') });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    let partitionsSeen = 0;
    try {
      for (const column of ['t', 'd'] as const) {
        for (const granularity of ['day', 'hour', 'month'] as Granularity[]) {
          const field = columns.find((candidate) => candidate.name === column);
          assert.ok(field !== undefined);
          const partitionOf = compileRowPartition(field, granularity);
          const output = join(directory, `${column}-${granularity}`);
          const files = await converter.convert({ path, rows: lines.length, maxLineBytes: 4096 }, columns, output, { compression: 'SNAPPY', rowGroupSize: 122880, partition: { column, granularity } });
          const byId = new Map<number, string>();
          for (const file of files) {
            const rows = await (await connection.run(`SELECT id FROM read_parquet('${file.path}')`)).getRowObjectsJson();
            for (const row of rows) byId.set(Number(row['id']), file.partition ?? 'none');
          }
          assert.equal(byId.size, records.length, `${column} ${granularity}: every row written once`);
          records.forEach((record, index) => {
            const expected = byId.get(Number(record.data['id']));
            assert.equal(partitionOf(record, index === 0 ? nulledOne : []), expected, `${column} ${granularity}: ${JSON.stringify(record.data)}`);
          });
          partitionsSeen += files.length;
        }
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    assert.ok(partitionsSeen > 2000, `the values span many partitions (${partitionsSeen} files)`);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('a batch gives each of its first partitions a file of its own and shares one file among the rest; together they hold every row once', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'spool-partitions-'));
  try {
    const spool = new StreamSpool(directory, 's');
    const partitions = ['2024-01-03', '2024-01-01', '2024-01-03', '2024-01-02', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-01', '2024-01-05'];
    for (const [index, partition] of partitions.entries()) await spool.append(`{"i":${index}}`, index + 1, partition);
    await spool.append('{"i":"none"}', partitions.length + 1);
    const file = await spool.seal();
    assert.ok(file !== undefined);
    assert.equal(file.rows, partitions.length + 1);
    assert.equal(file.firstSeq, 1);
    const own = file.parts.filter((part) => part.partition !== undefined);
    assert.deepEqual(own.map((part) => part.partition), ['2024-01-03', '2024-01-01', '2024-01-02', '2024-01-04'], `the first ${MAX_PARTITION_FILES} partitions get files`);
    assert.deepEqual(own.map((part) => part.rows), [2, 2, 1, 1]);
    const shared = file.parts.filter((part) => part.partition === undefined);
    assert.equal(shared.length, 1, 'one shared file for the later partitions and the row without one');
    assert.equal(shared[0]?.rows, 4);
    assert.equal(file.parts.reduce((sum, part) => sum + part.bytes, 0), file.bytes);
    assert.equal(await spool.seal(), undefined, 'the next batch starts empty');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
