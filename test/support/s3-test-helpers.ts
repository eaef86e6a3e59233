/**
 * Test helpers for the real S3 server (MinIO, started by
 * scripts/servers/start-minio.sh) and the independent Parquet readers
 * (test/support/inspect_parquet.py with pyarrow, inspect_parquet_duckdb.py with
 * python duckdb; venv made by scripts/setup-python.sh).
 *
 * Nothing here is a mock: every call goes to the S3 endpoint named by the
 * environment, and every Parquet inspection runs a separate Python process.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { isInteger, isSafeNumber, parse as losslessParse } from 'lossless-json';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Repository root (test/support/../..). */
export const REPO_ROOT = resolve(HERE, '..', '..');

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

export interface S3TestEnv {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/**
 * S3 connection settings for tests, from S3_ENDPOINT, S3_ACCESS_KEY_ID,
 * S3_SECRET_ACCESS_KEY (and optional S3_REGION, default us-east-1 — the region
 * start-minio.sh configures). Throws when they are missing: integration tests
 * must never be skipped silently.
 */
export function s3TestEnv(): S3TestEnv {
  const endpoint = process.env.S3_ENDPOINT;
  const accessKeyId = process.env.S3_ACCESS_KEY_ID;
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY;
  const missing = [
    ['S3_ENDPOINT', endpoint],
    ['S3_ACCESS_KEY_ID', accessKeyId],
    ['S3_SECRET_ACCESS_KEY', secretAccessKey],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0 || !endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error(
      `S3 integration test environment missing: ${missing.join(', ')} not set. ` +
        `Run the tests with \`npm test\`, which starts a real MinIO server ` +
        `(scripts/servers/start-minio.sh) and exports these variables. ` +
        `These tests are never skipped.`,
    );
  }
  return { endpoint, accessKeyId, secretAccessKey, region: process.env.S3_REGION || 'us-east-1' };
}

let cachedClient: { key: string; client: S3Client } | undefined;

/** An S3 client for the test server (path-style, no retries hiding errors). */
export function s3Client(env: S3TestEnv = s3TestEnv()): S3Client {
  const key = JSON.stringify(env);
  if (cachedClient?.key === key) return cachedClient.client;
  const client = new S3Client({
    endpoint: env.endpoint,
    region: env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    // The tests' own setup and read-back client: a kept-alive socket that MinIO closed while a test was busy
    // elsewhere (the image builds take minutes) answers "socket hang up" once; the SDK's retry of such
    // transient errors keeps that from failing a test. Errors a test expects (AccessDenied…) are not retried.
    maxAttempts: 3,
  });
  cachedClient = { key, client };
  return client;
}

/** A unique, valid bucket name with the given prefix (for test isolation). */
export function uniqueBucketName(prefix = 'espq-test'): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${Date.now().toString(36)}-${rand}`.toLowerCase().slice(0, 63);
}

// ---------------------------------------------------------------------------
// Bucket / object helpers
// ---------------------------------------------------------------------------

export async function createBucket(name: string): Promise<void> {
  await s3Client().send(new CreateBucketCommand({ Bucket: name }));
}

export async function putObject(bucket: string, key: string, body: Buffer | Uint8Array | string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** All keys under prefix (paginated), sorted. */
export async function listKeys(bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const res = await s3Client().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of res.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

export async function getObject(bucket: string, key: string): Promise<Buffer> {
  const res = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!res.Body) throw new Error(`GetObject s3://${bucket}/${key} returned no body`);
  return Buffer.from(await res.Body.transformToByteArray());
}

/** Aborts pending multipart uploads, deletes every object, then the bucket. Missing bucket is fine. */
/** Copies every object under `prefix` to `directory`, keeping the key layout below the prefix (a Hive-partitioned copy for local readers). */
export async function downloadPrefix(bucket: string, prefix: string, directory: string): Promise<void> {
  for (const key of await listKeys(bucket, prefix)) {
    const path = join(directory, key.slice(prefix.length));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await getObject(bucket, key));
  }
}

export async function deleteBucketRecursive(bucket: string): Promise<void> {
  const client = s3Client();
  try {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const res = await client.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const u of res.Uploads ?? []) {
        if (u.Key && u.UploadId) {
          await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
        }
      }
      keyMarker = res.IsTruncated ? res.NextKeyMarker : undefined;
      uploadIdMarker = res.IsTruncated ? res.NextUploadIdMarker : undefined;
    } while (keyMarker);

    const keys = await listKeys(bucket);
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const res = await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (res.Errors && res.Errors.length > 0) {
        const e = res.Errors[0];
        throw new Error(`DeleteObjects in ${bucket} failed for ${res.Errors.length} keys, e.g. ${e?.Key}: ${e?.Code} ${e?.Message}`);
      }
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchBucket') return;
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Independent Parquet inspection (Python: pyarrow / duckdb)
// ---------------------------------------------------------------------------

