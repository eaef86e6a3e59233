/**
 * Reading a stream's JSON schema the way a destination does: which single
 * type each property declares, and where a dotted field path lands. Shared by
 * the discover tests; knows nothing of Elasticsearch.
 */
import { isJsonObject, type JsonObject } from '../../src/json/json-value.js';

/** One schema reached from the root through `properties` and `items`. */
export interface SchemaNode {
  /** Dotted path of property names; `[]` stands for an array's `items`. */
  readonly path: string;
  readonly schema: JsonObject;
}

/** The entries of `type` (a string or a list) other than "null"; [] when the schema has no `type`. */
export function nonNullTypes(schema: JsonObject): string[] {
  const type = schema['type'];
  if (type === undefined) return [];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((entry) => entry !== 'null').map((entry) => String(entry));
}

/** True when `type` lists "null". */
export function allowsNull(schema: JsonObject): boolean {
  const type = schema['type'];
  return Array.isArray(type) ? type.includes('null') : type === 'null';
}

/**
 * Every schema below `root` reached through `properties` (each property) and
 * `items`, depth first, the root excluded. Throws when `properties` or
 * `items` is not an object schema, since no destination could read it.
 */
export function* schemaNodes(root: JsonObject, path = ''): Generator<SchemaNode> {
  const properties = root['properties'];
  if (properties !== undefined) {
    if (!isJsonObject(properties)) throw new TypeError(`${path || '<root>'}: properties is not an object`);
    for (const [name, child] of Object.entries(properties)) {
      const childPath = path === '' ? name : `${path}.${name}`;
      if (!isJsonObject(child)) throw new TypeError(`${childPath}: the schema is not an object`);
      yield { path: childPath, schema: child };
      yield* schemaNodes(child, childPath);
    }
  }
  const items = root['items'];
  if (items !== undefined) {
    const itemsPath = `${path}[]`;
    if (!isJsonObject(items)) throw new TypeError(`${itemsPath}: items is not one object schema`);
    yield { path: itemsPath, schema: items };
    yield* schemaNodes(items, itemsPath);
  }
}

/** The schema of an array's elements, repeatedly, until a schema that is not an array. */
export function unwrapArrays(schema: JsonObject): JsonObject {
  let current = schema;
  for (let guard = 0; guard < 64 && nonNullTypes(current).includes('array'); guard++) {
    const items = current['items'];
    if (!isJsonObject(items)) return current;
    current = items;
  }
  return current;
}

/**
 * The schema of the field at `path` (names from the root), following
 * `properties` and stepping through `items` where a level is an array.
 * Undefined when some name is not declared.
 */
export function schemaAt(root: JsonObject, path: readonly string[]): JsonObject | undefined {
  let current: JsonObject = root;
  for (const name of path) {
    const properties = unwrapArrays(current)['properties'];
    if (!isJsonObject(properties)) return undefined;
    const child = properties[name];
    if (!isJsonObject(child)) return undefined;
    current = child;
  }
  return current;
}

/** Keywords that make a schema a union or a reference, which destinations do not type as one column. */
export const UNION_KEYWORDS = ['anyOf', 'oneOf', 'allOf', '$ref', 'not'] as const;

/**
 * Every way `schema` breaks "one declared type": a `type` with more than one
 * non-null entry, a union keyword, `items` that is missing on an array or
 * present on a non-array, `properties` on a non-object, or a free-form schema
 * (no `type`) that still constrains its shape. Empty when the schema is fine.
 */
export function singleTypeViolations(schema: JsonObject): string[] {
  const problems: string[] = [];
  const types = nonNullTypes(schema);
  if (schema['type'] !== undefined && types.length !== 1) problems.push(`type ${JSON.stringify(schema['type'])} has ${types.length} non-null types`);
  for (const keyword of UNION_KEYWORDS) if (keyword in schema) problems.push(`uses ${keyword}`);
  const [type] = types;
  if (type === 'array' && !isJsonObject(schema['items'])) problems.push('an array without one items schema');
  if (type !== 'array' && 'items' in schema) problems.push(`items on a ${type ?? 'free-form'} schema`);
  if (type !== 'object' && 'properties' in schema) problems.push(`properties on a ${type ?? 'free-form'} schema`);
  return problems;
}
