#!/usr/bin/env node
// The read limit: plain PIT + search_after over HTTP with Node's fetch, pages fetched and
// discarded. No client library, no JSON parse of the hits, no output: only the last hit's
// sort values are cut out of the body text for the next search_after.
//
//   node bench/peers/raw-pit-read.mjs URL INDEX PAGE_SIZE [SLICES]
//
// Prints one JSON line on stdout: {"docs": N, "pages": P, "bytes": B, "seconds": S}.
// Sort: [{_doc: asc}, {_shard_doc: asc}], the same as the connector's full-refresh PIT read.
const [url, index, pageSizeArg, slicesArg] = process.argv.slice(2);
if (!url || !index || !pageSizeArg) {
  console.error('usage: raw-pit-read.mjs URL INDEX PAGE_SIZE [SLICES]');
  process.exit(2);
}
const pageSize = Number(pageSizeArg);
const slices = Math.max(1, Number(slicesArg ?? 1));
const headers = { 'content-type': 'application/json', 'accept-encoding': 'identity' };

async function call(method, path, body) {
  const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** The sort array of the last hit: `"sort":[...]` comes after `_source` in every hit. */
function lastSort(text) {
  const at = text.lastIndexOf('"sort":[');
  if (at < 0) return undefined;
  const end = text.indexOf(']', at);
  return JSON.parse(text.slice(at + 7, end + 1));
}

function hitCount(text) {
  // Hits are counted by their "_id" keys (our documents have no "_id" field inside _source).
  let count = 0;
  for (let at = text.indexOf('"_id":'); at >= 0; at = text.indexOf('"_id":', at + 6)) count += 1;
  return count;
}

async function readSlice(pitId, slice) {
  let searchAfter;
  let docs = 0;
  let pages = 0;
  let bytes = 0;
  for (;;) {
    const body = { size: pageSize, sort: [{ _doc: 'asc' }, { _shard_doc: 'asc' }], track_total_hits: false, pit: { id: pitId, keep_alive: '5m' } };
    if (slices > 1) body.slice = { id: slice, max: slices };
    if (searchAfter !== undefined) body.search_after = searchAfter;
    const text = await call('POST', '/_search?allow_partial_search_results=false', body);
    bytes += text.length;
    const hits = hitCount(text);
    if (hits === 0) break;
    docs += hits;
    pages += 1;
    if (hits < pageSize) break;
    searchAfter = lastSort(text);
  }
  return { docs, pages, bytes };
}

const started = process.hrtime.bigint();
const pit = JSON.parse(await call('POST', `/${encodeURIComponent(index)}/_pit?keep_alive=5m`));
let results;
try {
  results = await Promise.all(Array.from({ length: slices }, (_, slice) => readSlice(pit.id, slice)));
} finally {
  await call('DELETE', '/_pit', { id: pit.id }).catch(() => undefined);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const total = results.reduce((sum, r) => ({ docs: sum.docs + r.docs, pages: sum.pages + r.pages, bytes: sum.bytes + r.bytes }), { docs: 0, pages: 0, bytes: 0 });
process.stdout.write(`${JSON.stringify({ ...total, seconds })}\n`);
