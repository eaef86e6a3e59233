import type { JsonObject } from '../../json/json-value.js';

/**
 * The state of one stream, as it travels in STATE messages. Version 1.
 * Shaped for resumable and sliced reads: each slice has its own position
 * (the last sort values, as strings so big integers stay exact) and
 * whether it is done.
 */
export interface StreamStateV1 {
  readonly version: 1;
  readonly stream: string;
  readonly mode: 'pit' | 'scroll';
  /** `done` once every slice finished; the next full refresh starts afresh. */
  readonly status: 'in_progress' | 'done';
  readonly pit_id?: string;
  readonly scroll_id?: string;
  readonly slices: ReadonlyArray<{ readonly id: number; readonly max: number; readonly search_after?: readonly string[]; readonly done: boolean }>;
}

export function completedStreamState(stream: string, mode: 'pit' | 'scroll'): JsonObject {
  const state: StreamStateV1 = { version: 1, stream, mode, status: 'done', slices: [{ id: 0, max: 1, done: true }] };
  return state as unknown as JsonObject;
}
