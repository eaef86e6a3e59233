import type { JsonObject, JsonValue } from '../json/json-value.js';
import { isJsonObject } from '../json/json-value.js';

/**
 * Collects the values of every `airbyte_secret` field of `config`, walking the
 * schema (including `oneOf` branches). Used to scrub every message we print.
 */
export function secretValues(schema: JsonObject, config: unknown): string[] {
  const found: string[] = [];
  walk(schema, config, (value) => {
    if (typeof value === 'string' && value.length > 0) found.push(value);
  });
  return found;
}

/** Returns a copy of `config` with every secret value replaced by `"**********"`. */
export function redactConfig(schema: JsonObject, config: unknown): JsonValue {
  const secrets = new Set(secretValues(schema, config));
  const replace = (value: unknown): JsonValue => {
    if (typeof value === 'string') return secrets.has(value) ? '**********' : value;
    if (Array.isArray(value)) return value.map(replace);
    if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value as JsonValue;
  };
  return replace(config);
}

function walk(schema: JsonObject, value: unknown, onSecret: (value: unknown) => void): void {
  if (schema['airbyte_secret'] === true) onSecret(value);
  if (Array.isArray(schema['oneOf'])) for (const branch of schema['oneOf']) if (isJsonObject(branch)) walk(branch, value, onSecret);
  const properties = schema['properties'];
  if (isJsonObject(properties) && isJsonObject(value)) {
    for (const [key, sub] of Object.entries(properties)) if (isJsonObject(sub) && key in value) walk(sub, value[key], onSecret);
  }
  const items = schema['items'];
  if (isJsonObject(items) && Array.isArray(value)) for (const item of value) walk(items, item, onSecret);
}

/**
 * Replaces every occurrence of a known secret in `text`. The CLI applies it
 * to every LOG, TRACE and CONNECTION_STATUS message before printing.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 3) result = result.split(secret).join('**********');
  return result;
}
