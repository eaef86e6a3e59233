/**
 * "Nothing acknowledged is lost" for `write`: each echoed STATE was sent, in
 * order, and every record sent before it is a row of the Parquet objects in
 * the bucket (read back with pyarrow, an independent reader).
 */
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject } from '../../src/json/json-value.js';
import { getObject, inspectParquet, listKeys } from '../support/s3-test-helpers.js';
import type { ParsedRun } from './output-checks.js';
import { preview } from './output-checks.js';
import type { InputLine } from './write-streams.js';

/** The keys of a bucket already seen, so each case reads only the objects it wrote. */
export class BucketWatcher {
  private readonly seen = new Set<string>();
  constructor(readonly bucket: string) {}

  /** Keys that appeared since the last call. */
  async newKeys(): Promise<string[]> {
    const fresh = (await listKeys(this.bucket)).filter((key) => !this.seen.has(key));
    for (const key of fresh) this.seen.add(key);
    return fresh;
  }
}

/** `id`s of the rows of `run` in the Parquet objects among `keys`. */
export async function storedIds(bucket: string, keys: readonly string[], run: string): Promise<Set<number>> {
  const parquet = keys.filter((key) => key.endsWith('.parquet'));
  const ids = new Set<number>();
  if (parquet.length === 0) return ids;
  const files = await inspectParquet(await Promise.all(parquet.map((key) => getObject(bucket, key))));
  for (const file of files) {
    for (const row of file.rows ?? []) {
      // A catalog mutation may drop the run or id column (the value is then in _airbyte_overflow) or make id text ("3" is record 3 too).
      const overflow = typeof row['_airbyte_overflow'] === 'string' ? (JSON.parse(row['_airbyte_overflow']) as Record<string, unknown>) : {};
      const rowRun = row['run'] ?? overflow['/run'];
      const rawId = row['id'] ?? overflow['/id'];
      const id = typeof rawId === 'string' ? rawId.replace(/^"(.*)"$/, '$1') : rawId;
      // A column of no declared type holds the value as JSON text.
      if ((rowRun === run || rowRun === JSON.stringify(run)) && (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)))) ids.add(Number(id));
    }
  }
  return ids;
}

/**
 * Findings for the STATEs `write` echoed: each one was sent (in order, none
 * twice); the records sent before it are stored; on exit 0 the last valid
 * STATE sent was echoed (an unexpected one may be echoed, or not). `stored` are the ids found in the bucket after the run.
 */
export function acknowledgementFindings(parsed: ParsedRun, input: readonly InputLine[], stored: ReadonlySet<number>): string[] {
  const findings: string[] = [];
  const echoed = parsed.messages.filter((message): message is JsonObject => message?.['type'] === 'STATE');
  let cursor = 0;
  for (const state of echoed) {
    const at = input.findIndex((line, index) => index >= cursor && line.state !== undefined && isDeepStrictEqual(line.state, JSON.parse(JSON.stringify(state))));
    if (at < 0) {
      findings.push(`write echoed a STATE that was not sent (or out of order): ${preview(JSON.stringify(state))}`);
      continue;
    }
    const missing = input.slice(0, at).filter((line) => line.id !== undefined && !stored.has(line.id)).map((line) => line.id);
    if (missing.length > 0) findings.push(`write echoed the STATE of input line ${at + 1} but the records ${missing.join(', ')} sent before it are not in the objects written (acknowledged data lost)`);
    cursor = at + 1;
  }
  const lastSent = input.reduce((last, line, index) => (line.state === undefined || line.mutated === true ? last : index), -1);
  if (parsed.run.code === 0 && lastSent >= 0 && cursor !== lastSent + 1) findings.push(`write exited 0 without echoing the last STATE sent (input line ${lastSent + 1})`);
  return findings;
}
