import type { FieldMap, FieldNode, FieldTree, FieldType } from './field-node.js';

/** One index's mapping as a field tree. */
export interface IndexTree {
  readonly index: string;
  readonly tree: FieldTree;
}

/**
 * How the indices a stream reads now differ from the schema its connection
 * was configured with, in one sentence, or undefined when every index fits.
 * An index fits when each of its fields is in the schema with a type its
 * values convert into (see `fits`). New fields are named (destinations
 * without the column drop them; destination-s3-parquet keeps them in
 * `_airbyte_overflow`), retyped ones are named with the index that has them.
 */
export function schemaDrift(configured: FieldTree, indices: readonly IndexTree[]): string | undefined {
  const added = new Set<string>();
  const retyped = new Map<string, string[]>();
  for (const { index, tree } of indices) {
    compare(configured.fields, tree.fields, '', (path, problem) => {
      if (problem === 'added') added.add(path);
      else retyped.set(index, [...(retyped.get(index) ?? []), path]);
    });
  }
  const parts: string[] = [];
  const list = (paths: readonly string[]): string => paths.slice(0, 10).join(', ') + (paths.length > 10 ? ` and ${paths.length - 10} more` : '');
  if (retyped.size > 0) parts.push(`fields whose type does not fit the schema: ${[...retyped].slice(0, 5).map(([index, paths]) => `${list(paths)} in index ${index}`).join('; ')}${retyped.size > 5 ? ` and ${retyped.size - 5} more indices` : ''}`);
  if (added.size > 0) parts.push(`fields not in the schema: ${list([...added])}`);
  return parts.length === 0 ? undefined : parts.join('; ');
}

function compare(schema: FieldMap, current: FieldMap, prefix: string, report: (path: string, problem: 'added' | 'retyped') => void): void {
  for (const [name, node] of current) {
    const path = prefix + name;
    const declared = schema.get(name);
    if (declared === undefined) report(path, 'added');
    else if (!fits(node, declared)) report(path, 'retyped');
    else if (node.type.kind === 'object' && declared.type.kind === 'object') compare(declared.type.fields, node.type.fields, `${path}.`, report);
  }
}

/** Whether values of `node` keep their meaning in a field declared `declared`. */
function fits(node: FieldNode, declared: FieldNode): boolean {
  if (node.array && !declared.array) return false;
  return typeFits(node.type, declared.type);
}

function typeFits(type: FieldType, declared: FieldType): boolean {
  if (declared.kind === 'free') return true;
  if (declared.kind === 'string') return type.kind !== 'object' && type.kind !== 'free';
  if (declared.kind === 'number') return type.kind === 'number' || type.kind === 'integer';
  if (declared.kind === 'timestamp') return type.kind === 'timestamp' && (type.epoch === undefined || type.epoch === declared.epoch);
  return type.kind === declared.kind;
}
