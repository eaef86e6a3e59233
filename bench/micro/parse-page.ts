/**
 * Micro-benchmark behind the source profile: the cost of parsing one search page of
 * 1000 generated log documents with the connector's exact JSON parser versus the native
 * parser, and of re-encoding its records; then the same for an incremental page, whose
 * `date_nanos` sort values have 19 digits (`parseResponseJson` parses it natively and
 * only its sort arrays exactly). `node --import tsx bench/micro/parse-page.ts`
 */
import { parse as losslessParse } from 'lossless-json';
import { generateLogBulkItems } from '../../src/sample-data/log-documents.js';
import { parseExactJson, parseExactJsonSlowly, stringifyExactJson } from '../../src/json/exact-json.js';
import { parseResponseJson } from '../../src/source/elasticsearch/search-response-json.js';

const PAGE = 1000;
const PAGES = 20;
const pages: string[] = [];
const incrementalPages: string[] = [];
let position = 0;
let page: string[] = [];
let incremental: string[] = [];
for (const item of generateLogBulkItems({ count: PAGE * PAGES })) {
  page.push(`{"_index":"bench-logs","_id":"${item.id}","_score":null,"_source":${item.source},"sort":[${4294967296 + position}]}`);
  incremental.push(`{"_index":"bench-logs","_id":"${item.id}","_score":null,"_source":${item.source},"sort":[${1714521600000000000n + BigInt(position) * 1_000_003n},"${item.id}"]}`);
  position += 1;
  if (page.length === PAGE) {
    incrementalPages.push(`{"pit_id":"4YyPBAIKYmVuY2gtbG9ncxZ2ck1DLTlWaFE0V1RFeW5PV3ZkbTRBABZKN0RDR0pLcVNBS3pvSnBBAAAAAAAAAAAA","took":5,"timed_out":false,"_shards":{"total":2,"successful":2,"skipped":0,"failed":0},"hits":{"hits":[${incremental.join(',')}]}}`);
    incremental = [];
    pages.push(`{"pit_id":"4YyPBAIKYmVuY2gtbG9ncxZ2ck1DLTlWaFE0V1RFeW5PV3ZkbTRBABZKN0RDR0pLcVNBS3pvSnBBAAAAAAAAAAAA","took":5,"timed_out":false,"_shards":{"total":2,"successful":2,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[${page.join(',')}]}}`);
    page = [];
  }
}
const wholePage = /\d{16}/;
const numberToken = /[[:,]\s*-?\d{16}/;
console.log(`pages whose text matches /\\d{16}/ (the current fast-path test): ${pages.filter((p) => wholePage.test(p)).length} of ${pages.length}`);
console.log(`pages with a 16-digit number token /[[:,]\\s*-?\\d{16}/: ${pages.filter((p) => numberToken.test(p)).length} of ${pages.length}`);

function time(label: string, fn: (text: string) => unknown, texts = pages): void {
  for (const p of texts.slice(0, 3)) fn(p); // warm-up
  const started = process.hrtime.bigint();
  for (const p of texts) fn(p);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(58)} ${(ms / PAGES).toFixed(1).padStart(7)} ms/page  ${Math.round((PAGE * PAGES) / (ms / 1000)).toLocaleString('en-US').padStart(9)} docs/s`);
}
time('parseExactJson (connector, current)', (t) => parseExactJson(t));
time('parseResponseJson (the client\'s codec)', (t) => parseResponseJson(t));
time('lossless-json parse (what the current test selects)', (t) => losslessParse(t));
time('JSON.parse (native)', (t) => JSON.parse(t));
const parsed = pages.map((p) => (JSON.parse(p) as { hits: { hits: Array<{ _id: string; _index: string; _source: object }> } }).hits.hits);
let at = 0;
time('JSON.stringify of 1000 RECORD messages (stringifyExactJson)', () => {
  const hits = parsed[at++ % parsed.length] ?? [];
  let bytes = 0;
  for (const hit of hits) bytes += stringifyExactJson({ type: 'RECORD', record: { stream: 'bench-logs', data: { ...hit._source, _id: hit._id, _index: hit._index }, emitted_at: 1 } }).length;
  return bytes;
});
console.log('incremental pages (19-digit date_nanos sort values, then _id):');
time('parseResponseJson (native, sort arrays exact)', (t) => parseResponseJson(t), incrementalPages);
time('parseExactJsonSlowly (reviver with source text)', (t) => parseExactJsonSlowly(t), incrementalPages);
time('lossless-json parse (the slow path before)', (t) => losslessParse(t), incrementalPages);
time('JSON.parse (native, inexact)', (t) => JSON.parse(t), incrementalPages);
