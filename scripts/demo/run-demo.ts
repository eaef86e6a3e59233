/**
 * The demo's steps once the servers run: load sample logs, create the
 * bucket, run `sync` as a user would, then show the Athena DDL and a
 * GROUP BY query over the Parquet files, run with DuckDB.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogBulkItems, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';

const { values } = parseArgs({ options: { es: { type: 'string' }, s3: { type: 'string' }, docs: { type: 'string' }, work: { type: 'string' } } });
const esUrl = values.es!;
const s3Url = values.s3!;
const work = values.work!;
const docs = Number(values.docs ?? 50_000);
const INDEX = 'logs-demo';
const BUCKET = 'demo-lake';
const say = (text: string): void => void process.stderr.write(`[demo] ${text}\n`);

say(`loading ${docs} generated log documents into ${INDEX}`);
await loadDocuments(esUrl, INDEX, generateLogBulkItems({ count: docs }), { mappings: LOG_INDEX_MAPPING, shards: 2, deleteExisting: true });

const s3 = new S3Client({ endpoint: s3Url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' } });
await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);

const configPath = join(work, 'sync-config.json');
const statePath = join(work, 'sync-state.json');
writeFileSync(configPath, JSON.stringify({
  source: { endpoint: { mode: 'nodes', urls: [esUrl] }, include_indices: [INDEX] },
  destination: { bucket: BUCKET, path_prefix: 'elasticsearch', region: 'us-east-1', endpoint: s3Url, path_style: true, credentials: { method: 'access_key', access_key_id: 'minioadmin', secret_access_key: 'minioadmin' } },
}, null, 2));
say(`running: sync --config ${configPath} --state ${statePath}`);
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', 'src/cli/sync.ts', '--config', configPath, '--state', statePath], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('close', resolve);
});
if (code !== 0) throw new Error(`sync exited with ${String(code)}`);

const listing = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'elasticsearch/' }));
const keys = (listing.Contents ?? []).map((object) => object.Key!).sort();
const ddlKey = keys.find((key) => key.endsWith('.sql'));
if (ddlKey !== undefined) {
  const ddl = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: ddlKey }))).Body!.transformToString();
  process.stdout.write(`\n-- Athena DDL (s3://${BUCKET}/${ddlKey}) --\n${ddl}\n`);
}
const local = join(work, 'parquet');
mkdirSync(local, { recursive: true });
const parquetKeys = keys.filter((key) => key.endsWith('.parquet'));
for (const [index, key] of parquetKeys.entries()) {
  const body = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray();
  writeFileSync(join(local, `part-${index}.parquet`), body);
}
process.stdout.write(`\n-- ${parquetKeys.length} Parquet file(s) under s3://${BUCKET}/elasticsearch/${INDEX}/, queried with DuckDB --\n`);
const sql = `SELECT service.name AS service, http.response.status_code AS status, count(*) AS documents
FROM read_parquet('${local}/*.parquet')
GROUP BY ALL ORDER BY count(*) DESC LIMIT 10`;
process.stdout.write(`${sql}\n\n`);
const duckdb = await DuckDBInstance.create(':memory:');
const connection = await duckdb.connect();
const reader = await connection.runAndReadAll(sql);
const columns = reader.columnNames();
const rows = reader.getRowsJS().map((row) => row.map((cell) => String(cell)));
const widths = columns.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
process.stdout.write(`${line(columns)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`);
connection.closeSync();
duckdb.closeSync();
s3.destroy();
