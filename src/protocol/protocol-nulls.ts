import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.js';

/**
 * Be liberal in what we accept: Airbyte's Python models (airbyte-cdk,
 * PyAirbyte) write every optional protocol field they do not set as an
 * explicit `null` (`dataclasses.asdict`), where the protocol schema says
 * the field is absent. These helpers turn such nulls into absent fields at
 * the edge (catalog files, state files, destination input), so typed code
 * inside never sees a null where its type says `field?: T`. Only protocol
 * objects are cleaned: a record's `data`, a stream's `json_schema` and the
 * opaque state blobs are left exactly as they are (a null there is data).
 * Unknown extra fields are kept.
 */

/** A shallow copy of `object` without the keys whose value is null. */
export function withoutNulls(object: JsonObject): JsonObject {
  let copy: JsonObject | undefined;
  for (const key of Object.keys(object)) {
    if (object[key] !== null) continue;
    copy ??= { ...object };
    delete copy[key];
  }
  return copy ?? object;
}

/** `withoutNulls` when `value` is an object; anything else unchanged (for the validator to judge). */
function cleaned(value: JsonValue | undefined): JsonValue | undefined {
  return isJsonObject(value) ? withoutNulls(value) : value;
}

/**
 * A ConfiguredAirbyteCatalog without null optional fields: at the top, in
 * each ConfiguredAirbyteStream and in its AirbyteStream (not inside
 * `json_schema`). Returns new objects; the input is not changed.
 */
export function catalogWithoutNulls(raw: unknown): unknown {
  if (!isJsonObject(raw)) return raw;
  const catalog = withoutNulls(raw);
  const streams = catalog['streams'];
  if (!Array.isArray(streams)) return catalog;
  return {
    ...catalog,
    streams: streams.map((entry) => {
      if (!isJsonObject(entry)) return entry;
      const configured = withoutNulls(entry);
      const stream = cleaned(configured['stream']);
      return stream === undefined ? configured : { ...configured, stream };
    }),
  };
}

/**
 * An AirbyteStateMessage (the `state` of a STATE message) without null
 * optional fields: at its top (`stream`, `global`, `data`, `sourceStats`,
 * `destinationStats`, `type`...), in `stream`, its `stream_descriptor`, the
 * stats objects, and in `global` and each of its `stream_states`. A null
 * `stream_state` or `shared_state` becomes absent (no state); the blobs
 * themselves are not touched. Returns new objects.
 */
export function stateWithoutNulls(raw: JsonObject): JsonObject {
  const state = withoutNulls(raw);
  const out: JsonObject = { ...state };
  const stream = streamStateWithoutNulls(state['stream']);
  if (stream !== undefined) out['stream'] = stream;
  for (const stats of ['sourceStats', 'destinationStats']) {
    const value = cleaned(state[stats]);
    if (value !== undefined) out[stats] = value;
  }
  if (isJsonObject(state['global'])) {
    const global = withoutNulls(state['global']);
    const streamStates = global['stream_states'];
    out['global'] = Array.isArray(streamStates) ? { ...global, stream_states: streamStates.map((entry) => streamStateWithoutNulls(entry) ?? entry) } : global;
  }
  return out;
}

function streamStateWithoutNulls(value: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(value)) return value;
  const stream = withoutNulls(value);
  const descriptor = cleaned(stream['stream_descriptor']);
  return descriptor === undefined ? stream : { ...stream, stream_descriptor: descriptor };
}

/**
 * A STATE message read from a file: either the AirbyteMessage
 * (`{"type": "STATE", "state": {...}}`) or the bare AirbyteStateMessage
 * Airbyte's platform passes to `--state`; returned as the AirbyteMessage,
 * without nulls (`stateWithoutNulls`), or undefined when it is neither.
 */
export function stateMessageWithoutNulls(raw: unknown): JsonObject | undefined {
  if (!isJsonObject(raw)) return undefined;
  const message = withoutNulls(raw);
  if (message['type'] === 'STATE' && isJsonObject(message['state'])) return { ...message, state: stateWithoutNulls(message['state']) };
  if (message['type'] === 'STATE' || message['state'] !== undefined) return undefined;
  return { type: 'STATE', state: stateWithoutNulls(message) };
}
