import { isJsonObject, type JsonObject, type JsonValue } from '../../src/json/json-value.js';
import type { EpochUnit } from './instant-oracle.js';

/**
 * What a stream schema declares for one field, read by the tests straight
 * from the `json_schema` (not with the connectors' code), following the
 * README's table: one non-null type per property.
 */
export type DeclaredType =
  | { readonly kind: 'integer' | 'number' | 'boolean' | 'string' }
  /** `format: date-time`; epoch numbers are read in `epoch` units. */
  | { readonly kind: 'timestamp'; readonly epoch: EpochUnit }
  /** An object with properties; `geoPoint` for a `geo_point` ({lat, lon}). */
  | { readonly kind: 'object'; readonly properties: ReadonlyMap<string, DeclaredType>; readonly geoPoint: boolean }
  | { readonly kind: 'array'; readonly items: DeclaredType }
  /** `{}` or an object without properties: free-form JSON. */
  | { readonly kind: 'free' };

/**
 * The declared type of a property schema. Throws when the schema breaks the
 * one-type promise (a `type` list with several non-null types), so a test
 * fails on it. `esType` is the mapping type of an enclosing array schema
 * (the `x-elasticsearch-type` sits on the array, not on its items).
 */
export function declaredType(schema: JsonValue | undefined, esType?: string): DeclaredType {
  if (!isJsonObject(schema)) return { kind: 'free' };
  const mappingType = typeof schema['x-elasticsearch-type'] === 'string' ? schema['x-elasticsearch-type'] : esType;
  const types = Array.isArray(schema['type']) ? schema['type'] : schema['type'] === undefined ? [] : [schema['type']];
  const nonNull = types.filter((type) => type !== 'null');
  if (nonNull.length > 1) throw new Error(`a property declares several types: ${JSON.stringify(schema['type'])}`);
  switch (nonNull[0]) {
    case undefined:
      return { kind: 'free' };
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: nonNull[0] };
    case 'string':
      return schema['format'] === 'date-time' ? { kind: 'timestamp', epoch: epochUnit(schema) } : { kind: 'string' };
    case 'object': {
      const properties = schema['properties'];
      if (!isJsonObject(properties) || Object.keys(properties).length === 0) return { kind: 'free' };
      const declared = new Map(Object.entries(properties).map(([name, property]) => [name, declaredType(property)] as const));
      return { kind: 'object', properties: declared, geoPoint: mappingType === 'geo_point' };
    }
    case 'array':
      return isJsonObject(schema['items']) ? { kind: 'array', items: declaredType(schema['items'], mappingType) } : { kind: 'free' };
    default:
      throw new Error(`a property has a type the README does not list: ${JSON.stringify(schema['type'])}`);
  }
}

/** The declared types of a stream's top-level properties. */
export function streamProperties(jsonSchema: JsonObject): ReadonlyMap<string, DeclaredType> {
  const declared = declaredType({ type: 'object', properties: jsonSchema['properties'] ?? {} });
  if (declared.kind !== 'object') throw new Error('the stream schema has no properties');
  return declared.properties;
}

/**
 * Elasticsearch's default date format reads epoch milliseconds; a format
 * naming `epoch_second` (and not `epoch_millis`) reads seconds.
 */
function epochUnit(schema: JsonObject): EpochUnit {
  const format = schema['x-elasticsearch-format'];
  return typeof format === 'string' && format.includes('epoch_second') && !format.includes('epoch_millis') ? 'seconds' : 'millis';
}
