import type { JsonObject, JsonValue } from '../../json/json-value.js';
import type { CursorState, SliceState, StreamStateV1 } from '../state/stream-state.js';
import { MISSING_DATE_SORT_VALUE, sortValueToNanos, type ReadStrategy } from './read-strategy.js';
import { sortValuesToState } from './sort-values.js';
import type { HitKey } from './search-response.js';

/** Most ids remembered at the incremental boundary; beyond this the next sync re-reads that value (duplicates, never loss). */
const MAX_BOUNDARY_IDS = 10_000;

interface SliceProgress {
  searchAfter?: string[];
  done: boolean;
  /** Incremental: the last cursor value and tiebreaker emitted by this slice, and the ids emitted at that value. */
  lastCursor?: bigint | number;
  lastCursorText?: string;
  lastTiebreaker?: string;
  idsAtLastCursor: string[];
}

/**
 * What a stream has emitted so far, slice by slice, and the state that
 * covers it. The caller records a page only after yielding all of its
 * records, so a state built here never runs ahead of the records emitted.
 */
export class StreamProgress {
  private readonly slices = new Map<number, SliceProgress>();
  recordCount = 0;
  contextId: string | undefined;
  private restarted: { at: string; reason: string } | undefined;

  constructor(
    private readonly stream: string,
    private readonly strategy: ReadStrategy,
    readonly sliceMax: number,
    resumeFrom?: readonly SliceState[],
  ) {
    for (let id = 0; id < sliceMax; id++) {
      const saved = resumeFrom?.find((slice) => slice.id === id);
      const progress: SliceProgress = { done: saved?.done ?? false, idsAtLastCursor: [] };
      if (saved?.search_after !== undefined) progress.searchAfter = [...saved.search_after];
      this.slices.set(id, progress);
    }
  }

  pendingSlices(): Array<{ id: number; searchAfter?: readonly string[] }> {
    return [...this.slices.entries()].filter(([, slice]) => !slice.done).map(([id, slice]) => (slice.searchAfter === undefined ? { id } : { id, searchAfter: slice.searchAfter }));
  }

  markRestarted(reason: string): void {
    this.restarted = { at: new Date().toISOString(), reason };
    for (const slice of this.slices.values()) {
      delete slice.searchAfter;
      slice.done = false;
    }
  }

  /** Records a fully emitted page of `slice`. */
  recordPage(slice: number, hits: readonly HitKey[], searchAfter: readonly JsonValue[] | undefined): void {
    const progress = this.slices.get(slice);
    if (progress === undefined) return;
    this.recordCount += hits.length;
    const cursor = this.strategy.cursor;
    const millis = cursor?.sortsInMillis === true;
    if (searchAfter !== undefined) progress.searchAfter = sortValuesToState(millis ? withCursorInNanos(searchAfter) : searchAfter);
    if (cursor === undefined) return;
    for (const hit of hits) {
      const sorted = hit.sort[0];
      if (typeof sorted !== 'number' && typeof sorted !== 'bigint') continue;
      if (cursor.includesMissing && BigInt(sorted) >= MISSING_DATE_SORT_VALUE) continue; // no cursor value: never the boundary
      const value = millis ? sortValueToNanos(sorted, true) : sorted;
      if (progress.lastCursor === undefined || value !== progress.lastCursor) {
        progress.lastCursor = value;
        progress.lastCursorText = value.toString();
        progress.idsAtLastCursor = [];
      }
      if (progress.idsAtLastCursor.length < MAX_BOUNDARY_IDS) progress.idsAtLastCursor.push(hit.id);
      const tie = this.strategy.tiebreakerField === undefined ? undefined : hit.sort[1];
      if (typeof tie === 'string') progress.lastTiebreaker = tie;
    }
  }

  sliceDone(slice: number): void {
    const progress = this.slices.get(slice);
    if (progress !== undefined) progress.done = true;
  }

  /**
   * The incremental boundary after a complete sync: the greatest position
   * emitted, or the one it started from. Cursor values are compared as
   * they are (a bigint and a number compare exactly): a `double` cursor's
   * values are fractions, which no BigInt can hold.
   */
  private finalCursor(): CursorState | undefined {
    const cursor = this.strategy.cursor;
    if (cursor === undefined) return undefined;
    let best: SliceProgress | undefined;
    for (const slice of this.slices.values()) {
      if (slice.lastCursor === undefined) continue;
      if (best?.lastCursor === undefined || slice.lastCursor > best.lastCursor || (slice.lastCursorText === best.lastCursorText && (slice.lastTiebreaker ?? '') > (best.lastTiebreaker ?? ''))) best = slice;
    }
    if (best?.lastCursorText === undefined) return this.strategy.startCursor;
    const value = best.lastCursorText;
    const ids = [...this.slices.values()].filter((slice) => slice.lastCursorText === value).flatMap((slice) => slice.idsAtLastCursor);
    // Ids already skipped at the same boundary in earlier syncs stay skipped.
    if (this.strategy.startCursor?.value === value) ids.push(...(this.strategy.startCursor.boundary_ids ?? []));
    const unique = [...new Set(ids)];
    const state: CursorState = { field: cursor.field, value, boundary_ids: unique.length <= MAX_BOUNDARY_IDS ? unique : [] };
    return best.lastTiebreaker !== undefined && this.strategy.tiebreakerField !== undefined ? { ...state, tiebreaker: best.lastTiebreaker } : state;
  }

  /** The stream state now: mid-read (positions) or, with `done`, complete. */
  state(done: boolean): JsonObject {
    const cursor = done ? this.finalCursor() : this.strategy.startCursor;
    const state: StreamStateV1 = {
      version: 1,
      stream: this.stream,
      sync_mode: this.strategy.syncMode,
      read_mode: this.strategy.readMode,
      status: done ? 'done' : 'in_progress',
      ...(done || this.contextId === undefined ? {} : { context_id: this.contextId }),
      sort_kinds: [...this.strategy.sortKinds],
      slice_max: this.sliceMax,
      slices: [...this.slices.entries()].map(([id, slice]) => (done ? { id, done: true } : { id, done: slice.done, ...(slice.searchAfter === undefined ? {} : { search_after: slice.searchAfter }) })),
      ...(cursor === undefined ? {} : { cursor }),
      ...(this.restarted === undefined ? {} : { restarted: this.restarted }),
    };
    return state as unknown as JsonObject;
  }
}

/** Sort values with the first, a millisecond date cursor, in nanoseconds (as state holds it). */
function withCursorInNanos(values: readonly JsonValue[]): JsonValue[] {
  const [first, ...rest] = values;
  return typeof first === 'number' || typeof first === 'bigint' ? [sortValueToNanos(first, true), ...rest] : [...values];
}