/** JSON value as parsed losslessly: unsafe integers (|n| > 2^53-1) are bigint. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };
export type ParquetRow = Record<string, JsonValue>;

/**
 * One file's inspection. Value conventions (see inspect_parquet.py):
 * timestamps are ISO-8601 strings ("...Z" when UTC-adjusted, digits per unit;
 * duckdb always uses 6 or 9), dates "YYYY-MM-DD", decimals/bytes strings,
 * NaN/±Infinity as strings, maps as [{key, value}], integers exact.
 */
export interface ParquetInspection {
  /** Path that was read (a temp file when a Buffer was given). */
  file: string;
  num_rows: number;
  num_row_groups: number;
  row_group_rows: number[];
  /** Sorted unique codecs over all column chunks, e.g. ["SNAPPY"]. */
  codecs: string[];
  created_by: string | null;
  /** column -> type (pyarrow: arrow type string, duckdb: DuckDB type name). */
  schema: Record<string, string>;
  /** column -> the same type spelled out as a {@link TypeTree}. */
  type_tree: Record<string, TypeTree>;
  /** Parquet physical/logical schema, rendered by the engine. */
  parquet_schema: string;
  /** Present unless `rows: false`. */
  rows?: ParquetRow[];
}

/**
 * A column type as the reader sees it: a leaf is the engine's type name
 * (pyarrow `int64`, `timestamp[us, tz=UTC]`; DuckDB `BIGINT`, `TIMESTAMP WITH TIME ZONE`),
 * nested types are spelled out.
 */
export type TypeTree = string | { struct: Record<string, TypeTree> } | { list: TypeTree } | { map: [TypeTree, TypeTree] };

export type ParquetEngine = 'pyarrow' | 'duckdb';

export interface InspectOptions {
  engine?: ParquetEngine;
  /** Include rows (default true). */
  rows?: boolean;
}

/** Venv python made by scripts/setup-python.sh. */
export function venvPython(): string {
  const cache = process.env.ESPQ_CACHE || join(REPO_ROOT, '.cache');
  const py = join(cache, 'venv', 'bin', 'python');
  if (!existsSync(py)) {
    throw new Error(
      `Python venv not found at ${py}. Run \`npm test\` (or scripts/setup-python.sh) to create it.`,
    );
  }
  return py;
}

const execFileP = promisify(execFile);

/** Path of the MinIO client `mc` (built once by scripts/servers/ensure-mc.sh into the cache). */
export async function minioClientPath(): Promise<string> {
  const { stdout } = await execFileP(join(REPO_ROOT, 'scripts/servers/ensure-mc.sh'), []);
  return stdout.trim();
}

/** JSON number parser: safe numbers -> number, unsafe integers -> bigint (exact). */
export function parseJsonNumber(value: string): number | bigint {
  return isInteger(value) && !isSafeNumber(value) ? BigInt(value) : Number(value);
}

/** Lossless JSON parse (bigints for integers beyond Number.MAX_SAFE_INTEGER). */
export function parseJsonLossless(text: string): unknown {
  return losslessParse(text, null, parseJsonNumber);
}

function runPython(args: string[]): Promise<string> {
  const py = venvPython();
  return new Promise((resolvePromise, reject) => {
    execFile(py, args, { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${py} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      } else {
        resolvePromise(stdout);
      }
    });
  });
}

/**
 * Reads Parquet files (Buffers are written to temp files first) with an
 * independent reader and returns one inspection per input, in input order.
 */
export async function inspectParquet(
  input: Buffer | Uint8Array | string | ReadonlyArray<Buffer | Uint8Array | string>,
  options: InspectOptions = {},
): Promise<ParquetInspection[]> {
  const engine = options.engine ?? 'pyarrow';
  const items = (Array.isArray(input) ? input : [input]) as ReadonlyArray<Buffer | Uint8Array | string>;
  if (items.length === 0) return [];
  const script = join(HERE, engine === 'duckdb' ? 'inspect_parquet_duckdb.py' : 'inspect_parquet.py');
  let dir: string | undefined;
  try {
    const paths: string[] = [];
    for (const [i, item] of items.entries()) {
      if (typeof item === 'string') {
        paths.push(resolve(item));
      } else {
        dir ??= await mkdtemp(join(tmpdir(), 'espq-inspect-'));
        const p = join(dir, `input-${i}.parquet`);
        await writeFile(p, item);
        paths.push(p);
      }
    }
    const args = [script, ...(options.rows === false ? ['--no-rows'] : []), ...paths];
    const stdout = await runPython(args);
    const results = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => parseJsonLossless(line) as ParquetInspection);
    if (results.length !== items.length) {
      throw new Error(`inspect (${engine}) returned ${results.length} results for ${items.length} files`);
    }
    return results;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** Convenience: inspect a single file/buffer. */
export async function inspectParquetOne(
  input: Buffer | Uint8Array | string,
  options: InspectOptions = {},
): Promise<ParquetInspection> {
  const [r] = await inspectParquet([input], options);
  if (!r) throw new Error('inspectParquet returned no result');
  return r;
}
