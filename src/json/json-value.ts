/**
 * A JSON value as it travels through the connectors. Integers outside the
 * IEEE-754 safe range are `bigint`, so 9007199254740993 stays exact end to end.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
