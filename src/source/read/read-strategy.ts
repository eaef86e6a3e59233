import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { configError } from '../../protocol/connector-error.js';
import type { ConfiguredAirbyteStream } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import type { ServerInfo } from '../elasticsearch/server-info.js';
import { cursorCandidates, type CursorKind } from '../schema/cursor-candidates.js';
import { findField, type FieldTree } from '../schema/field-node.js';
import type { CursorState, StreamStateV1 } from '../state/stream-state.js';
import { parseQuery } from './parse-query.js';

/** How one stream is read: sort, filter and what a position means. Pure data, decided up front. */
export interface ReadStrategy {
  readonly syncMode: 'full_refresh' | 'incremental';
  /** `search_after` is a sorted search without a point in time (servers without PIT). */
  readonly readMode: 'pit' | 'scroll' | 'search_after';
  readonly sort: JsonValue[];
  /** How each sort value is stored (string) and sent back (number or string). */
  readonly sortKinds: ReadonlyArray<'numeric' | 'string'>;
  /** The full query: the user's filter plus the incremental boundary. */
  readonly query: JsonObject | undefined;
  /**
   * Incremental: the cursor field and kind; `includesMissing` when the read
   * also returns the documents without a value (the initial load of a date
   * cursor), sorted last with `MISSING_DATE_SORT_VALUE`.
   */
  readonly cursor?: {
    readonly field: string;
    readonly kind: CursorKind;
    readonly includesMissing: boolean;
    /**
     * A date cursor mapped `date` (milliseconds) in every index is sorted
     * as it is stored, in epoch milliseconds: sorting it as `date_nanos`
     * (`numeric_type`) converts every value and cost Elasticsearch a third
     * more CPU on an initial load (1M log documents: 67 against 44–50
     * CPU-s). Its sort values are then milliseconds on the wire, but
     * nanoseconds in state, as for every date cursor (`sortValueToNanos`).
     */
    readonly sortsInMillis: boolean;
    /**
     * Each request is limited to a window of cursor values (see
     * cursor-windows.ts): a date cursor, or a numeric one of integer
     * types only (`unsigned_long` and floating types are read without).
     */
    readonly windowed: boolean;
  };
  /** A real field that makes the sort total, independent of the point in time. */
  readonly tiebreakerField?: string;
  /** The boundary this sync started from (kept in every state until the sync completes). */
  readonly startCursor?: CursorState;
}

const NANOS_PER_MILLI = 1_000_000n;

/** Numeric cursor types whose values a window's integer bounds cover exactly. */
const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte']);

/** The sort value Elasticsearch gives a document without a date cursor value (`missing: _last`, ascending): Long.MAX_VALUE, in milliseconds and nanoseconds alike. */
export const MISSING_DATE_SORT_VALUE = 9223372036854775807n;

/**
 * A date cursor's sort value as nanoseconds, the unit of every date cursor
 * in state: a millisecond sort value (`sortsInMillis`) times 10^6, except
 * the missing-value sentinel, which is the same in both units.
 */
export function sortValueToNanos(value: number | bigint, sortsInMillis: boolean): bigint {
  const exact = BigInt(value);
  return !sortsInMillis || exact === MISSING_DATE_SORT_VALUE ? exact : exact * NANOS_PER_MILLI;
}

/** The inverse of `sortValueToNanos`, for `search_after`: nanoseconds back to milliseconds (rounded down, so a resumed read never skips a document). */
export function nanosToSortValue(nanos: bigint, sortsInMillis: boolean): bigint {
  if (!sortsInMillis || nanos === MISSING_DATE_SORT_VALUE) return nanos;
  const millis = nanos / NANOS_PER_MILLI;
  return nanos < 0n && millis * NANOS_PER_MILLI !== nanos ? millis - 1n : millis;
}

