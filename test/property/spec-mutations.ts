/**
 * Configs with one mistake each, derived from a connector's spec as it is on
 * disk when the test runs: every declared field (nested objects, array items
 * and every `oneOf` branch: endpoint, authentication, credentials,
 * encryption) can be broken, removed, or get an unknown neighbour. Only the
 * values of a working base config come from the test (URLs, credentials of
 * the test servers); the fields, types, limits, required lists and secrets
 * come from the spec.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import { cloneJson, EXTRA_KEYS, extraKeyNames, fieldNames, formatPath, getAt, setAt, valueMutations, type JsonPath, type Mutation } from './json-mutations.js';

/** A connector's config schema, read from its spec.json, and a validator for it. */
export interface SpecModel {
  schema: JsonObject;
  validate: ValidateFunction;
  fields: SpecField[];
  objects: SpecObject[];
}

/** A field declared by the spec. */
export interface SpecField {
  path: JsonPath;
  schema: JsonObject;
  required: boolean;
  /** The `oneOf` branch the field belongs to, if any. */
  branch?: BranchRef;
}

/** An object of the config where an unknown key can be added. */
export interface SpecObject {
  path: JsonPath;
  branch?: BranchRef;
}

export interface BranchRef {
  /** Path of the object with the `oneOf`. */
  path: JsonPath;
  index: number;
  schema: JsonObject;
}

export function loadSpec(specFile: string): SpecModel {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as JsonObject;
  const schema = spec['connectionSpecification'] as JsonObject;
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: false });
  const fields: SpecField[] = [];
  const objects: SpecObject[] = [];
  const walk = (node: JsonObject, path: JsonPath, branch: BranchRef | undefined): void => {
    objects.push({ path, ...(branch === undefined ? {} : { branch }) });
    const required = new Set((node['required'] as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries((node['properties'] as Record<string, JsonObject> | undefined) ?? {})) {
      const childPath = [...path, name];
      fields.push({ path: childPath, schema: child, required: required.has(name), ...(branch === undefined ? {} : { branch }) });
      const branches = child['oneOf'] as JsonObject[] | undefined;
      if (branches !== undefined) branches.forEach((branchSchema, index) => walk(branchSchema, childPath, { path: childPath, index, schema: branchSchema }));
      else if (child['type'] === 'object' && child['properties'] !== undefined) walk(child, childPath, branch);
      else if (child['type'] === 'array' && typeof child['items'] === 'object') {
        const items = child['items'] as JsonObject;
        if (items['type'] === 'object') walk(items, [...childPath, 0], branch);
        else fields.push({ path: [...childPath, 0], schema: items, required: false, ...(branch === undefined ? {} : { branch }) });
      }
    }
  };
  walk(schema, [], undefined);
  return { schema, validate: ajv.compile(schema), fields, objects };
}

/** The discriminator (`method`, `mode`) of a `oneOf` branch: its property with a `const`. */
function discriminator(branch: JsonObject): [string, JsonValue] | undefined {
  for (const [name, property] of Object.entries((branch['properties'] as Record<string, JsonObject> | undefined) ?? {})) {
    if (property['const'] !== undefined) return [name, property['const']];
  }
  return undefined;
}

/**
 * Valid values the spec cannot give (URLs, names of things that exist on the
 * test servers), by dotted path; `[]` marks an array element.
 */
export type Samples = Readonly<Record<string, JsonValue>>;

function sampleKey(path: JsonPath): string {
  return path.map((part) => (typeof part === 'number' ? '[]' : part)).join('.');
}

/** A valid value for the field at `path` with `schema`: the test's sample, else the spec's const, default, example, or one of its type. */
export function sampleValue(path: JsonPath, schema: JsonObject, samples: Samples): JsonValue {
  const key = sampleKey(path);
  if (Object.hasOwn(samples, key)) return cloneJson(samples[key]!);
  if (schema['const'] !== undefined) return schema['const'];
  if (schema['default'] !== undefined && !(Array.isArray(schema['default']) && schema['default'].length === 0)) return cloneJson(schema['default']);
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return cloneJson(schema['examples'][0]!);
  if (Array.isArray(schema['enum'])) return schema['enum'][0]!;
  if (schema['oneOf'] !== undefined) return branchValue(path, (schema['oneOf'] as JsonObject[])[0]!, samples);
  switch (schema['type']) {
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleValue([...path, 0], schema['items'] as JsonObject, samples)];
    case 'object':
      return branchValue(path, schema, samples);
    default:
      return `prop-${String(path.at(-1))}`;
  }
}

/** An object for a branch (or plain object schema) with every required property at a valid value. */
export function branchValue(path: JsonPath, schema: JsonObject, samples: Samples): JsonObject {
  const value: JsonObject = {};
  const properties = (schema['properties'] as Record<string, JsonObject> | undefined) ?? {};
  for (const name of (schema['required'] as string[] | undefined) ?? []) {
    const property = properties[name];
    if (property !== undefined) value[name] = sampleValue([...path, name], property, samples);
  }
  return value;
}

export interface ConfigCase {
  /** The base config's branches, e.g. `authentication=basic`. */
  base: string;
  mutation: Mutation;
  config: JsonObject;
  /** Whether the mutated config still validates against the spec (then only the connector can tell it is wrong). */
  specValid: boolean;
  /** Every secret the config holds. */
  secrets: string[];
  /** Names a message about the mistake may use: the field's, and (for mistakes only the server finds) its parents'. */
  names: string[];
  toString(): string;
}

/**
 * Configs with one mutation each. `bases` are working configs (one per
 * branch choice the test servers accept); a mutation may also switch a
 * `oneOf` object to another branch and break one of that branch's fields.
 */
