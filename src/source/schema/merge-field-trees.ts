import type { FieldMap, FieldNode, FieldTree, FieldType } from './field-node.js';

/**
 * The tree of several indices read as one stream (an alias, a data stream,
 * an index family). A field keeps one type: the widest type every member's
 * values convert into without loss, else free-form. Never a failure:
 * - same type: that type (objects merge field by field);
 * - integer and number: number;
 * - string and any other scalar (integer, number, boolean, timestamp): string;
 * - timestamps read from numbers differently (epoch_millis, epoch_second): string;
 * - anything else (an object and a scalar, free-form and anything): free-form.
 * A field is a list where any member declares it a list.
 */
export function mergeFieldTrees(trees: readonly FieldTree[]): FieldTree {
  const [first, ...rest] = trees;
  if (first === undefined) return { fields: new Map(), open: true };
  return rest.reduce((merged, next) => ({ fields: mergeFieldMaps(merged.fields, next.fields), open: merged.open || next.open }), first);
}

function mergeFieldMaps(a: FieldMap, b: FieldMap): FieldMap {
  const merged = new Map(a);
  for (const [name, node] of b) {
    const existing = merged.get(name);
    merged.set(name, existing === undefined ? node : mergeNodes(existing, node));
  }
  return merged;
}

function mergeNodes(a: FieldNode, b: FieldNode): FieldNode {
  const esType = a.esType === b.esType ? a.esType : [...new Set([...a.esType.split('|'), ...b.esType.split('|')])].filter((t) => t !== '').sort().join('|');
  const merged: FieldNode = { type: mergeTypes(a.type, b.type), array: a.array || b.array, esType };
  return a.format !== undefined && a.format === b.format ? { ...merged, format: a.format } : merged;
}

const SCALAR_KINDS = new Set(['string', 'integer', 'number', 'boolean', 'timestamp']);

function mergeTypes(a: FieldType, b: FieldType): FieldType {
  if (a.kind === 'object' && b.kind === 'object') return { kind: 'object', fields: mergeFieldMaps(a.fields, b.fields), open: a.open || b.open };
  if (a.kind === 'timestamp' && b.kind === 'timestamp') {
    if (a.epoch === b.epoch) return a;
    if (a.epoch === undefined || b.epoch === undefined) return a.epoch === undefined ? b : a;
    return { kind: 'string' };
  }
  if (a.kind === 'string' && b.kind === 'string') return a.binary === true && b.binary === true ? a : { kind: 'string' };
  if (a.kind === b.kind) return a;
  const kinds = new Set([a.kind, b.kind]);
  if (kinds.has('integer') && kinds.has('number')) return { kind: 'number' };
  if (kinds.has('string') && SCALAR_KINDS.has(a.kind) && SCALAR_KINDS.has(b.kind)) return { kind: 'string' };
  return { kind: 'free' };
}
