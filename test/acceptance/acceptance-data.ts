/**
 * The data set behind integration_tests/: a small, deterministic index of
 * generated log events (src/sample-data, fixed seed) and an empty index.
 * `loadAcceptanceData` creates both on a real search engine;
 * `expectedRecords`, `sampleState` and `abnormalState` are computed from the
 * generator alone (never from a read), so the acceptance files test the
 * source instead of restating its output. scripts: write-acceptance-files.ts.
 */
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogDocuments, logDocumentId, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';
import { requestJson, searchEngineTarget } from '../../src/sample-data/search-engine-http.js';

export const ACCEPTANCE_INDEX = 'acceptance-logs';
export const ACCEPTANCE_EMPTY_INDEX = 'acceptance-empty';
export const ACCEPTANCE_DOCUMENTS = 40;
/** The documents of sample_state.json's cursor: the 30th document and those before it at the same instant. */
export const SAMPLE_STATE_POSITION = 29;
const SEED = 20240501;

export interface AcceptanceDocument {
  readonly id: string;
  readonly timestamp: string;
  /** `_source` as JSON text, exactly as indexed. */
  readonly source: string;
}

/** The 40 documents of `acceptance-logs`, in generation (and @timestamp) order. */
export function acceptanceDocuments(): AcceptanceDocument[] {
  return [...generateLogDocuments({ count: ACCEPTANCE_DOCUMENTS, seed: SEED })].map((document, position) => ({
    id: logDocumentId(position),
    timestamp: document['@timestamp'],
    source: JSON.stringify(document),
  }));
}

/** Creates (or re-creates) `acceptance-logs` with its 40 documents on one shard, and the empty `acceptance-empty`. */
export async function loadAcceptanceData(url: string): Promise<void> {
  await loadDocuments(url, ACCEPTANCE_INDEX, acceptanceDocuments(), { mappings: LOG_INDEX_MAPPING, deleteExisting: true });
  const target = searchEngineTarget(url);
  await requestJson(target, 'DELETE', `/${ACCEPTANCE_EMPTY_INDEX}`, { okStatuses: [404] });
  await requestJson(target, 'PUT', `/${ACCEPTANCE_EMPTY_INDEX}`, {
    body: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' } } } },
  });
}

/** The lines of expected_records.jsonl (CAT's format: stream, data, emitted_at). */
export function expectedRecordLines(): string[] {
  return acceptanceDocuments().map((document) => {
    const data = `${document.source.slice(0, -1)},"_id":${JSON.stringify(document.id)},"_index":${JSON.stringify(ACCEPTANCE_INDEX)}}`;
    return `{"stream":${JSON.stringify(ACCEPTANCE_INDEX)},"data":${data},"emitted_at":1700000000000}`;
  });
}

/** Epoch nanoseconds of an ISO timestamp, as the source's cursor stores them. */
export function epochNanos(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

function stateMessages(cursor: { value: string; boundary_ids: string[] }): unknown[] {
  return [
    {
      type: 'STATE',
      state: {
        type: 'STREAM',
        stream: {
          stream_descriptor: { name: ACCEPTANCE_INDEX },
          stream_state: {
            version: 1,
            stream: ACCEPTANCE_INDEX,
            sync_mode: 'incremental',
            read_mode: 'pit',
            status: 'done',
            slice_max: 1,
            slices: [{ id: 0, done: true }],
            cursor: { field: '@timestamp', ...cursor },
          },
        },
      },
    },
  ];
}

/** sample_state.json: a completed incremental sync that ended at the 30th document. */
export function sampleState(): unknown[] {
  const documents = acceptanceDocuments();
  const at = documents[SAMPLE_STATE_POSITION]!.timestamp;
  const boundary = documents.slice(0, SAMPLE_STATE_POSITION + 1).filter((document) => document.timestamp === at).map((document) => document.id);
  return stateMessages({ value: epochNanos(at), boundary_ids: boundary });
}

/** Ids a read from sample_state.json must return: later instants, and same-instant documents not in the boundary. */
export function idsAfterSampleState(): string[] {
  const documents = acceptanceDocuments();
  const at = Date.parse(documents[SAMPLE_STATE_POSITION]!.timestamp);
  return documents.filter((document, position) => Date.parse(document.timestamp) > at || (Date.parse(document.timestamp) === at && position > SAMPLE_STATE_POSITION)).map((document) => document.id);
}

/** abnormal_state.json: a cursor in the year 2999, after every document. */
export function abnormalState(): unknown[] {
  return stateMessages({ value: epochNanos('2999-01-01T00:00:00.000Z'), boundary_ids: [] });
}
