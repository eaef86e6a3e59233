import type { JsonObject } from '../../json/json-value.js';
import type { FieldMap, FieldNode, FieldTree, FieldType } from './field-node.js';

/**
 * The stream's JSON schema, in the forms Airbyte destinations type
 * (well_known_types.yaml): every property allows null and has exactly one
 * other type. Integers `integer`, numbers `number`, `boolean`, `string`
 * (binary with `contentEncoding: base64`), instants `string` +
 * `format: date-time` + `airbyte_type: timestamp_with_timezone`, objects
 * with `properties`, lists `array` with `items`, free-form `{}`.
 * `x-elasticsearch-type` (and `x-elasticsearch-format` for a non-default
 * date format) annotate the mapping each field came from. Each node is
 * rendered once, so the schema's size is linear in the mapping's.
 * Every record also carries `_id` (the primary key) and `_index`.
 */
export function fieldTreeToJsonSchema(tree: FieldTree): JsonObject {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: tree.open,
    required: ['_id', '_index'],
    properties: {
      _id: { type: 'string', description: 'Document _id (primary key).' },
      _index: { type: 'string', description: 'The index the document was read from.' },
      ...propertiesOf(tree.fields),
    },
  };
}

function propertiesOf(fields: FieldMap): JsonObject {
  const properties: JsonObject = {};
  for (const [name, node] of fields) properties[name] = fieldSchema(node);
  return properties;
}

function fieldSchema(node: FieldNode): JsonObject {
  const annotations: JsonObject = {};
  if (node.esType !== '') annotations['x-elasticsearch-type'] = node.esType;
  if (node.format !== undefined) annotations['x-elasticsearch-format'] = node.format;
  const element = typeSchema(node.type);
  return node.array ? { type: ['null', 'array'], items: element, ...annotations } : { ...element, ...annotations };
}

function typeSchema(type: FieldType): JsonObject {
  switch (type.kind) {
    case 'string':
      return type.binary === true ? { type: ['null', 'string'], contentEncoding: 'base64' } : { type: ['null', 'string'] };
    case 'integer':
    case 'number':
    case 'boolean':
      return { type: ['null', type.kind] };
    case 'timestamp':
      return { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' };
    case 'object':
      return { type: ['null', 'object'], properties: propertiesOf(type.fields), additionalProperties: type.open };
    case 'free':
      return {};
  }
}
