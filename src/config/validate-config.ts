import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { configError } from '../protocol/connector-error.js';
import type { JsonObject } from '../json/json-value.js';
import { AIRBYTE_SPEC_KEYWORDS } from './spec-keywords.js';
import { NO_CONTROL_CHARACTERS, PRINTABLE_ASCII } from './text-patterns.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Builds the validator for one connector's config schema. The returned
 * function applies the schema's defaults to a copy of the input, checks it,
 * and returns it frozen and typed; on failure it throws a config_error whose
 * message names the file, every wrong field and how to fix it.
 */
export function createConfigValidator<T>(schema: JsonObject): (raw: unknown, origin: string) => Readonly<T> {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, discriminator: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const keyword of AIRBYTE_SPEC_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['boolean', 'number', 'string'] });
  const validate = ajv.compile(schema) as ValidateFunction<T>;
  return (raw, origin) => {
    const copy = structuredClone(raw);
    if (validate(copy)) return deepFreeze(copy);
    const problems = describeErrors(narrowOneOfErrors(validate.errors ?? [], schema, copy), schema);
    throw configError(`${origin} is not a valid config: ${problems.join('; ')}.`);
  };
}

/** The property every branch of a `oneOf` fixes with `const` (our discriminator), and each branch's value. */
function discriminatorOf(branches: JsonObject[]): { tag: string; values: unknown[] } | undefined {
  const first = branches[0]?.['properties'];
  if (typeof first !== 'object' || first === null) return undefined;
  for (const tag of Object.keys(first)) {
    const values = branches.map((branch) => ((branch['properties'] as Record<string, Record<string, unknown> | undefined> | undefined)?.[tag])?.['const']);
    if (values.every((value) => value !== undefined)) return { tag, values };
  }
  return undefined;
}

function valueAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const part of instancePath.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/**
 * A `oneOf` failure reports every branch's errors. Keep only the branch the
 * user chose by its discriminator (`method`, `mode`...), or one error naming
 * the allowed values when the discriminator itself is wrong.
 */
function narrowOneOfErrors(errors: ErrorObject[], root: JsonObject, data: unknown): ErrorObject[] {
  let result = errors;
  for (const error of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = (schemaAt(root, error.schemaPath)?.['oneOf'] ?? []) as JsonObject[];
    const discriminator = discriminatorOf(branches);
    if (discriminator === undefined) continue;
    const chosen = (valueAt(data, error.instancePath) as Record<string, unknown> | undefined)?.[discriminator.tag];
    const index = discriminator.values.indexOf(chosen);
    const prefix = `${error.schemaPath}/`;
    result = result.filter((e) => e !== error && !(e.schemaPath.startsWith(prefix) && !e.schemaPath.startsWith(`${prefix}${index}/`)));
    if (index < 0) {
      result.push({ ...error, keyword: 'enum', instancePath: `${error.instancePath}/${discriminator.tag}`, params: { allowedValues: discriminator.values } });
    }
  }
  return result;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** `/authentication/password` becomes `authentication.password`. */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').filter((part) => part !== '');
  if (child !== undefined) parts.push(child);
  return parts.length === 0 ? 'the top level' : `"${parts.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')}"`;
}

/** Finds the sub-schema for a schema path such as `#/properties/a/oneOf/1/properties/b`. */
function schemaAt(root: JsonObject, schemaPath: string): JsonObject | undefined {
  let node: unknown = root;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1)) {
    if (part === '') continue;
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as JsonObject) : undefined;
}

function describeError(error: ErrorObject, root: JsonObject): string | undefined {
  const at = fieldName(error.instancePath);
  const schema = schemaAt(root, error.schemaPath);
  const hint = typeof schema?.['description'] === 'string' ? ` (${schema['description']})` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${fieldName(error.instancePath, String(params['missingProperty']))} is required: add it`;
    case 'additionalProperties': {
      const allowed = Object.keys((schema?.['properties'] as JsonObject | undefined) ?? {});
      return `${fieldName(error.instancePath, String(params['additionalProperty']))} is not a known setting: remove it or fix its spelling (known settings here: ${allowed.join(', ')})`;
    }
    case 'type':
      return `${at} must be ${article(String(params['type']))}${hint}`;
    case 'enum':
      return `${at} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return undefined; // reported through the discriminator or oneOf
    case 'discriminator': {
      const options = Array.isArray(schema?.['oneOf'])
        ? (schema['oneOf'] as JsonObject[]).map((branch) => JSON.stringify(((branch['properties'] as JsonObject)[String(params['tag'])] as JsonObject)['const']))
        : [];
      return `${fieldName(error.instancePath, String(params['tag']))} must be one of ${options.join(', ')}`;
    }
    case 'pattern':
      if (params['pattern'] === PRINTABLE_ASCII) {
        return `${at} contains a character outside printable ASCII (a control character such as a newline, tab or NUL, or a non-ASCII letter, usually pasted by mistake), which cannot be sent in an HTTP header: remove it`;
      }
      if (params['pattern'] === NO_CONTROL_CHARACTERS) return `${at} contains a control character (a newline, tab or NUL, usually pasted by mistake), which this setting cannot hold: remove it`;
      return `${at} is not valid${hint}`;
    case 'format':
      return `${at} is not valid${hint}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${at} ${error.message ?? 'is out of range'}${hint}`;
    case 'minItems':
      return `${at} must list at least ${String(params['limit'])} item(s)${hint}`;
    case 'minLength':
      return `${at} must not be empty${hint}`;
    case 'maxLength':
      return `${at} is longer than the ${String(params['limit'])} characters any valid value has${hint}: check what was pasted there`;
    default:
      return `${at} ${error.message ?? 'is invalid'}${hint}`;
  }
}

function article(type: string): string {
  const name = type.replace(',', ' or ');
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function describeErrors(errors: ErrorObject[], root: JsonObject): string[] {
  const messages = errors.map((error) => describeError(error, root)).filter((m): m is string => m !== undefined);
  return [...new Set(messages)];
}
