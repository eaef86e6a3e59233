import { Ajv, type ErrorObject } from 'ajv';
import { configError } from '../../protocol/connector-error.js';
import { isJsonObject } from '../../json/json-value.js';
import { stateWithoutNulls, withoutNulls } from '../../protocol/protocol-nulls.js';
import { STREAM_STATE_SCHEMA, type StreamStateV1 } from './stream-state.js';

const validateStreamState = new Ajv({ allErrors: true, strict: false }).compile(STREAM_STATE_SCHEMA);

/**
 * Reads the `--state` input: an array of STATE messages (what Airbyte
 * passes), one STATE message, or `[]`. Returns each stream's state by name.
 * Null optional protocol fields count as absent (a null `stream_state` is
 * no state), as do null optional fields of our state blob; unknown protocol
 * fields are ignored.
 * Anything we cannot use exactly (LEGACY or GLOBAL state, a wrong shape, a
 * state from another version or for another stream) is a config_error:
 * never a silent full re-read.
 */
export function parseStateInput(raw: unknown, origin: string): Map<string, StreamStateV1> {
  const messages = Array.isArray(raw) ? raw : [raw];
  const states = new Map<string, StreamStateV1>();
  const fix = 'Pass the STATE messages a previous read printed (or [] to start afresh).';
  for (const [position, message] of messages.entries()) {
    const where = `${origin}, entry ${position + 1}`;
    if (!isJsonObject(message)) throw configError(`${where} is not a STATE message object. ${fix}`);
    const body = stateWithoutNulls(isJsonObject(message['state']) && message['type'] === 'STATE' ? message['state'] : withoutNulls(message));
    if (body['type'] !== 'STREAM') throw configError(`${where} has state type ${JSON.stringify(body['type'] ?? 'LEGACY')}; this source reads and writes per-stream state (type STREAM) only. ${fix}`);
    const stream = isJsonObject(body['stream']) ? body['stream'] : undefined;
    const descriptor = isJsonObject(stream?.['stream_descriptor']) ? stream['stream_descriptor'] : undefined;
    const name = descriptor?.['name'];
    if (typeof name !== 'string') throw configError(`${where} has no stream.stream_descriptor.name. ${fix}`);
    const blob = blobWithoutNulls(stream?.['stream_state']);
    if (blob === undefined || (isJsonObject(blob) && Object.keys(blob).length === 0)) continue;
    if (!validateStreamState(blob)) {
      const version = isJsonObject(blob) ? blob['version'] : undefined;
      const why = version !== 1 ? `it is version ${JSON.stringify(version)}, and this source reads version 1` : (validateStreamState.errors ?? []).map(describeStateError).join('; ');
      throw configError(`${where}: the state of stream "${name}" cannot be used (${why}). ${fix}`);
    }
    const state = blob as unknown as StreamStateV1;
    if (state.stream !== name) {
      throw configError(`${where}: the state filed under stream_descriptor.name ${JSON.stringify(name)} was written for another stream (its stream_state.stream is ${JSON.stringify(state.stream)}). ${fix}`);
    }
    states.set(name, state);
  }
  return states;
}

/**
 * One schema error of a state blob, naming the key by its path from the
 * stream's `stream_state` (`stream_state.slices[0]`): an unknown key by its
 * name, a missing one by its name, anything else with ajv's wording.
 */
function describeStateError(error: ErrorObject): string {
  const at = `stream_state${error.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.')}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${at} has an unknown key ${JSON.stringify(params['additionalProperty'])}`;
  if (error.keyword === 'required') return `${at} lacks the required key ${JSON.stringify(params['missingProperty'])}`;
  if (error.keyword === 'enum') return `${at} must be one of ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
  return `${at} ${error.message ?? 'is invalid'}`;
}

/** Our state blob with its null optional fields (top level, cursor, slices) removed; anything else unchanged. */
function blobWithoutNulls(blob: unknown): unknown {
  if (!isJsonObject(blob)) return blob;
  const state = withoutNulls(blob);
  const cursor = state['cursor'];
  const slices = state['slices'];
  return {
    ...state,
    ...(isJsonObject(cursor) ? { cursor: withoutNulls(cursor) } : {}),
    ...(Array.isArray(slices) ? { slices: slices.map((slice) => (isJsonObject(slice) ? withoutNulls(slice) : slice)) } : {}),
  };
}
