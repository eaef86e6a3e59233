import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { clearScroll, continueScroll, searchRead, startScroll } from '../elasticsearch/search-contexts.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { firstWindow, nextWindow, windowFilter, windowValue, type CursorSpan, type CursorWindow } from './cursor-windows.js';
import type { ReadStrategy } from './read-strategy.js';
import { firstPageSize, nextPageSize, sizeForSample } from './page-size.js';
import { parseSearchResponse, type PageHits } from './search-response.js';
import { responseTextLength } from '../elasticsearch/search-response-json.js';

/** A page of one slice. */
export interface SlicePage {
  readonly slice: number;
  /** Read them to their end, or close them: the slice's next request may wait for it (see `slicePages`). */
  readonly hits: PageHits;
  /** Whether the last hit's sort values are the slice's position after the page (PIT and search_after reads; a scroll has none). */
  readonly positioned: boolean;
  readonly pitId?: string;
}

export interface SliceRead {
  readonly cluster: Cluster;
  /** The stream's name, for messages. */
  readonly target: string;
  /** The index expressions the requests name. */
  readonly search: readonly string[];
  readonly strategy: ReadStrategy;
  readonly pageSize: number;
  readonly keepAlive: string;
  readonly sourceFilter: JsonObject | undefined;
  readonly slice: { readonly id: number; readonly max: number };
  /** Where this slice stopped last time (PIT or search_after reads only). */
  readonly searchAfter?: readonly JsonValue[];
  /** The shared point in time of the stream (PIT reads). */
  readonly pitId?: () => string;
  /** The cursor values of a windowed incremental read (`strategy.cursor.windowed`); none reads without windows. */
  readonly cursorSpan?: CursorSpan;
}

/** A `pre_filter_shard_size` above any shard count: the pre-filter round only runs when asked for more shards than this. */
const NO_PRE_FILTER = 2_147_483_647;

function searchBody(read: SliceRead, size: number, window?: CursorWindow): JsonObject {
  const body: JsonObject = { size, sort: read.strategy.sort };
  if (read.strategy.readMode !== 'scroll') body['track_total_hits'] = false;
  if (window !== undefined) body['query'] = { bool: { filter: [...(read.strategy.query === undefined ? [] : [read.strategy.query]), windowFilter(read.strategy, window)] } };
  else if (read.strategy.query !== undefined) body['query'] = read.strategy.query;
  if (read.sourceFilter !== undefined) body['_source'] = read.sourceFilter;
  if (read.slice.max > 1) body['slice'] = { id: read.slice.id, max: read.slice.max };
  return body;
}

/**
 * The pages of one slice, in sort order. PIT and plain search_after reads
 * are idempotent per page and restartable from `searchAfter`; a scroll is
 * cleared in `finally`, whatever ends the read. The stream's PIT is opened
 * and closed by the caller, shared by its slices.
 *
 * A windowed incremental read (`cursorSpan`) asks for one window of cursor
 * values at a time (cursor-windows.ts): a short or empty page then ends its
 * window, not the read, which ends with the first short page after the
 * windows.
 *
 * Page sizes follow the documents' size in bytes (page-size.ts): a slice
 * starts with one document and grows to `pageSize` as fast as its pages
 * stay under a budget of response text. A page is short when it holds
 * fewer documents than its request asked for.
 *
 * Read-ahead of one page: the request for the next page goes out as soon as
 * a page has arrived (its last sort values, or the scroll id, are all it
 * needs), so the server searches while the caller works through the page it
 * was given. At most two pages of a slice are held. A request still in
 * flight when the caller stops is left to finish, its outcome ignored.
 *
 * A page that kept its `_source` texts is provisional until the caller has
 * read its hits (search-response.ts): the slice then waits for that before
 * it goes on, and sends its next request again where the page's proven hits
 * (their number, the last one's sort values) differ from what it was sent
 * with. So the caller must read each page's hits to their end or close them.
 */
