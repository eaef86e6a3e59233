import { setImmediate as nextTurn } from 'node:timers/promises';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { logMessage, streamEstimateMessage, streamStateMessage, streamStatusMessage } from '../../protocol/message-factory.js';
import type { AirbyteMessage, ConfiguredAirbyteStream, StreamDescriptor } from '../../protocol/messages.js';
import type { SourceConfig } from '../config/source-config-schema.js';
import { parseQuery } from './parse-query.js';
import { RejectedRequestError, SearchContextMissingError } from '../elasticsearch/classify-error.js';
import { configError } from '../../protocol/connector-error.js';
import type { Cluster } from '../elasticsearch/cluster.js';
import { mergeIndexAnswers } from '../discover/resolve-answer.js';
import { closePointInTime, openPointInTime, searchPointInTime, searchRead } from '../elasticsearch/search-contexts.js';
import type { ServerInfo } from '../elasticsearch/server-info.js';
import { readIndexTrees } from '../discover/read-index-trees.js';
import type { StreamTarget } from '../discover/resolve-streams.js';
import { compileConformer } from '../schema/conform-record.js';
import { walkFields } from '../schema/field-node.js';
import { jsonSchemaToFieldTree } from '../schema/json-schema-to-field-tree.js';
import { mergeFieldTrees } from '../schema/merge-field-trees.js';
import { schemaDrift } from '../schema/schema-drift.js';
import type { StreamStateV1 } from '../state/stream-state.js';
import { hitToRecord } from './hit-to-record.js';
import { mergeConcurrently } from './merge-slices.js';
import { cursorSpan as spanOf, type CursorSpan } from './cursor-windows.js';
import { nanosToSortValue, planRead, type ReadStrategy } from './read-strategy.js';
import { parseSearchResponse, type HitKey } from './search-response.js';
import { slicePages, type SlicePage } from './slice-pages.js';
import { sortValuesFromState } from './sort-values.js';
import { StreamProgress } from './stream-progress.js';

/**
 * Records between two turns of the event loop. A page's records reach the
 * consumer through promise callbacks only, which never let the event loop
 * read a socket: the next page, requested as this one arrived, would wait in
 * the socket's buffer until the page is done, with the server blocked on a
 * full buffer, and then be received while the read waits. A turn every 250
 * records receives it meanwhile: a 1-slice read of 1M log documents to
 * /dev/null spent 18% of its time idle, and took 18-22 s instead of 24-28 s.
 */
const RECORDS_PER_TURN = 250;

export interface StreamRead {
  readonly cluster: Cluster;
  readonly server: ServerInfo;
  readonly config: SourceConfig;
  readonly configured: ConfiguredAirbyteStream;
  readonly target: StreamTarget;
  readonly saved: StreamStateV1 | undefined;
}

interface IndexFacts {
  readonly primaryShards: number;
  readonly maxResultWindow: number;
}

/**
 * Reads one stream: STARTED, an ESTIMATE, RUNNING, the records with a STATE
 * every `checkpoint_interval_records` records or `checkpoint_interval_seconds`
 * seconds (at page boundaries, never ahead of the records emitted), a final
 * STATE and COMPLETE. On failure: INCOMPLETE, and the error propagates.
 *
 * Resume from a saved in-progress state:
 * - PIT still alive: every slice continues after its last sort values; no
 *   document skipped or repeated.
 * - PIT expired, or a scroll (which cannot be continued exactly): the
 *   stream restarts from its beginning (for incremental, from the cursor the
 *   interrupted sync started at), with a WARN log and `restarted` in the state.
 *   Nothing is lost; documents already emitted are emitted again.
 * - Plain search_after reads (servers without PIT) continue exactly.
 * The point in time is closed in `finally`, whatever ends the read.
 */
