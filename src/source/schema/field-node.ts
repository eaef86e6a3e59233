/**
 * The one typed model of a stream's fields, built from index mappings (or
 * read back from a schema we rendered) and rendered into everything else:
 * the JSON schema of the catalog, the cursor candidates, the drift check and
 * the record conformer. Each field has exactly one type.
 */

/** How a timestamp field reads a number (Elasticsearch's epoch_millis or epoch_second). */
export type EpochUnit = 'millis' | 'seconds';

export type FieldType =
  | { readonly kind: 'string'; readonly binary?: true }
  | { readonly kind: 'integer' }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  /** An instant; `epoch` says how a number is read, undefined when the format admits no number. */
  | { readonly kind: 'timestamp'; readonly epoch?: EpochUnit }
  | { readonly kind: 'object'; readonly fields: FieldMap; readonly open: boolean }
  /** Free-form JSON: no fixed shape (flattened, geo_shape, disabled objects, unknown types, conflicts). */
  | { readonly kind: 'free' };

export type FieldKind = FieldType['kind'];

export interface FieldNode {
  readonly type: FieldType;
  /** Declared as a list of `type`: nested, seen holding arrays, or named by the user. */
  readonly array: boolean;
  /** The mapping type (`long`, `object`, `nested`...); `a|b` when member indices disagree. Empty when unknown. */
  readonly esType: string;
  /** A date's mapping format when it is not Elasticsearch's default. */
  readonly format?: string;
}

/** Fields by their key in `_source`, in mapping order. */
export type FieldMap = ReadonlyMap<string, FieldNode>;

/** The fields of a stream's documents (the top level of `_source`), and whether undeclared keys may appear. */
export interface FieldTree {
  readonly fields: FieldMap;
  readonly open: boolean;
}

/**
 * The node at a dotted path, through objects (and arrays of objects). A key
 * may itself hold dots (`subobjects: false`), so each way to split the path is tried.
 */
export function findField(tree: FieldTree, path: string): FieldNode | undefined {
  const find = (fields: FieldMap, rest: string): FieldNode | undefined => {
    const whole = fields.get(rest);
    if (whole !== undefined) return whole;
    for (let dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
      const node = fields.get(rest.slice(0, dot));
      if (node?.type.kind !== 'object') continue;
      const found = find(node.type.fields, rest.slice(dot + 1));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(tree.fields, path);
}

/** Every node with its dotted path, depth first, parents before children. */
export function* walkFields(fields: FieldMap, prefix = ''): Generator<[string, FieldNode]> {
  for (const [name, node] of fields) {
    const path = prefix + name;
    yield [path, node];
    if (node.type.kind === 'object') yield* walkFields(node.type.fields, `${path}.`);
  }
}
