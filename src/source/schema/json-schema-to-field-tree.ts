import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { parseDateFormat } from './date-format.js';
import type { FieldMap, FieldNode, FieldTree, FieldType } from './field-node.js';

/** A configured stream's schema read back as a field tree, and whether it is of the older union form. */
export interface ConfiguredTree {
  readonly tree: FieldTree;
  /**
   * Discovered by a version before typed schemas: some field lists several
   * non-null types (`["null","integer","number","string","array"]`). Its
   * fields are read by their first non-null type, as destination-s3-parquet does.
   */
  readonly legacy: boolean;
}

/**
 * Reads the schema a connection was configured with (what `discover`
 * rendered, see field-tree-to-json-schema.ts) back into the field tree that
 * the records are conformed to: the schema is the promise made to the
 * destination, so records follow it rather than today's mapping.
 */
export function jsonSchemaToFieldTree(schema: JsonObject): ConfiguredTree {
  const state = { legacy: false };
  const properties = isJsonObject(schema['properties']) ? schema['properties'] : {};
  const fields = fieldsOf(properties, state);
  fields.delete('_id');
  fields.delete('_index');
  return { tree: { fields, open: schema['additionalProperties'] !== false }, legacy: state.legacy };
}

function fieldsOf(properties: JsonObject, state: { legacy: boolean }): Map<string, FieldNode> {
  const fields = new Map<string, FieldNode>();
  for (const [name, schema] of Object.entries(properties)) fields.set(name, fieldOf(schema, state));
  return fields;
}

function fieldOf(schema: JsonValue, state: { legacy: boolean }): FieldNode {
  if (!isJsonObject(schema)) return { type: { kind: 'free' }, array: false, esType: '' };
  const esType = typeof schema['x-elasticsearch-type'] === 'string' ? schema['x-elasticsearch-type'] : '';
  const format = typeof schema['x-elasticsearch-format'] === 'string' ? schema['x-elasticsearch-format'] : undefined;
  const main = mainType(schema, state);
  const array = main === 'array';
  const element = array ? (isJsonObject(schema['items']) ? schema['items'] : {}) : schema;
  const node: FieldNode = { type: elementType(array ? mainType(element, state) : main, element, esType, format, state), array, esType };
  return format === undefined ? node : { ...node, format };
}

function mainType(schema: JsonObject, state: { legacy: boolean }): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type === 'null' ? undefined : type;
  if (!Array.isArray(type)) return undefined;
  const types = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
  if (types.length > 1) state.legacy = true;
  return types[0];
}

function elementType(main: string | undefined, schema: JsonObject, esType: string, format: string | undefined, state: { legacy: boolean }): FieldType {
  switch (main) {
    case 'string': {
      const airbyteType = schema['airbyte_type'];
      if (schema['format'] === 'date-time' || airbyteType === 'timestamp_with_timezone' || airbyteType === 'timestamp_without_timezone') {
        const parsed = esType === 'date' || esType === 'date_nanos' ? parseDateFormat(format) : { iso: true as const };
        return parsed.iso && parsed.epoch !== undefined ? { kind: 'timestamp', epoch: parsed.epoch } : { kind: 'timestamp' };
      }
      return schema['contentEncoding'] === 'base64' ? { kind: 'string', binary: true } : { kind: 'string' };
    }
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: main };
    case 'object': {
      const properties = schema['properties'];
      if (!isJsonObject(properties)) return { kind: 'free' };
      const fields: FieldMap = fieldsOf(properties, state);
      return { kind: 'object', fields, open: schema['additionalProperties'] !== false };
    }
    default:
      return { kind: 'free' };
  }
}