export async function* readStream(read: StreamRead): AsyncGenerator<AirbyteMessage> {
  const descriptor: StreamDescriptor = { name: read.target.name };
  yield streamStatusMessage(descriptor, 'STARTED');
  let pitId: string | undefined;
  let planned: ReadStrategy | undefined;
  const { cluster, server, config, target } = read;
  try {
    // Records follow the schema the connection was configured with; today's mappings only decide the read and the warnings.
    const configured = jsonSchemaToFieldTree(read.configured.stream.json_schema);
    const declaredArrays = new Set([...walkFields(configured.tree.fields)].filter(([, node]) => node.array).map(([path]) => path));
    const indices = await readIndexTrees(cluster, target, (path) => declaredArrays.has(path));
    const strategy = planRead(config, server, read.configured, mergeFieldTrees(indices.map((entry) => entry.tree)), read.saved);
    planned = strategy;
    if (configured.legacy) {
      yield logMessage('WARN', `The schema of stream ${target.name} was discovered by an earlier version of this connector (fields with several types): records are conformed to each field's first type and read on. Refresh the connection's schema so that every destination gets one typed column per field.`);
    } else {
      const drift = schemaDrift(configured.tree, indices);
      if (drift !== undefined) yield logMessage('WARN', `The indices of stream ${target.name} no longer match its schema (${drift}): such values are sent as they are in _source, and destinations null them in typed columns (destination-s3-parquet keeps them in _airbyte_overflow). Refresh the connection's schema.`);
    }
    const tiebreaker = config.tiebreaker_field;
    if (tiebreaker !== undefined && strategy.cursor !== undefined && strategy.tiebreakerField === undefined) {
      yield logMessage('WARN', `tiebreaker_field "${tiebreaker}" is mapped in no index of stream ${target.name}, so its incremental reads sort on [${strategy.sort.map(sortFieldName).join(', ')}] instead (nothing is lost). If the field should be there, check its spelling (a full dotted path, for example event.id) and the mappings of the stream's indices.`);
    }
    const conform = compileConformer(configured.tree);
    const facts = await indexFacts(cluster, target);
    const pageSize = Math.min(config.page_size, facts.maxResultWindow);
    if (pageSize < config.page_size) yield logMessage('WARN', `page_size ${config.page_size} is above the max_result_window (${facts.maxResultWindow}) of ${target.name}; reading ${pageSize} documents per page instead.`);
    yield streamEstimateMessage(descriptor, await countDocuments(cluster, target, strategy));
    if (strategy.cursor !== undefined && !strategy.cursor.includesMissing) {
      const missing = await countDocuments(cluster, target, { query: withoutCursorQuery(config, strategy.cursor.field) });
      if (missing > 0) {
        yield logMessage(
          'WARN',
          `${missing} documents of stream ${target.name} have no value in the cursor field ${strategy.cursor.field}: an incremental sync reads only documents after its cursor, so these are not read${strategy.cursor.kind === 'date' ? ' (the first sync of the stream read those that existed then)' : ''}. To read them, reset the stream (a full refresh reads every document) or give the documents a ${strategy.cursor.field} at ingest.`,
        );
      }
    }

    let resume = resumableState(read.saved, strategy);
    let restartReason: string | undefined;
    if (resume !== undefined && !sameSort(resume, strategy)) {
      restartReason = 'its positions were saved by a read sorted differently (an earlier version of this connector)';
      // Its point in time, if still open, would otherwise hold the server's resources until it expires.
      if (resume.read_mode === 'pit' && resume.context_id !== undefined) await closePointInTime(cluster, server, resume.context_id).catch(() => undefined);
      resume = undefined;
    }
    if (resume !== undefined && resume.read_mode === 'scroll') {
      restartReason = 'a scroll cannot be continued exactly after an interruption';
      resume = undefined;
    }
    if (resume?.read_mode === 'pit') {
      if (resume.context_id !== undefined && (await pointInTimeAlive(cluster, resume.context_id, config.keep_alive))) pitId = resume.context_id;
      else {
        restartReason = 'its point in time expired, and positions in one point in time mean nothing in another';
        resume = undefined;
      }
    }
    const sliceMax = resume?.slice_max ?? sliceCount(config, server, strategy, facts);
    const progress = new StreamProgress(target.name, strategy, sliceMax, resume?.slices);
    if (restartReason !== undefined) {
      progress.markRestarted(restartReason);
      yield logMessage('WARN', `Stream ${target.name} restarts from the beginning${strategy.startCursor === undefined ? '' : ' of this incremental sync'}: ${restartReason}. Documents already emitted by the interrupted sync are emitted again (duplicates by _id, none lost).`);
    }
    if (strategy.readMode === 'pit' && pitId === undefined) pitId = await openPointInTime(cluster, server, target.search, config.keep_alive);
    progress.contextId = pitId;
    const cursorSpan = strategy.cursor?.windowed === true ? await readCursorSpan(cluster, target, strategy, pitId, config.keep_alive) : undefined;

    const sourceFilter = config.source_includes.length > 0 || config.source_excludes.length > 0 ? { includes: [...config.source_includes], excludes: [...config.source_excludes] } : undefined;
    const sources = progress.pendingSlices().map((slice) => () =>
      withDoneMarker(slice.id, slicePages({
        cluster,
        target: target.name,
        search: target.search,
        strategy,
        pageSize,
        keepAlive: config.keep_alive,
        sourceFilter,
        slice: { id: slice.id, max: sliceMax },
        ...(slice.searchAfter === undefined ? {} : { searchAfter: searchAfterFromState(slice.searchAfter, strategy) }),
        pitId: () => pitId ?? '',
        ...(cursorSpan === undefined ? {} : { cursorSpan }),
      })));

    let running = false;
    let sinceTurn = 0;
    let sinceCheckpoint = 0;
    let lastCheckpoint = Date.now();
    for await (const page of mergeConcurrently(sources, config.max_concurrent_slices)) {
      if (!running) {
        running = true;
        yield streamStatusMessage(descriptor, 'RUNNING');
      }
      if (typeof page === 'number') {
        progress.sliceDone(page);
        continue;
      }
      let held: readonly HitKey[];
      try {
        const emittedAt = Date.now();
        for (const hit of page.hits) {
          if (++sinceTurn === RECORDS_PER_TURN) {
            sinceTurn = 0;
            await nextTurn();
          }
          yield hitToRecord(descriptor.name, hit, emittedAt, conform);
        }
        held = page.hits.keys();
      } finally {
        page.hits.close();
      }
      if (page.pitId !== undefined) pitId = progress.contextId = page.pitId;
      progress.recordPage(page.slice, held, page.positioned ? held[held.length - 1]?.sort : undefined);
      sinceCheckpoint += held.length;
      if (sinceCheckpoint >= config.checkpoint_interval_records || Date.now() - lastCheckpoint >= config.checkpoint_interval_seconds * 1000) {
        yield streamStateMessage(descriptor, progress.state(false), sinceCheckpoint);
        sinceCheckpoint = 0;
        lastCheckpoint = Date.now();
      }
    }
    if (!running) yield streamStatusMessage(descriptor, 'RUNNING');
    yield streamStateMessage(descriptor, progress.state(true), sinceCheckpoint);
    yield streamStatusMessage(descriptor, 'COMPLETE');
  } catch (error) {
    yield streamStatusMessage(descriptor, 'INCOMPLETE');
    throw explainRefusedSort(error, target.name, planned);
  } finally {
    if (pitId !== undefined) await closePointInTime(cluster, server, pitId).catch(() => undefined);
  }
}

