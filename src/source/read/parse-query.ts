import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { configError } from '../../protocol/connector-error.js';
import { isJsonObject } from '../../json/json-value.js';
import { parseExactJson } from '../../json/exact-json.js';
import type { SourceConfig } from '../config/source-config-schema.js';

/** Parses the config's `query` into a Query DSL object, or a config_error naming the fix. */
export function parseQuery(config: SourceConfig): JsonObject | undefined {
  if (config.query === undefined || config.query.trim() === '') return undefined;
  let query: JsonValue;
  try {
    query = parseExactJson(config.query);
  } catch (error) {
    throw configError(`"query" is not valid JSON (${(error as Error).message}): give a Query DSL object such as {"match_all": {}}.`);
  }
  if (!isJsonObject(query)) throw configError('"query" must be a JSON object of Query DSL, such as {"term": {"status": "active"}}.');
  return query;
}
