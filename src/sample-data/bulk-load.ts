import {
  describeError, isJsonObject, requestJson, searchEngineTarget,
  type JsonObject, type JsonValue, type SearchEngineTarget,
} from './search-engine-http.js';

/** One document to index: its `_id` and its `_source` as JSON text (sent verbatim, so big integers stay exact). */
export interface BulkItem {
  readonly id: string;
  readonly source: string;
}

/** Options of {@link loadDocuments}. Every field is optional. */
export interface LoadOptions {
  /** Create the index before loading (default true). False to load into an existing index or data stream. */
  readonly createIndex?: boolean;
  /** Delete an existing index of the same name first (default false: an existing index is an error). */
  readonly deleteExisting?: boolean;
  /** The `mappings` object of the created index. */
  readonly mappings?: JsonObject;
  /** Extra index settings of the created index, merged over the defaults. */
  readonly settings?: JsonObject;
  /** `number_of_shards` of the created index (default 1). Replicas are always 0. */
  readonly shards?: number;
  /** Headers sent with every request, for example `authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Approximate maximum size of one `_bulk` body in bytes (default 5 MiB). A single larger document is sent alone. */
  readonly chunkBytes?: number;
  /** How many `_bulk` requests may be in flight at once (default 2). */
  readonly concurrency?: number;
  /** Bulk action: `index` (default) or `create` (required for data streams). */
  readonly opType?: 'index' | 'create';
  /** Called after each acknowledged `_bulk` request with the running total of documents indexed. */
  readonly onProgress?: (indexed: number) => void;
  readonly signal?: AbortSignal;
}

/** What {@link loadDocuments} did. */
export interface LoadResult {
  readonly index: string;
  readonly documents: number;
  readonly bulkRequests: number;
}

const DEFAULT_CHUNK_BYTES = 5 * 1024 * 1024;
const MAX_REJECTION_RETRIES = 6;

/**
 * Loads `docs` into `index` through `_bulk` and then `_refresh`es it.
 *
 * Contract:
 * - Unless `createIndex` is false, creates the index with `mappings`,
 *   `settings`, `shards` shards and 0 replicas (refresh disabled during the
 *   load, restored to the default afterwards).
 * - Streams: pulls `docs` lazily and holds at most `concurrency` bodies of
 *   about `chunkBytes` each, so a million documents need no more memory than
 *   a few chunks.
 * - Fails loudly: throws on any HTTP error and on any item error (naming the
 *   first few ids and reasons). Whole chunks whose only failures are 429
 *   rejections are re-sent with backoff; with explicit ids that is idempotent.
 * - `source` must be one JSON object; line breaks in it (only possible as
 *   whitespace in valid JSON) are replaced by spaces to keep NDJSON framing.
 */
export async function loadDocuments(url: string, index: string, docs: Iterable<BulkItem> | AsyncIterable<BulkItem>, options: LoadOptions = {}): Promise<LoadResult> {
  const target = searchEngineTarget(url, options.headers);
  const path = `/${encodeURIComponent(index)}`;
  const signalOption = options.signal === undefined ? {} : { signal: options.signal };
  const createIndex = options.createIndex ?? true;
  if (createIndex) {
    if (options.deleteExisting === true) await requestJson(target, 'DELETE', path, { okStatuses: [404], ...signalOption });
    const settings: JsonObject = {
      number_of_shards: options.shards ?? 1,
      number_of_replicas: 0,
      refresh_interval: '-1',
      ...(options.settings ?? {}),
    };
    const body: JsonObject = { settings };
    if (options.mappings !== undefined) body['mappings'] = options.mappings;
    await requestJson(target, 'PUT', path, { body, ...signalOption });
  }

  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const action = options.opType ?? 'index';
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let documents = 0;
  let bulkRequests = 0;
  let lines: string[] = [];
  let lineBytes = 0;
  let lineDocs = 0;

  const flush = async (): Promise<void> => {
    if (lineDocs === 0) return;
    const body = lines.join('');
    const count = lineDocs;
    lines = [];
    lineBytes = 0;
    lineDocs = 0;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    const request = sendBulk(target, path, body, options.signal).then(
      () => {
        documents += count;
        bulkRequests += 1;
        options.onProgress?.(documents);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    const tracked = request.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  try {
    for await (const doc of docs) {
      if (failure !== undefined) break;
      const line = `${JSON.stringify({ [action]: { _id: doc.id } })}\n${doc.source.replace(/[\r\n]+/g, ' ')}\n`;
      const bytes = Buffer.byteLength(line);
      if (lineDocs > 0 && lineBytes + bytes > chunkBytes) await flush();
      lines.push(line);
      lineBytes += bytes;
      lineDocs += 1;
    }
    if (failure === undefined) await flush();
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure;

  if (createIndex && options.settings?.['refresh_interval'] === undefined) {
    await requestJson(target, 'PUT', `${path}/_settings`, { body: { index: { refresh_interval: null } }, ...signalOption });
  }
  await requestJson(target, 'POST', `${path}/_refresh`, signalOption);
  return { index, documents, bulkRequests };
}

/** Sends one NDJSON body, retrying whole-chunk 429 rejections; throws on any other failure. */
async function sendBulk(target: SearchEngineTarget, path: string, body: string, signal: AbortSignal | undefined): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await requestJson(target, 'POST', `${path}/_bulk`, {
      rawBody: { text: body, contentType: 'application/x-ndjson' },
      okStatuses: [429],
      ...(signal === undefined ? {} : { signal }),
    });
    const failures = response.status === 429 ? [{ id: '*', status: 429, reason: describeError(response.body, response.text) }] : itemFailures(response.body);
    if (failures.length === 0) return;
    const onlyRejections = failures.every((item) => item.status === 429);
    if (!onlyRejections || attempt >= MAX_REJECTION_RETRIES) {
      const shown = failures.slice(0, 5).map((item) => `${item.id} (HTTP ${item.status}): ${item.reason}`).join('; ');
      throw new Error(`Bulk load into ${path.slice(1)} failed for ${failures.length} document(s): ${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2)));
  }
}

interface ItemFailure {
  readonly id: string;
  readonly status: number;
  readonly reason: string;
}

/** The failed items of a `_bulk` response; an unexpected response shape counts as one failure. */
function itemFailures(body: JsonValue): ItemFailure[] {
  if (!isJsonObject(body) || !Array.isArray(body['items'])) {
    return [{ id: '*', status: 0, reason: `unexpected _bulk response: ${JSON.stringify(body).slice(0, 300)}` }];
  }
  if (body['errors'] !== true) return [];
  const failures: ItemFailure[] = [];
  for (const item of body['items']) {
    if (!isJsonObject(item)) continue;
    for (const result of Object.values(item)) {
      if (!isJsonObject(result) || result['error'] === undefined) continue;
      failures.push({
        id: String(result['_id']),
        status: typeof result['status'] === 'number' ? result['status'] : 0,
        reason: describeError({ error: result['error'] }, JSON.stringify(result['error'])),
      });
    }
  }
  return failures;
}