/** The field a sort entry (`"_doc"` or `{ field: order }`) sorts on. */
function sortFieldName(entry: JsonValue): string {
  return isJsonObject(entry) ? (Object.keys(entry)[0] ?? '') : String(entry);
}

/**
 * A refused request that names the field the read sorts on is a problem of
 * that field, not of the query the generic message of a refused request
 * points to, so the error names the setting to change:
 * - `tiebreaker_field` on a field the cluster cannot sort (text, no doc values);
 * - the cursor field, likewise;
 * - a date cursor sorted in nanoseconds (some index of the stream maps it
 *   `date_nanos`), which makes the cluster convert every index's dates and
 *   refuse the search for one outside 1970..2262 ("cannot be converted to
 *   nanoseconds").
 */
function explainRefusedSort(error: unknown, stream: string, strategy: ReadStrategy | undefined): unknown {
  if (!(error instanceof RejectedRequestError) || strategy === undefined) return error;
  const detail = error.internalMessage ?? error.message;
  const cursor = strategy.cursor;
  const tiebreaker = strategy.tiebreakerField;
  const fix = (message: string): unknown => configError(`${message}: ${detail}.`, { internalMessage: detail });
  if (cursor?.kind === 'date' && !cursor.sortsInMillis && /nanosecond/i.test(detail)) {
    return fix(`Stream ${stream} cannot be read incrementally on ${cursor.field}: an index of the stream maps it date_nanos, so every index is sorted in nanoseconds, and the cluster refused a date that nanoseconds cannot hold (before 1970 or after 2262-04-11). Choose another cursor field for the stream, map ${cursor.field} as date (not date_nanos) in every index of the stream, or leave such documents out with the query filter`);
  }
  if (tiebreaker !== undefined && detail.includes(`[${tiebreaker}]`)) {
    return fix(`The cluster cannot sort stream ${stream} on tiebreaker_field "${tiebreaker}". Set tiebreaker_field to a keyword field with doc values whose value is unique per document (for example event.id), or leave it empty`);
  }
  if (cursor !== undefined && detail.includes(`[${cursor.field}]`)) {
    return fix(`The cluster cannot sort stream ${stream} on its cursor field ${cursor.field}. Choose another cursor field for the stream in the connection (a date or numeric field with doc values)`);
  }
  return error;
}

