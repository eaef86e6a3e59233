/**
 * The state of one stream, as it travels inside STATE messages (version 1).
 *
 * - `search_after` values are strings, so big integers and date_nanos stay
 *   exact in any JSON tooling; `sort_kinds` says how to send each back.
 * - Each slice has its own position and `done` flag; slices of one read
 *   share one point in time (`context_id`) or have their own scroll.
 * - `cursor` is the incremental boundary reached by the last complete sync:
 *   the next sync reads `cursor_field >= value` and skips the `boundary_ids`
 *   already read at exactly that value; `tiebreaker` records the last
 *   tiebreaker value read there, for information.
 */
export interface SliceState {
  readonly id: number;
  readonly search_after?: readonly string[];
  readonly done: boolean;
}

export interface CursorState {
  readonly field: string;
  readonly value: string;
  readonly tiebreaker?: string;
  readonly boundary_ids?: readonly string[];
}

export interface StreamStateV1 {
  readonly version: 1;
  readonly stream: string;
  readonly sync_mode: 'full_refresh' | 'incremental';
  readonly read_mode: 'pit' | 'scroll' | 'search_after';
  readonly status: 'in_progress' | 'done';
  readonly context_id?: string;
  readonly sort_kinds?: ReadonlyArray<'numeric' | 'string'>;
  readonly slice_max: number;
  readonly slices: readonly SliceState[];
  readonly cursor?: CursorState;
  readonly restarted?: { readonly at: string; readonly reason: string };
}

export const STREAM_STATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'stream', 'sync_mode', 'read_mode', 'status', 'slice_max', 'slices'],
  properties: {
    version: { const: 1 },
    stream: { type: 'string' },
    sync_mode: { enum: ['full_refresh', 'incremental'] },
    read_mode: { enum: ['pit', 'scroll', 'search_after'] },
    status: { enum: ['in_progress', 'done'] },
    context_id: { type: 'string' },
    sort_kinds: { type: 'array', items: { enum: ['numeric', 'string'] } },
    slice_max: { type: 'integer', minimum: 1 },
    slices: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'done'],
        properties: { id: { type: 'integer', minimum: 0 }, search_after: { type: 'array', items: { type: 'string' } }, done: { type: 'boolean' } },
      },
    },
    cursor: {
      type: 'object',
      additionalProperties: false,
      required: ['field', 'value'],
      properties: { field: { type: 'string' }, value: { type: 'string' }, tiebreaker: { type: 'string' }, boundary_ids: { type: 'array', items: { type: 'string' } } },
    },
    restarted: { type: 'object', required: ['at', 'reason'], properties: { at: { type: 'string' }, reason: { type: 'string' } } },
  },
} as const;
