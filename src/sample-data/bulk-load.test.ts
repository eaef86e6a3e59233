import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadDocuments } from './bulk-load.js';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A fake search engine: records requests; `bulkReply` decides each `_bulk` answer. */
let requests: Recorded[] = [];
let bulkReply: (body: string, attempt: number) => { status: number; body: unknown } = okBulk;
let bulkAttempts = 0;
let baseUrl = '';
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    const reply = (request.url ?? '').includes('/_bulk') ? bulkReply(body, bulkAttempts++) : { status: 200, body: { acknowledged: true } };
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  });
});

function okBulk(body: string): { status: number; body: unknown } {
  const lines = body.split('\n').filter((line) => line !== '');
  const items = lines.filter((_, index) => index % 2 === 0).map((line) => {
    const action = JSON.parse(line) as Record<string, { _id: string }>;
    const [op, meta] = Object.entries(action)[0] ?? ['index', { _id: '?' }];
    return { [op]: { _id: meta._id, status: 201 } };
  });
  return { status: 200, body: { errors: false, items } };
}

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  bulkReply = okBulk;
  bulkAttempts = 0;
});

function* items(count: number): Generator<{ id: string; source: string }> {
  for (let index = 0; index < count; index += 1) {
    yield { id: `d${index}`, source: `{"n":${index},"big":9007199254740993,"pad":"${'x'.repeat(100)}"}` };
  }
}

describe('loadDocuments', () => {
  it('creates the index, sends NDJSON chunks with sources verbatim, then restores refresh and refreshes', async () => {
    const result = await loadDocuments(baseUrl, 'logs', items(100), { mappings: { properties: {} }, shards: 3, chunkBytes: 2_000 });
    assert.deepEqual(result, { index: 'logs', documents: 100, bulkRequests: requests.filter((r) => r.url === '/logs/_bulk').length });
    const create = requests[0];
    assert.equal(create?.method, 'PUT');
    assert.equal(create?.url, '/logs');
    assert.deepEqual(JSON.parse(create?.body ?? '{}'), {
      settings: { number_of_shards: 3, number_of_replicas: 0, refresh_interval: '-1' },
      mappings: { properties: {} },
    });
    const bulks = requests.filter((r) => r.url === '/logs/_bulk');
    assert.ok(bulks.length > 5, `${bulks.length} bulk requests`);
    for (const bulk of bulks) {
      assert.equal(bulk.headers['content-type'], 'application/x-ndjson');
      assert.ok(Buffer.byteLength(bulk.body) <= 2_000);
      assert.ok(bulk.body.endsWith('\n'));
    }
    const all = bulks.map((bulk) => bulk.body).join('');
    assert.equal(all.split('\n').filter((line) => line !== '').length, 200);
    assert.ok(all.includes('{"index":{"_id":"d0"}}\n{"n":0,"big":9007199254740993,'));
    const tail = requests.slice(-2).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(tail, ['PUT /logs/_settings', 'POST /logs/_refresh']);
  });

  it('fails loudly on item errors, naming the document', async () => {
    bulkReply = () => ({
      status: 200,
      body: { errors: true, items: [{ index: { _id: 'd0', status: 201 } }, { index: { _id: 'd1', status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad value' } } }] },
    });
    await assert.rejects(loadDocuments(baseUrl, 'logs', items(2)), /d1 \(HTTP 400\): mapper_parsing_exception: bad value/);
  });

  it('re-sends a chunk rejected with 429 and fails on HTTP errors', async () => {
    bulkReply = (body, attempt) => (attempt === 0 ? { status: 429, body: { error: { type: 'es_rejected_execution_exception', reason: 'busy' } } } : okBulk(body));
    const result = await loadDocuments(baseUrl, 'logs', items(3), { createIndex: false });
    assert.equal(result.documents, 3);
    assert.equal(requests.filter((r) => r.url === '/logs/_bulk').length, 2);
    bulkReply = () => ({ status: 500, body: { error: { type: 'boom', reason: 'broken' } } });
    await assert.rejects(loadDocuments(baseUrl, 'logs', items(3), { createIndex: false }), /HTTP 500: boom: broken/);
  });

  it('uses create actions, custom headers and URL credentials, and keeps NDJSON framing', async () => {
    const url = baseUrl.replace('http://', 'http://user:p%40ss@');
    const docs = [{ id: 's1', source: '{\n  "a": 1\n}' }];
    await loadDocuments(url, 'stream', docs, { createIndex: false, opType: 'create', headers: { 'X-Test': 'yes' } });
    const bulk = requests.find((r) => r.url === '/stream/_bulk');
    assert.equal(bulk?.body, '{"create":{"_id":"s1"}}\n{   "a": 1 }\n');
    assert.equal(bulk?.headers['authorization'], `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    assert.equal(bulk?.headers['x-test'], 'yes');
  });
});
