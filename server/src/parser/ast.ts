/**
 * One AST for both languages, shaped like jsonc-parser's `Node` so the schema walker,
 * completion and hover logic do not care whether the text was JSON5 or YAML.
 */
export type NodeType = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export interface ASTNode {
  type: NodeType;
  /** Offset of the first character of the node in the document text. */
  offset: number;
  /** Length in characters (for a property: from key start to value end). */
  length: number;
  parent?: ASTNode;
  /** object: property nodes; array: item nodes; property: [key, value?] (value missing while half-typed). */
  children?: ASTNode[];
  /** Scalars: the decoded value. Property key nodes: the key string. */
  value?: string | number | boolean | null;
  /** property only: offset of the ':' separator, when present. */
  colonOffset?: number;
  /** Scalars: true when the source spelled the value in quotes (YAML plain scalars are unquoted). */
  quoted?: boolean;
}

export type ParseErrorCode =
  | 'syntax'
  | 'unterminated-string'
  | 'unterminated-comment'
  | 'invalid-number'
  | 'invalid-escape'
  | 'missing-comma'
  | 'missing-colon'
  | 'missing-value'
  | 'missing-close'
  | 'duplicate-key'
  | 'unexpected-end'
  | 'yaml';

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  offset: number;
  length: number;
}

export interface ParseResult {
  /** Best-effort tree even when errors exist; undefined only for an empty document. */
  root: ASTNode | undefined;
  errors: ParseError[];
  /** Comment ranges, used to keep comments when quick fixes rewrite text. */
  comments: { offset: number; length: number }[];
  /** Set when the parser gave up on a pathological document (no tree): why, for the user. */
  limited?: string;
}

export function getNodePath(node: ASTNode): (string | number)[] {
  const path: (string | number)[] = [];
  let cur: ASTNode | undefined = node;
  while (cur && cur.parent) {
    const parent: ASTNode = cur.parent;
    if (parent.type === 'property') {
      // the key node itself has no path segment of its own beyond its property
      if (parent.children && parent.children[0] !== cur) path.unshift(String(parent.children[0].value));
      else path.unshift(String(cur.value));
      cur = parent.parent;
      continue;
    }
    if (parent.type === 'array' && parent.children) path.unshift(parent.children.indexOf(cur));
    cur = parent;
  }
  return path;
}

/** Innermost node containing offset (end inclusive when includeRightBound). */
export function findNodeAtOffset(node: ASTNode | undefined, offset: number, includeRightBound = false): ASTNode | undefined {
  if (!node) return undefined;
  const end = node.offset + node.length;
  if (offset < node.offset || offset > end || (offset === end && !includeRightBound)) return undefined;
  for (const child of node.children ?? []) {
    const hit = findNodeAtOffset(child, offset, includeRightBound);
    if (hit) return hit;
  }
  return node;
}

export function propertyOf(obj: ASTNode | undefined, key: string): ASTNode | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p;
  return undefined;
}

export function valueOf(obj: ASTNode | undefined, key: string): ASTNode | undefined {
  return propertyOf(obj, key)?.children?.[1];
}

export function keyOf(prop: ASTNode): ASTNode {
  return prop.children![0];
}

/** Plain JS value of a node (objects keep the last duplicate key, as serde and YAML loaders do). */
export function toValue(node: ASTNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const k = p.children?.[0]?.value;
        if (typeof k === 'string') o[k] = toValue(p.children?.[1]);
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(toValue);
    case 'property':
      return toValue(node.children?.[1]);
    default:
      return node.value;
  }
}