export async function* slicePages(read: SliceRead): AsyncGenerator<SlicePage> {
  const what = read.slice.max > 1 ? `${read.target} (slice ${read.slice.id + 1} of ${read.slice.max})` : read.target;
  const action = `read ${what}`;
  if (read.strategy.readMode === 'scroll') {
    yield* scrollSlice(read, what, action);
    return;
  }
  let latestPitId: string | undefined;
  const span = read.cursorSpan;
  const request = (searchAfter: readonly JsonValue[] | undefined, window: CursorWindow | undefined, size: number): Pending => {
    const body = searchBody(read, size, window);
    if (searchAfter !== undefined) body['search_after'] = [...searchAfter];
    // A window lets the pre-filter round skip the shards without values in it, and the shards
    // left are then numbered afresh: `_shard_doc` values and the shards of each slice change from
    // one request to the next (a document came twice, in two slices). No pre-filter round in any
    // request of a windowed read, the last ones without a window included, keeps them as they
    // are, as the one query of a read without windows does.
    const querystring: Record<string, number> = span === undefined ? {} : { pre_filter_shard_size: NO_PRE_FILTER };
    const pit = read.strategy.readMode === 'pit' && read.pitId !== undefined ? { id: latestPitId ?? read.pitId(), keepAlive: read.keepAlive } : undefined;
    return { response: ahead(searchRead(read.cluster, read.search, pit, body, action, querystring)), size };
  };
  const start = span === undefined ? undefined : read.searchAfter === undefined ? span.min : windowValue(read.strategy, read.searchAfter[0]);
  let window = span === undefined || start === undefined ? undefined : firstWindow(span, start);
  let searchAfter = read.searchAfter;
  let next: Pending | undefined = request(searchAfter, window, firstPageSize(read.pageSize));
  while (next !== undefined) {
    const { size } = next;
    const response = await next.response;
    const page = parseSearchResponse(response, what);
    next = undefined;
    if (page.pitId !== undefined) latestPitId = page.pitId;
    const textLength = responseTextLength(response);
    const before = { searchAfter, window };
    /** The position after the page and the request for the next, for a page of `count` hits, the last sorted at `last`. */
    const after = (count: number, last: readonly JsonValue[] | undefined): { searchAfter: readonly JsonValue[] | undefined; window: CursorWindow | undefined; next: Pending | undefined } => {
      const full = count >= size;
      const nextSize = nextPageSize(read.pageSize, size, count, textLength);
      const position = count > 0 ? last : before.searchAfter;
      if (before.window !== undefined && span !== undefined) {
        const following = nextWindow(span, before.window, full, full ? windowValue(read.strategy, position?.[0]) : undefined);
        // Past the windows, the rest is read without one: at least one more request, whatever this page held.
        return { searchAfter: position, window: following, next: request(position, following, nextSize) };
      }
      return { searchAfter: position, window: before.window, next: full ? request(position, undefined, nextSize) : undefined };
    };
    ({ searchAfter, window, next } = after(page.hits.count, page.hits.last));
    if (page.hits.count === 0) continue;
    yield { slice: read.slice.id, hits: page.hits, positioned: true, ...(page.pitId === undefined ? {} : { pitId: page.pitId }) };
    if (page.hits.proven) continue;
    // The request above went out with the page's provisional hits; once the page is read they are
    // proven or replaced, and where what the request needs changed, it is sent again (the first one's
    // outcome ignored).
    const held = await page.hits.settled;
    if (held === undefined) return;
    const last = held[held.length - 1]?.sort;
    if (held.length !== page.hits.count || !sameValues(last, page.hits.last)) ({ searchAfter, window, next } = after(held.length, last));
  }
}

function sameValues(left: readonly JsonValue[] | undefined, right: readonly JsonValue[] | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return left.length === right.length && left.every((value, at) => value === right[at]);
}

/** A request sent, with the number of documents it asked for (a page with fewer is short). */
interface Pending {
  readonly response: Promise<JsonValue>;
  readonly size: number;
}

/**
 * A request read ahead: its failure is handled where it is awaited, and
 * ignored when it never is (the caller stopped first); without the handler
 * attached at once, a cancelled read-ahead would be an unhandled rejection.
 */
function ahead(request: Promise<JsonValue>): Promise<JsonValue> {
  request.catch(() => undefined);
  return request;
}

/**
 * A scroll's pages all hold as many documents as its first request asked
 * for, so that number comes from a sample of the documents: as many as
 * fit the page budget at their size (page-size.ts), at most `pageSize`.
 * One document first, then, where ten of its size fit the budget, ten.
 */
async function scrollPageSize(read: SliceRead, action: string): Promise<number> {
  let size = read.pageSize;
  for (const docs of [1, SCROLL_SAMPLE_DOCS]) {
    if (size < docs) break;
    // The sample has no slice (`slice` needs a scroll or a point in time): whichever documents come tell their size.
    const response = await searchRead(read.cluster, read.search, undefined, searchBody({ ...read, slice: { id: 0, max: 1 } }, docs), action);
    const sample = parseSearchResponse(response, read.target);
    size = sizeForSample(read.pageSize, sample.hits.count, responseTextLength(response));
    if (sample.hits.count < docs) break;
  }
  return size;
}

/** Documents a scroll's second sample reads to learn their size. */
const SCROLL_SAMPLE_DOCS = 10;

async function* scrollSlice(read: SliceRead, what: string, action: string): AsyncGenerator<SlicePage> {
  const size = await scrollPageSize(read, action);
  let page = parseSearchResponse(await startScroll(read.cluster, read.search, searchBody(read, size), read.keepAlive, action), what);
  let scrollId = page.scrollId;
  let next: Promise<JsonValue> | undefined;
  try {
    while (page.hits.count > 0 && scrollId !== undefined) {
      next = ahead(continueScroll(read.cluster, scrollId, read.keepAlive, action));
      yield { slice: read.slice.id, hits: page.hits, positioned: false };
      page = parseSearchResponse(await next, what);
      next = undefined;
      scrollId = page.scrollId ?? scrollId;
    }
  } finally {
    if (next !== undefined) await next.catch(() => undefined);
    if (scrollId !== undefined) await clearScroll(read.cluster, scrollId).catch(() => undefined);
  }
}