/** A date sort value (epoch nanoseconds) as an `epoch_millis` string with a fraction, for range queries. */
export function nanosToEpochMillis(nanos: string): string {
  const value = BigInt(nanos);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const millis = magnitude / NANOS_PER_MILLI;
  const fraction = (magnitude % NANOS_PER_MILLI).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${millis}.${fraction}`;
}

function cursorBound(kind: CursorKind, value: string, operator: 'gt' | 'gte' | 'lte'): JsonObject {
  return kind === 'date' ? { [operator]: nanosToEpochMillis(value), format: 'epoch_millis' } : { [operator]: /^-?\d+$/.test(value) ? BigInt(value) : Number(value) };
}

/**
 * Filter for "after the boundary": `cursor > v`, or `cursor == v` and not
 * among the ids already read at exactly `v`. Ids, not the tiebreaker, mark
 * the boundary: a document indexed later at the same value with a smaller
 * tiebreaker is still read. With a lookback window: `cursor >= v - window`.
 */
function boundaryFilter(field: string, kind: CursorKind, cursor: CursorState, lookbackMinutes: number): JsonObject {
  if (lookbackMinutes > 0) {
    const back = kind === 'date' ? (BigInt(cursor.value) - BigInt(lookbackMinutes) * 60_000n * NANOS_PER_MILLI).toString() : cursor.value;
    return { range: { [field]: cursorBound(kind, back, 'gte') } };
  }
  const equal = { range: { [field]: { ...cursorBound(kind, cursor.value, 'gte'), ...cursorBound(kind, cursor.value, 'lte') } } };
  const atBoundary: JsonObject[] = [equal];
  const mustNot: JsonObject[] = [];
  if (cursor.boundary_ids !== undefined && cursor.boundary_ids.length > 0) mustNot.push({ ids: { values: [...cursor.boundary_ids] } });
  return {
    bool: {
      should: [{ range: { [field]: cursorBound(kind, cursor.value, 'gt') } }, { bool: { filter: atBoundary, must_not: mustNot } }],
      minimum_should_match: 1,
    },
  };
}

/**
 * The sort of a full-refresh PIT read: index order (`_doc`, each shard's
 * document number in the point in time), made total across shards by
 * `_shard_doc`. Sorting on `_shard_doc` alone returns the same documents,
 * but every page then costs the server more the larger the shard, at every
 * position of the read (28 ms a page at 1M documents, 50 ms at 3M), so the
 * read grows faster than the index. Measured with the benchmark's raw
 * reader (1000-document pages, Elasticsearch 8, 2 shards): 1M documents
 * 26.5 s and 27.6 Elasticsearch CPU-s on `_shard_doc`, 13.7 s and 9.4 on
 * `[_doc, _shard_doc]`; 3M documents 149 s and 206 CPU-s, 43.5 s and 32.
 * The likely reason: in index order a shard can stop after one page,
 * while on `_shard_doc` it looks at all of its documents.
 *
 * A `tiebreaker_field` does not change this sort. Sorted on a keyword,
 * every page visits every document of every shard (profile on page 600 of
 * 1M: `next_doc_count` 499,747 and 500,255), and the fetch phase reads the
 * stored documents in random order: a raw 1M read on `[trace.id,
 * _shard_doc]` took 104 s and 141 Elasticsearch CPU-s, growing with the
 * square of the index. And it bought nothing: positions in one point in
 * time mean nothing in another, so a full refresh whose point in time
 * expired restarts either way.
 */
const FULL_REFRESH_PIT_SORT: JsonValue[] = [{ _doc: 'asc' }, { _shard_doc: 'asc' }];

/**
 * Decides the read of one configured stream from the config, the server,
 * the stream's field tree now (all of its indices merged) and its saved state. Throws a config_error for a
 * cursor field that does not exist or cannot be sorted on.
 */
export function planRead(config: SourceConfig, server: ServerInfo, configured: ConfiguredAirbyteStream, tree: FieldTree, saved: StreamStateV1 | undefined): ReadStrategy {
  const name = configured.stream.name;
  const userQuery = parseQuery(config);
  const tiebreakerField = config.tiebreaker_field !== undefined && findField(tree, config.tiebreaker_field) !== undefined ? config.tiebreaker_field : undefined;
  if (configured.sync_mode === 'full_refresh') {
    if (server.readMode === 'scroll') return { syncMode: 'full_refresh', readMode: 'scroll', sort: ['_doc'], sortKinds: [], query: userQuery };
    return { syncMode: 'full_refresh', readMode: 'pit', sort: [...FULL_REFRESH_PIT_SORT], sortKinds: ['numeric', 'numeric'], query: userQuery };
  }
  const path = configured.cursor_field ?? configured.stream.default_cursor_field;
  if (path === undefined || path.length === 0) throw configError(`Stream "${name}" is incremental but has no cursor_field: choose a date or numeric field (for example ["@timestamp"]) in the connection.`);
  const field = path.join('.');
  const candidates = cursorCandidates(tree);
  const kind = candidates.get(field);
  if (kind === undefined) {
    const type = findField(tree, field)?.esType;
    const options = [...candidates.keys()].slice(0, 10).join(', ');
    throw configError(type === undefined
      ? `The cursor field "${field}" of stream "${name}" does not exist in its mapping: choose one of ${options}.`
      : `The cursor field "${field}" of stream "${name}" is of type ${type}, which cannot be an incremental cursor: choose a date or numeric field (${options}).`);
  }
  const esType = findField(tree, field)?.esType ?? '';
  const sortsInMillis = kind === 'date' && esType === 'date';
  const windowed = kind === 'date' || esType.split('|').every((type) => INTEGER_TYPES.has(type));
  const sort: JsonValue[] = [{ [field]: kind !== 'date' ? { order: 'asc' } : sortsInMillis ? { order: 'asc', missing: '_last' } : { order: 'asc', numeric_type: 'date_nanos', missing: '_last' } }];
  const sortKinds: Array<'numeric' | 'string'> = ['numeric'];
  if (tiebreakerField !== undefined) {
    sort.push({ [tiebreakerField]: 'asc' });
    sortKinds.push('string');
  }
  if (server.shardDoc) {
    sort.push({ _shard_doc: 'asc' });
    sortKinds.push('numeric');
  } else if (tiebreakerField === undefined) {
    sort.push({ _id: 'asc' });
    sortKinds.push('string');
  }
  const startCursor = saved?.cursor !== undefined && saved.cursor.field === field ? saved.cursor : undefined;
  const filters: JsonObject[] = [];
  if (userQuery !== undefined) filters.push(userQuery);
  if (startCursor !== undefined) filters.push(boundaryFilter(field, kind, startCursor, config.lookback_window_minutes));
  // The initial load of a date cursor also reads the documents without a value: they sort last
  // (MISSING_DATE_SORT_VALUE), after every dated one, and never become the cursor. Later syncs can
  // only read documents after the cursor; read-stream.ts warns with the count of the others.
  const withMissing = startCursor === undefined && kind === 'date';
  if (!withMissing) filters.push({ exists: { field } });
  const query: JsonObject = filters.length === 0 ? { match_all: {} } : { bool: { filter: filters } };
  const strategy: ReadStrategy = { syncMode: 'incremental', readMode: server.pit ? 'pit' : 'search_after', sort, sortKinds, query, cursor: { field, kind, includesMissing: withMissing, sortsInMillis, windowed } };
  return { ...strategy, ...(tiebreakerField === undefined ? {} : { tiebreakerField }), ...(startCursor === undefined ? {} : { startCursor }) };
}
