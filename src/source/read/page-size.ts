/**
 * How many documents each request of a slice asks for, so that a page's
 * size follows its documents' size in bytes, not only their count. With
 * `page_size` 1000, a page of 10 MB documents would be 10 GB of text
 * (25 documents of 10 MB already peaked at 930 MB of memory), beyond
 * what a JS string can hold; documents of 1 KB make pages of 1 MB.
 *
 * A slice's first request asks for one document, and each later one for
 * as many as fit `PAGE_BUDGET_CHARS` of response text at the size per
 * document of the last page, at most 4 times the last request's count
 * (so a read of small documents reaches `page_size` on its sixth
 * request) and never more than `page_size`. A page without hits says
 * nothing about sizes: the next request asks for as many again. A scroll,
 * whose pages all hold what its first request asked for, takes its size
 * from a sample of the documents instead (`sizeForSample`).
 */

/** The response text a page aims at: about 4 times that in memory while it is parsed and emitted. */
export const PAGE_BUDGET_CHARS = 8 * 1024 * 1024;

/** The most a request asks for beyond the last one. */
const GROWTH = 4;

/** The documents a slice's first request asks for. */
export function firstPageSize(limit: number): number {
  return Math.min(limit, 1);
}

/**
 * The documents the next request asks for, after one that asked for
 * `asked` and returned `hits` documents in `chars` characters of text
 * (undefined when unknown: then it grows as if the documents were small).
 */
export function nextPageSize(limit: number, asked: number, hits: number, chars: number | undefined): number {
  if (hits === 0) return asked;
  return Math.min(limit, asked * GROWTH, fitting(hits, chars) ?? limit);
}

/** The documents each page of a scroll asks for, from a sample of `hits` documents in `chars` characters: `limit` when the sample says nothing. */
export function sizeForSample(limit: number, hits: number, chars: number | undefined): number {
  return Math.min(limit, fitting(hits, chars) ?? limit);
}

/** How many documents of the size these were fit the page budget (at least 1); undefined without hits or a length. */
function fitting(hits: number, chars: number | undefined): number | undefined {
  if (hits === 0 || chars === undefined) return undefined;
  return Math.max(1, Math.floor(PAGE_BUDGET_CHARS / (chars / hits)));
}
