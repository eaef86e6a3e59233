import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateLogBulkItems, generateLogDocuments, LOG_INDEX_MAPPING, logDocumentId, type LogDocument } from './log-documents.js';
import { isJsonObject, type JsonValue } from './search-engine-http.js';

const COUNT = 5000;
const documents: LogDocument[] = [...generateLogDocuments({ count: COUNT, seed: 7 })];

describe('generateLogDocuments', () => {
  it('yields the same documents for the same seed and different ones for another seed', () => {
    const again = [...generateLogDocuments({ count: COUNT, seed: 7 })];
    assert.equal(JSON.stringify(again), JSON.stringify(documents));
    const other = [...generateLogDocuments({ count: 10, seed: 8 })];
    assert.notEqual(JSON.stringify(other), JSON.stringify(documents.slice(0, 10)));
  });

  it('makes documents of about 1 KB of JSON', () => {
    const sizes = documents.map((document) => Buffer.byteLength(JSON.stringify(document)));
    const average = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    assert.ok(average > 800 && average < 1300, `average size ${average}`);
  });

  it('starts at startTime and never goes back in time, sometimes repeating a millisecond', () => {
    const start = new Date('2030-01-01T00:00:00.000Z');
    const stamped = [...generateLogDocuments({ count: 1000, startTime: start })];
    assert.equal(stamped[0]?.['@timestamp'], start.toISOString());
    let repeats = 0;
    for (let index = 1; index < documents.length; index += 1) {
      const previous = Date.parse(documents[index - 1]?.['@timestamp'] ?? '');
      const current = Date.parse(documents[index]?.['@timestamp'] ?? '');
      assert.ok(current >= previous, `document ${index} goes back in time`);
      if (current === previous) repeats += 1;
    }
    assert.ok(repeats > COUNT * 0.03 && repeats < COUNT * 0.15, `${repeats} repeated milliseconds`);
  });

  it('has realistic distributions', () => {
    const share = (predicate: (document: LogDocument) => boolean): number => documents.filter(predicate).length / COUNT;
    assert.ok(share((document) => document.http.response.status_code === 200) > 0.6);
    assert.ok(share((document) => document.http.response.status_code >= 500) > 0.005);
    assert.ok(share((document) => document.http.response.status_code >= 400 && document.http.response.status_code < 500) > 0.03);
    const withLabels = share((document) => document.labels !== undefined);
    assert.ok(withLabels > 0.15 && withLabels < 0.25, `labels in ${withLabels}`);
    const withoutUser = share((document) => document.user === undefined);
    assert.ok(withoutUser > 0.2 && withoutUser < 0.4, `user missing in ${withoutUser}`);
    assert.ok(documents.every((document) => document.tags.length <= 3 && Number.isSafeInteger(document.event.duration)));
    assert.ok(share((document) => document.message.includes('\n')) > 0);
  });

  it('only uses fields the strict LOG_INDEX_MAPPING declares', () => {
    for (const document of documents.slice(0, 500)) {
      for (const path of leafPaths(JSON.parse(JSON.stringify(document)) as JsonValue, '')) {
        assert.ok(isMapped(path), `${path} is not in LOG_INDEX_MAPPING`);
      }
    }
  });
});

describe('logDocumentId and generateLogBulkItems', () => {
  it('gives unique, ordered, zero-padded ids', () => {
    assert.equal(logDocumentId(0), 'log-000000001');
    const ids = [...generateLogBulkItems({ count: 2000 })].map((item) => item.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
  });

  it('serialises the generated documents as their source', () => {
    const [item] = [...generateLogBulkItems({ count: 1, seed: 7 })];
    assert.equal(item?.source, JSON.stringify(documents[0]));
  });
});

function leafPaths(value: JsonValue, prefix: string): string[] {
  if (Array.isArray(value)) return value.flatMap((element) => leafPaths(element, prefix));
  if (isJsonObject(value)) {
    if (prefix.endsWith('location')) return [prefix];
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix === '' ? key : `${prefix}.${key}`));
  }
  return [prefix];
}

function isMapped(path: string): boolean {
  let node: JsonValue | undefined = LOG_INDEX_MAPPING;
  for (const part of path.split('.')) {
    const properties: JsonValue | undefined = isJsonObject(node) ? node['properties'] : undefined;
    node = isJsonObject(properties) ? properties[part] : undefined;
    if (node === undefined) return false;
  }
  return isJsonObject(node) && typeof node['type'] === 'string';
}