export function configCases(model: SpecModel, bases: ReadonlyArray<{ label: string; config: JsonObject }>, samples: Samples, secretsOf: (config: JsonObject) => string[]): fc.Arbitrary<ConfigCase> {
  // Fields of oneOf branches (endpoint, authentication, credentials, encryption) are where connections go wrong: drawn 3 times as often.
  const weighted = model.fields.flatMap((field) => (field.branch === undefined ? [field] : [field, field, field]));
  const onField = (config: JsonObject) =>
    fc.constantFrom(...weighted).chain((field) => valueMutations(getAt(config, field.path) ?? sampleValue(field.path, field.schema, samples), field.schema).map((change) => ({ target: field as SpecField | SpecObject, field: field as SpecField | undefined, change: change as { value: JsonValue | undefined; kind: string; key?: string } })));
  const extraKey = fc.tuple(fc.constantFrom(...model.objects), fc.constantFrom(...EXTRA_KEYS)).map(([object, key]) => ({ target: object as SpecField | SpecObject, field: undefined as SpecField | undefined, change: { value: 'extra' as JsonValue | undefined, kind: `extra key ${JSON.stringify(key)}`, key } }));
  const choice = fc.constantFrom(...bases).chain((base) => fc.oneof({ arbitrary: onField(base.config), weight: 6 }, { arbitrary: extraKey, weight: 1 }).map((mutation) => [base, mutation] as const));
  return choice.map(([base, { target, field, change }]) => buildConfigCase(model, base, target, field, change, samples, secretsOf));
}

type Change = { value: JsonValue | undefined; kind: string; key?: string };

/**
 * A known mistake, written by hand (the regressions of issue 14), as a case of
 * the same shape: `path` is a dotted path of the spec (`endpoint.cloud_id`).
 */
export function knownConfigCase(model: SpecModel, base: { label: string; config: JsonObject }, path: string, value: JsonValue | undefined, kind: string, samples: Samples, secretsOf: (config: JsonObject) => string[]): ConfigCase {
  const candidates = model.fields.filter((candidate) => formatPath(candidate.path) === path);
  const field = candidates[0];
  if (candidates.length !== 1 || field === undefined) throw new Error(`the spec has ${candidates.length} fields ${path} (one expected)`);
  return buildConfigCase(model, base, field, field, { value, kind }, samples, secretsOf);
}

function buildConfigCase(model: SpecModel, base: { label: string; config: JsonObject }, target: SpecField | SpecObject, field: SpecField | undefined, change: Change, samples: Samples, secretsOf: (config: JsonObject) => string[]): ConfigCase {
  {
    const config = cloneJson(base.config);
    if (target.branch !== undefined) selectBranch(config, target.branch, samples);
    let path: JsonPath;
    let names: string[];
    if (field === undefined) {
      const key = change.key ?? 'unknown_setting';
      if (target.path.at(-1) === 0) ensureItem(config, target.path, model, samples);
      const parent = getAt(config, target.path);
      if (parent === undefined || parent === null || typeof parent !== 'object' || Array.isArray(parent)) setAt(config, target.path, {});
      path = [...target.path, key];
      setAt(config, path, change.value);
      names = extraKeyNames(path);
    } else {
      path = field.path;
      if (path.includes(0)) ensureItem(config, path.slice(0, path.indexOf(0) + 1), model, samples);
      else if (getAt(config, path.slice(0, -1)) === undefined) setAt(config, path.slice(0, -1), {});
      setAt(config, path, change.value);
      names = fieldNames(path);
    }
    const specValid = model.validate(structuredClone(config)) === true;
    const parents = path.slice(0, -1).filter((part): part is string => typeof part === 'string');
    const mutation: Mutation = { path: formatPath(path), kind: change.kind, ...(change.value === undefined ? {} : { value: change.value }), names };
    const branchLabel = target.branch === undefined ? '' : ` (branch ${JSON.stringify(discriminator(target.branch.schema)?.[1] ?? target.branch.index)})`;
    return {
      base: base.label,
      mutation,
      config,
      specValid,
      secrets: secretsOf(config),
      names: specValid ? [...names, ...parents] : names,
      toString: () => `config [base ${base.label}] ${mutation.path}${branchLabel}: ${mutation.kind}${mutation.value === undefined ? '' : ` = ${shortJson(mutation.value)}`}${specValid ? ' (valid by the spec)' : ''}`,
    };
  }
}

/** Puts the branch's valid value at its object unless that branch is already chosen. */
function selectBranch(config: JsonObject, branch: BranchRef, samples: Samples): void {
  const tag = discriminator(branch.schema);
  const current = getAt(config, branch.path) as JsonObject | undefined;
  if (tag !== undefined && current !== undefined && current !== null && typeof current === 'object' && current[tag[0]] === tag[1]) return;
  setAt(config, branch.path, branchValue(branch.path, branch.schema, samples));
}

/** Makes sure the array at `itemPath` (ending in 0) has a valid first item. */
function ensureItem(config: JsonObject, itemPath: JsonPath, model: SpecModel, samples: Samples): void {
  const arrayPath = itemPath.slice(0, -1);
  const current = getAt(config, arrayPath);
  if (Array.isArray(current) && current.length > 0) return;
  const field = model.fields.find((candidate) => formatPath(candidate.path) === formatPath(arrayPath));
  if (field !== undefined) setAt(config, arrayPath, [sampleValue(itemPath, field.schema['items'] as JsonObject, samples)]);
}

/** JSON of a value, cut to a readable length. */
export function shortJson(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 120)}... (${text.length} chars)` : text;
}
