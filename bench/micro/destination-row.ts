/**
 * Micro-benchmark behind the destination profile: the CPU of the
 * destination's per-record JavaScript work on recorded source output
 * (`bench/run.ts --keep-work` leaves `messages.jsonl` and `catalog.json` in
 * its work directory), stage by stage: reading lines, parsing messages,
 * making rows (the generic walk as it was, and the compiled writer), and
 * the spool's bookkeeping. DuckDB and S3 are not in it.
 * `node --import tsx bench/micro/destination-row.ts <work dir> [records]`
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamSpool } from '../../src/destination/pipeline/spool.js';
import { coerceStruct, type Misfit } from '../../src/destination/normalise/coerce-value.js';
import { normaliseRecord, type RowContext } from '../../src/destination/normalise/normalise-record.js';
import { formatTimestampMicros } from '../../src/destination/normalise/parse-timestamp.js';
import { parseMessages } from '../../src/destination/pipeline/parse-messages.js';
import { jsonSchemaToLayout } from '../../src/destination/schema/json-schema-to-layout.js';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import type { AirbyteRecord, AirbyteRecordMetaChange } from '../../src/protocol/messages.js';
import { readLines } from '../../src/protocol/read-lines.js';
import { randomUUID } from 'node:crypto';

const [workDir = '/tmp/dst-work', limitText = '100000'] = process.argv.slice(2);
const limit = Number(limitText);
const catalog = JSON.parse(readFileSync(`${workDir}/catalog.json`, 'utf8')) as { streams: Array<{ stream: { json_schema: JsonObject } }> };
const context: RowContext = { layout: jsonSchemaToLayout(catalog.streams[0]?.stream.json_schema as JsonObject), generationId: 0, syncId: 1 };

/** The row as the generic walk made it (the code before the compiled writer). */
function genericRow(record: AirbyteRecord): string {
  const misfits: Misfit[] = [];
  const data = coerceStruct(record.data, context.layout.fields, '', misfits);
  const changes: AirbyteRecordMetaChange[] = [...(record.meta?.changes ?? [])].map(({ field, change, reason }) => ({ field, change, reason }));
  let overflow: string | null = null;
  if (misfits.length > 0) {
    const kept: { [pointer: string]: JsonValue } = {};
    for (const misfit of misfits) kept[misfit.pointer] = misfit.value;
    overflow = stringifyExactJson(kept);
  }
  return stringifyExactJson({
    _airbyte_raw_id: randomUUID(),
    _airbyte_extracted_at: formatTimestampMicros(BigInt(Math.trunc(record.emitted_at)) * 1000n),
    _airbyte_generation_id: 0,
    _airbyte_meta: { sync_id: 1, changes },
    ...data,
    _airbyte_overflow: overflow,
  });
}

async function* firstLines(): AsyncGenerator<string> {
  let count = 0;
  for await (const line of readLines(createReadStream(`${workDir}/messages.jsonl`, { highWaterMark: 64 * 1024 }))) {
    yield line;
    if (++count >= limit) return;
  }
}

async function cpu(label: string, run: () => Promise<number>): Promise<void> {
  await run(); // warm-up
  const before = process.cpuUsage();
  const records = await run();
  const used = process.cpuUsage(before);
  const seconds = (used.user + used.system) / 1e6;
  console.log(`${label.padEnd(52)} ${((seconds / records) * 1e6).toFixed(2).padStart(7)} CPU-s per million records`);
}

const lines: string[] = [];
for await (const line of firstLines()) lines.push(line);
const records: AirbyteRecord[] = [];
for await (const received of parseMessages((async function* () { yield* lines; })())) {
  if (received.message.type === 'RECORD') records.push(received.message.record);
}
console.log(`${records.length} records from ${lines.length} lines of ${workDir}/messages.jsonl`);

await cpu('readLines (file, 64 KB chunks)', async () => {
  let count = 0;
  for await (const _ of firstLines()) count++;
  return count;
});
await cpu('parseMessages (lines in memory)', async () => {
  let count = 0;
  for await (const _ of parseMessages((async function* () { yield* lines; })())) count++;
  return count;
});
let bytes = 0;
await cpu('rows: generic walk + stringifyExactJson (before)', async () => {
  for (const record of records) bytes += genericRow(record).length;
  return records.length;
});
await cpu('rows: compiled writer (normaliseRecord)', async () => {
  for (const record of records) bytes += normaliseRecord(record, context).length;
  return records.length;
});
const spoolDir = mkdtempSync(join(tmpdir(), 'destination-row-'));
await cpu('spool: rows appended to a spool file (rows made first)', async () => {
  const rows = records.map((record) => normaliseRecord(record, context));
  const spool = new StreamSpool(spoolDir, 'bench');
  const before = process.cpuUsage();
  for (const [index, row] of rows.entries()) await spool.append(row, index + 1);
  const file = await spool.seal();
  const used = process.cpuUsage(before);
  bytes += file?.bytes ?? 0;
  console.log(`  (of which appending alone: ${(((used.user + used.system) / 1e6 / rows.length) * 1e6).toFixed(2)} CPU-s per million)`);
  return rows.length;
});
rmSync(spoolDir, { recursive: true, force: true });
console.log(`(${bytes} characters and bytes written)`);
