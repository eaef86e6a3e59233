import { generateLogBulkItems, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import type { JsonObject } from '../../src/sample-data/search-engine-http.js';

/** What was indexed: the document count and the total bytes of `_source` (the JSON text sent). */
export interface Dataset {
  readonly index: string;
  readonly docs: number;
  readonly shards: number;
  readonly sourceBytes: number;
  readonly loadSeconds: number | undefined;
}

/** Total `_source` bytes of the generated documents, recomputed from the deterministic generator (streams). */
export function sourceBytesOf(docs: number): number {
  let bytes = 0;
  for (const item of generateLogBulkItems({ count: docs })) bytes += Buffer.byteLength(item.source);
  return bytes;
}

async function countOf(url: string, index: string): Promise<number | undefined> {
  const response = await fetch(`${url}/${index}/_count`);
  if (!response.ok) return undefined;
  return ((await response.json()) as { count: number }).count;
}

/**
 * Makes sure `index` holds exactly the first `docs` generated log documents in `shards`
 * primary shards: reuses it when `reuse` and the count and shard count match, else
 * deletes and loads it (streamed through `_bulk`), then force-merges it to one segment
 * per shard so every run reads the same layout.
 */
export async function ensureDataset(url: string, index: string, docs: number, shards: number, reuse: boolean, log: (line: string) => void): Promise<Dataset> {
  if (reuse && (await countOf(url, index)) === docs) {
    const settings = (await (await fetch(`${url}/${index}/_settings`)).json()) as Record<string, { settings: { index: { number_of_shards: string } } }>;
    const actual = Number(Object.values(settings)[0]?.settings.index.number_of_shards);
    if (actual === shards) {
      log(`reusing ${index}: ${docs} documents in ${shards} shards`);
      return { index, docs, shards, sourceBytes: sourceBytesOf(docs), loadSeconds: undefined };
    }
  }
  log(`loading ${docs} documents into ${index} (${shards} shards)`);
  const started = Date.now();
  let sourceBytes = 0;
  let next = 0;
  function* counted(): Generator<{ id: string; source: string }> {
    for (const item of generateLogBulkItems({ count: docs })) {
      sourceBytes += Buffer.byteLength(item.source);
      yield item;
    }
  }
  await loadDocuments(url, index, counted(), {
    mappings: LOG_INDEX_MAPPING as unknown as JsonObject,
    shards,
    deleteExisting: true,
    onProgress: (indexed) => {
      if (indexed >= next) {
        log(`  indexed ${indexed} of ${docs}`);
        next += Math.max(100_000, Math.floor(docs / 5));
      }
    },
  });
  // As a task: merging millions of documents takes longer than fetch waits for response headers (300 s).
  const merge = await fetch(`${url}/${index}/_forcemerge?max_num_segments=1&wait_for_completion=false`, { method: 'POST' });
  if (!merge.ok) throw new Error(`force merge of ${index} failed: HTTP ${merge.status}`);
  const { task } = (await merge.json()) as { task: string };
  for (;;) {
    const status = (await (await fetch(`${url}/_tasks/${task}`)).json()) as { completed?: boolean; error?: unknown };
    if (status.error !== undefined) throw new Error(`force merge of ${index} failed: ${JSON.stringify(status.error)}`);
    if (status.completed === true) break;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const count = await countOf(url, index);
  if (count !== docs) throw new Error(`${index} holds ${count} documents after the load, expected ${docs}`);
  log(`loaded ${docs} documents (${(sourceBytes / 1e6).toFixed(1)} MB of _source) in ${loadSeconds.toFixed(1)} s`);
  return { index, docs, shards, sourceBytes, loadSeconds };
}
