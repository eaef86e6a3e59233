/**
 * The rules Airbyte's CAT applies to a connector specification
 * (connector_acceptance_test/tests/test_core.py, TestSpec), as pure
 * functions returning one sentence per problem found; [] means the spec passes.
 */
import { Ajv } from 'ajv';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every subschema of `schema` with its JSON path (properties, items, oneOf/anyOf members, additionalProperties). */
export function subschemas(schema: Schema, path = '#'): Array<{ path: string; schema: Schema }> {
  const found = [{ path, schema }];
  const properties = schema['properties'];
  if (isObject(properties)) for (const [name, child] of Object.entries(properties)) if (isObject(child)) found.push(...subschemas(child, `${path}/properties/${name}`));
  const items = schema['items'];
  if (isObject(items)) found.push(...subschemas(items, `${path}/items`));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const members = schema[keyword];
    if (Array.isArray(members)) members.forEach((member, index) => isObject(member) && found.push(...subschemas(member, `${path}/${keyword}/${index}`)));
  }
  if (isObject(schema['additionalProperties'])) found.push(...subschemas(schema['additionalProperties'], `${path}/additionalProperties`));
  return found;
}

/** A schema the draft-07 meta-schema accepts (Airbyte's extra keywords such as `order` are allowed). */
export function draft07Problems(schema: unknown, what: string): string[] {
  const ajv = new Ajv({ strict: false, logger: false, validateFormats: false });
  if (isObject(schema) && schema['$schema'] !== undefined && schema['$schema'] !== 'http://json-schema.org/draft-07/schema#') {
    return [`${what} declares $schema ${String(schema['$schema'])}, not draft-07`];
  }
  return ajv.validateSchema(schema as object) === true ? [] : [`${what} is not a valid draft-07 schema: ${ajv.errorsText(ajv.errors)}`];
}

const FORBIDDEN = ['$ref', 'allOf', 'not', 'if', 'then', 'else', 'patternProperties'];
const SECRET_NAME = /(^|_)(password|passwd|secret|token|api_?key|access_?key|private_?key|credentials?)$/i;

/** Every rule of CAT's TestSpec that can be checked on the spec alone. */
export function specProblems(connectionSpecification: Schema): string[] {
  const problems = draft07Problems(connectionSpecification, 'connectionSpecification');
  for (const { path, schema } of subschemas(connectionSpecification)) {
    for (const keyword of FORBIDDEN) if (keyword in schema) problems.push(`${path} uses ${keyword}, which the Airbyte UI does not render`);
    const type = schema['type'];
    if (Array.isArray(type) && !(type.length === 2 && type.includes('null') && type.every((t) => typeof t === 'string'))) {
      problems.push(`${path} has type ${JSON.stringify(type)}: one type, or one type and null`);
    }
    if (Array.isArray(schema['enum']) && new Set(schema['enum'].map((value) => JSON.stringify(value))).size !== schema['enum'].length) {
      problems.push(`${path} has repeated enum values`);
    }
    const name = path.split('/').at(-1) ?? '';
    if (path.includes('/properties/') && SECRET_NAME.test(name) && schema['type'] === 'string' && schema['airbyte_secret'] !== true) {
      problems.push(`${path} looks like a secret but is not marked airbyte_secret`);
    }
    if (Array.isArray(schema['oneOf'])) problems.push(...oneOfProblems(path, schema));
  }
  return problems;
}

/** CAT's oneOf rules: object options sharing exactly one const discriminator, required in each, whose default equals its const. */
function oneOfProblems(path: string, schema: Schema): string[] {
  const problems: string[] = [];
  if (schema['type'] !== 'object') problems.push(`${path} has oneOf but is not of type object`);
  const options = (schema['oneOf'] as unknown[]).filter(isObject);
  const propertySets = options.map((option) => (isObject(option['properties']) ? option['properties'] : {}));
  options.forEach((option, index) => option['type'] !== 'object' && problems.push(`${path}/oneOf/${index} is not of type object`));
  const shared = Object.keys(propertySets[0] ?? {}).filter((name) => propertySets.every((properties) => isObject(properties[name]) && 'const' in (properties[name] as Schema)));
  if (shared.length !== 1) return [...problems, `${path}: the oneOf options share ${shared.length} const properties, exactly one is required (${shared.join(', ')})`];
  const discriminator = shared[0]!;
  const values = propertySets.map((properties) => (properties[discriminator] as Schema)['const']);
  if (new Set(values.map((value) => JSON.stringify(value))).size !== values.length) problems.push(`${path}: the ${discriminator} consts repeat`);
  options.forEach((option, index) => {
    const property = propertySets[index]![discriminator] as Schema;
    if (property['default'] !== property['const']) problems.push(`${path}/oneOf/${index}/properties/${discriminator}: default ${JSON.stringify(property['default'])} differs from const ${JSON.stringify(property['const'])}`);
    if (!(Array.isArray(option['required']) && option['required'].includes(discriminator))) problems.push(`${path}/oneOf/${index} does not require ${discriminator}`);
  });
  return problems;
}

/** CAT's discovery rules for one catalog. */
export function catalogProblems(catalog: { streams: Array<Schema> }): string[] {
  const problems: string[] = [];
  const names = catalog.streams.map((stream) => String(stream['name']));
  if (new Set(names).size !== names.length) problems.push(`stream names repeat: ${names.join(', ')}`);
  for (const stream of catalog.streams) {
    const name = String(stream['name']);
    const schema = stream['json_schema'];
    problems.push(...draft07Problems(schema, `the schema of ${name}`));
    if (!Array.isArray(stream['supported_sync_modes']) || stream['supported_sync_modes'].length === 0) problems.push(`${name} has no supported_sync_modes`);
    const paths = [
      ...(Array.isArray(stream['default_cursor_field']) ? [stream['default_cursor_field'] as string[]] : []),
      ...(Array.isArray(stream['source_defined_primary_key']) ? (stream['source_defined_primary_key'] as string[][]) : []),
    ];
    for (const fieldPath of paths) if (!isObject(schema) || !pathExists(schema, fieldPath)) problems.push(`${name}: ${fieldPath.join('.')} is not in its schema`);
    if (isObject(schema)) for (const { path, schema: sub } of subschemas(schema)) if ('$ref' in sub) problems.push(`${name}: ${path} uses $ref`);
  }
  return problems;
}

function pathExists(schema: Schema, fieldPath: readonly string[]): boolean {
  let current: unknown = schema;
  for (const field of fieldPath) {
    const properties = isObject(current) ? current['properties'] : undefined;
    if (!isObject(properties) || !(field in properties)) return false;
    current = properties[field];
  }
  return true;
}
