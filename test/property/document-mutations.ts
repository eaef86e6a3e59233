/**
 * Catalogs and states with one mutation each: the paths come from the
 * document itself (every key and array item of a real catalog or of the
 * STATE messages a real read printed), the ways to break a value from
 * json-mutations.ts.
 */
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import { cloneJson, EXTRA_KEYS, extraKeyNames, fieldNames, formatPath, getAt, setAt, valueMutations, type JsonPath, type Mutation } from './json-mutations.js';
import { shortJson } from './spec-mutations.js';

/** Every path in `document` that holds a value (not the root), depth first. */
export function documentPaths(document: JsonValue, path: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = path.length === 0 ? [] : [path];
  if (Array.isArray(document)) document.forEach((item, index) => paths.push(...documentPaths(item, [...path, index])));
  else if (document !== null && typeof document === 'object') for (const [key, value] of Object.entries(document)) paths.push(...documentPaths(value, [...path, key]));
  return paths;
}

export interface DocumentCase {
  /** Which document: `catalog`, `state`. */
  target: string;
  mutation: Mutation;
  document: JsonValue;
  toString(): string;
}

/** One mutation of `document`: a value broken or removed, an item repeated, or an unknown key added to an object. */
export function documentCases(target: string, document: JsonValue, options: { skip?: (path: JsonPath) => boolean } = {}): fc.Arbitrary<DocumentCase> {
  const paths = documentPaths(document).filter((path) => !(options.skip?.(path) ?? false));
  const objects = [[] as JsonPath, ...paths].filter((path) => {
    const value = getAt(document, path);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  });
  const onValue = fc.constantFrom(...paths).chain((path) =>
    fc.oneof(
      { arbitrary: valueMutations(getAt(document, path), undefined), weight: 8 },
      { arbitrary: fc.constant({ value: 'repeat' as JsonValue | undefined, kind: 'item repeated' }), weight: typeof path.at(-1) === 'number' ? 2 : 0 },
    ).map((change) => ({ path, change, extra: undefined as string | undefined })),
  );
  const extra = fc.tuple(fc.constantFrom(...objects), fc.constantFrom(...EXTRA_KEYS)).map(([path, key]) => ({ path: [...path, key] as JsonPath, change: { value: 'extra' as JsonValue | undefined, kind: `extra key ${JSON.stringify(key)}` }, extra: key }));
  return fc.oneof({ arbitrary: onValue, weight: 6 }, { arbitrary: extra, weight: 1 }).map(({ path, change, extra: extraKey }) => {
    const mutated = cloneJson(document);
    if (change.kind === 'item repeated') {
      const array = getAt(mutated, path.slice(0, -1)) as JsonValue[];
      array.splice(path.at(-1) as number, 0, cloneJson(array[path.at(-1) as number]!));
    } else setAt(mutated, path, change.value);
    const names = extraKey === undefined ? fieldNames(path) : extraKeyNames(path);
    const mutation: Mutation = { path: formatPath(path), kind: change.kind, ...(change.value === undefined ? {} : { value: change.value }), names };
    return {
      target,
      mutation,
      document: mutated,
      toString: () => `${target} ${mutation.path}: ${mutation.kind}${change.value === undefined || change.kind === 'item repeated' ? '' : ` = ${shortJson(change.value)}`}`,
    };
  });
}

/** The JSON object at `path` (for building bases). */
export function objectAt(document: JsonValue, path: JsonPath): JsonObject {
  return getAt(document, path) as JsonObject;
}
