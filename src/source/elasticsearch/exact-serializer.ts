import { Serializer, errors } from '@elastic/transport';
import { stringifyExactJson } from '../../json/exact-json.js';
import { parseResponseJson } from './search-response-json.js';

/**
 * The client's JSON codec, exact for integers beyond 2^53: `long` and
 * `unsigned_long` values in `_source` and in sort values arrive as `bigint`
 * and go back out (in `search_after`) as the same digits. Search pages whose
 * only such integers are sort values parse on the native path (see
 * search-response-json.ts).
 */
export class ExactJsonSerializer extends Serializer {
  override serialize(object: Record<string, unknown>): string {
    try {
      return stringifyExactJson(object);
    } catch (error) {
      throw new errors.SerializationError((error as Error).message, object);
    }
  }

  override deserialize<T = unknown>(json: string): T {
    try {
      return parseResponseJson(json) as T;
    } catch (error) {
      throw new errors.DeserializationError((error as Error).message, json);
    }
  }
}