/** A slice's pages followed by its id once it is exhausted, so progress can mark it done. */
async function* withDoneMarker(slice: number, pages: AsyncIterable<SlicePage>): AsyncGenerator<SlicePage | number> {
  yield* pages;
  yield slice;
}

/** A slice's saved position as `search_after` values: typed by `sortKinds`, a millisecond date cursor back from the nanoseconds state holds. */
function searchAfterFromState(saved: readonly string[], strategy: ReadStrategy): JsonValue[] {
  const values = sortValuesFromState(saved, strategy.sortKinds);
  const first = values[0];
  if (strategy.cursor?.sortsInMillis === true && typeof first === 'bigint') values[0] = nanosToSortValue(first, true);
  return values;
}

/** The saved state if it is an interrupted read of the same kind; a completed one starts a new read. */
function resumableState(saved: StreamStateV1 | undefined, strategy: ReadStrategy): StreamStateV1 | undefined {
  if (saved === undefined || saved.status !== 'in_progress' || saved.sync_mode !== strategy.syncMode || saved.read_mode !== strategy.readMode) return undefined;
  return saved;
}

/**
 * Whether an interrupted read's positions are positions in this read's
 * sort: the same sort kinds, and every saved position one value per sort
 * key (a state saved before `sort_kinds` existed has only the positions).
 * A full refresh sorted on `_shard_doc` alone, as earlier versions did,
 * cannot be continued in `_doc` order.
 */
function sameSort(saved: StreamStateV1, strategy: ReadStrategy): boolean {
  if (saved.sort_kinds !== undefined && saved.sort_kinds.join() !== strategy.sortKinds.join()) return false;
  return saved.slices.every((slice) => slice.search_after === undefined || slice.search_after.length === strategy.sortKinds.length);
}

async function pointInTimeAlive(cluster: Cluster, id: string, keepAlive: string): Promise<boolean> {
  try {
    await searchPointInTime(cluster, { size: 0, track_total_hits: false, pit: { id, keep_alive: keepAlive } }, 'check the saved point in time');
    return true;
  } catch (error) {
    if (error instanceof SearchContextMissingError) return false;
    throw error;
  }
}

/** Slices: the configured number, else one per primary shard up to the concurrency cap; 1 where the server cannot slice. */
function sliceCount(config: SourceConfig, server: ServerInfo, strategy: ReadStrategy, facts: IndexFacts): number {
  const canSlice = strategy.readMode === 'scroll' || (strategy.readMode === 'pit' && server.pitSlicing);
  if (!canSlice) return 1;
  const wanted = config.slices > 0 ? config.slices : Math.min(facts.primaryShards, config.max_concurrent_slices);
  return Math.max(1, wanted);
}

