import { createReadStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { parseExactJson, stringifyExactJson } from '../../json/exact-json.js';
import { readLines } from '../../protocol/read-lines.js';
import type { SpoolPart } from './spool.js';

/** Whether a conversion failed because a row of the spool file has a duplicated key, which DuckDB refuses. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof Error && /duplicate key/i.test(error.message);
}

/** Rewritten lines are written in pieces of about this many characters. */
const WRITE_CHUNK_CHARS = 1024 * 1024;

/**
 * Rewrites a spool file with every row serialised again from its parsed
 * value, so that a duplicated key keeps only its last value, as the
 * record's data was parsed and typed (JSON.parse keeps the last one). Rows
 * written from the text a record arrived as (record-line.ts) keep a
 * duplicated key of that text; DuckDB refuses such a row, and the
 * conversion then runs once more on the rewritten file. Every other row
 * is the same values in new text. Replaces the file in place; returns the
 * part with its new size.
 */
export async function rewriteSpoolCanonically(part: SpoolPart): Promise<SpoolPart> {
  const rewritten = `${part.path}.canonical`;
  const handle = await open(rewritten, 'w');
  let bytes = 0;
  let maxLineBytes = 0;
  try {
    let pending = '';
    for await (const line of readLines(createReadStream(part.path))) {
      if (line === '') continue;
      const text = `${stringifyExactJson(parseExactJson(line))}\n`;
      const size = Buffer.byteLength(text);
      bytes += size;
      if (size > maxLineBytes) maxLineBytes = size;
      pending += text;
      if (pending.length >= WRITE_CHUNK_CHARS) {
        await handle.write(pending);
        pending = '';
      }
    }
    await handle.write(pending);
  } finally {
    await handle.close();
  }
  await rename(rewritten, part.path);
  return { ...part, bytes, maxLineBytes };
}