async function indexFacts(cluster: Cluster, target: StreamTarget): Promise<IndexFacts> {
  const body = mergeIndexAnswers(await cluster.requestEach(target.search, (segment) => ({
    method: 'GET',
    path: `/${segment}/_settings`,
    // Flat setting names contain dots, which filter_path needs escaped.
    querystring: { include_defaults: true, flat_settings: true, filter_path: '*.settings.index\\.number_of_shards,*.settings.index\\.max_result_window,*.defaults.index\\.max_result_window' },
    action: `read the settings of ${target.name}`,
    privilege: 'view_index_metadata',
  })));
  let shards = 0;
  let window = Number.POSITIVE_INFINITY;
  if (isJsonObject(body)) {
    for (const entry of Object.values(body)) {
      if (!isJsonObject(entry)) continue;
      const settings = isJsonObject(entry['settings']) ? entry['settings'] : {};
      const defaults = isJsonObject(entry['defaults']) ? entry['defaults'] : {};
      shards = Math.max(shards, Number(settings['index.number_of_shards'] ?? 1));
      const own = settings['index.max_result_window'] ?? defaults['index.max_result_window'];
      if (own !== undefined) window = Math.min(window, Number(own));
    }
  }
  return { primaryShards: Math.max(1, shards), maxResultWindow: Number.isFinite(window) ? window : 10_000 };
}

/**
 * The smallest and largest cursor value the read will see, for its windows:
 * one `min` and `max` aggregation over the stream's query, in its point in
 * time when it has one. None when no document has a value.
 */
async function readCursorSpan(cluster: Cluster, target: StreamTarget, strategy: ReadStrategy, pitId: string | undefined, keepAlive: string): Promise<CursorSpan | undefined> {
  const field = strategy.cursor?.field ?? '';
  const body: JsonObject = { size: 0, track_total_hits: false, aggs: { lowest: { min: { field } }, highest: { max: { field } } } };
  if (strategy.query !== undefined) body['query'] = strategy.query;
  const action = `find the cursor values of ${target.name}`;
  const response = await searchRead(cluster, target.search, pitId === undefined ? undefined : { id: pitId, keepAlive }, body, action);
  // A span from some shards only could start the windows above documents of the others: a failed shard or a timeout is an error.
  parseSearchResponse(response, target.name);
  const aggregations = isJsonObject(response) && isJsonObject(response['aggregations']) ? response['aggregations'] : {};
  const value = (name: string): JsonValue | undefined => {
    const entry = aggregations[name];
    return isJsonObject(entry) ? entry['value'] : undefined;
  };
  return spanOf(value('lowest'), value('highest'), strategy.cursor?.kind === 'date' && !strategy.cursor.sortsInMillis);
}

/** The user's query (if any), restricted to documents without a value in `field`. */
function withoutCursorQuery(config: SourceConfig, field: string): JsonObject {
  const query = parseQuery(config);
  return { bool: { ...(query === undefined ? {} : { filter: [query] }), must_not: [{ exists: { field } }] } };
}

/**
 * The documents matching the strategy's query, for the ESTIMATE and the
 * missing-cursor warning. One request per stream; an index family whose
 * patterns are too long for one request line is counted group by group and
 * summed, which counts twice an index that two groups' wildcards both match
 * (an estimate, never used for progress).
 */
async function countDocuments(cluster: Cluster, target: StreamTarget, strategy: Pick<ReadStrategy, 'query'>): Promise<number> {
  const body: JsonObject = strategy.query === undefined ? {} : { query: strategy.query };
  const responses = await cluster.requestEach(target.search, (segment) => ({ method: 'POST', path: `/${segment}/_count`, body, action: `count the documents of ${target.name}` }));
  let total = 0;
  for (const response of responses) {
    const count = isJsonObject(response) ? response['count'] : undefined;
    total += typeof count === 'number' ? count : Number(count ?? 0);
  }
  return total;
}
