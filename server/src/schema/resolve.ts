import type { ASTNode } from '../parser/ast';
import type { JSONSchema, LanguageEngine } from '../service/engine';

/**
 * Memo tables, per schema root. Schemas are static and never mutated once loaded, and the walkers
 * ask for the same few hundred subschemas for every node of every document, so dereferenced and
 * branch-merged results are computed once and shared (identical content, stable identity).
 */
interface Memo {
  refs: Map<string, JSONSchema | undefined>;
  deref: WeakMap<object, JSONSchema | undefined>;
  branches: WeakMap<object, Map<JSONSchema, JSONSchema>>;
}
const memos = new WeakMap<object, Memo>();
function memoFor(root: JSONSchema): Memo {
  let m = memos.get(root);
  if (!m) {
    m = { refs: new Map(), deref: new WeakMap(), branches: new WeakMap() };
    memos.set(root, m);
  }
  return m;
}

/** Follows local `$ref`s ("#/definitions/x"); bundled schemas never reach the network. */
export function deref(root: JSONSchema, schema: JSONSchema | boolean | undefined, seen = 0): JSONSchema | undefined {
  if (schema === undefined || schema === false) return undefined;
  if (schema === true) return {};
  if (typeof schema.$ref === 'string' && seen < 32) {
    const memo = seen === 0 ? memoFor(root) : undefined;
    if (memo?.deref.has(schema)) return memo.deref.get(schema);
    const target = lookupRef(root, schema.$ref);
    let out: JSONSchema | undefined;
    if (target) {
      // Siblings of $ref (description, default, x-*) override the target's, so a field can document its own use.
      const { $ref: _ref, ...rest } = schema;
      const resolved = deref(root, target, seen + 1);
      out = resolved ? { ...resolved, ...rest } : undefined;
    }
    memo?.deref.set(schema, out);
    return out;
  }
  return schema;
}

export function lookupRef(root: JSONSchema, ref: string): JSONSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  const memo = memoFor(root);
  if (memo.refs.has(ref)) return memo.refs.get(ref);
  let cur: JSONSchema | undefined = root;
  for (const raw of ref.slice(2).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur?.[seg];
    if (cur === undefined) break;
  }
  memo.refs.set(ref, cur);
  return cur;
}

export function schemaTypes(schema: JSONSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  return [];
}

/** Component bodies are picked by the id's type (`otlp/2` → `otlp`) through `x-components`. */
export function componentSchema(root: JSONSchema, container: JSONSchema, key: string): JSONSchema | undefined {
  const map = container['x-components'];
  if (!map || typeof map !== 'object') return undefined;
  const type = key.split('/')[0];
  const ref = ownProperty(map, type) as unknown;
  if (!ref) return undefined;
  return deref(root, typeof ref === 'string' ? refSchema(ref) : (ref as JSONSchema));
}

/**
 * One `{ $ref }` per reference string, so the schema it dereferences to is looked up once and keeps one identity
 * (validate.ts remembers clean entries per schema; a fresh wrapper per lookup made a fresh copy every time).
 */
const refSchemas = new Map<string, JSONSchema>();
export function refSchema(ref: string): JSONSchema {
  let s = refSchemas.get(ref);
  if (!s) refSchemas.set(ref, (s = { $ref: ref }));
  return s;
}

/** Schema for one property of an object schema (properties, patternProperties, x-components, additionalProperties). */
export function propertySchema(root: JSONSchema, objSchema: JSONSchema, key: string): JSONSchema | undefined {
  // Own properties only: a config key named `constructor` or `__proto__` must not find Object.prototype.
  const direct = ownProperty(objSchema.properties, key);
  if (direct !== undefined) return deref(root, direct);
  const comp = componentSchema(root, objSchema, key);
  if (comp) return comp;
  if (objSchema.patternProperties) {
    for (const [pattern, sub] of Object.entries(objSchema.patternProperties)) {
      try {
        if (new RegExp(pattern, 'u').test(key)) return deref(root, sub as JSONSchema);
      } catch {
        /* a bad pattern in our schema must not take the server down */
      }
    }
  }
  if (objSchema['x-components']) return undefined;
  if (objSchema.additionalProperties && typeof objSchema.additionalProperties === 'object') {
    return deref(root, objSchema.additionalProperties);
  }
  return undefined;
}

/**
 * Picks the anyOf/oneOf branch that fits a node best: a branch whose type matches and whose
 * x-exactly-one-of / required keys are present wins. Used by validation, completion and hover alike.
 */
export function selectBranch(root: JSONSchema, schema: JSONSchema, node: ASTNode | undefined): JSONSchema {
  const alts: JSONSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (!alts) return schema;
  let best: JSONSchema | undefined;
  let bestScore = -Infinity;
  for (const alt of alts) {
    const s = deref(root, alt);
    if (!s) continue;
    const score = branchScore(root, s, node);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  if (!best) return schema;
  const inner = selectBranch(root, best, node);
  // The merge depends only on (schema, best, inner); `inner` is itself memoized, so identity is a sound key.
  const memo = memoFor(root);
  let bySchema = memo.branches.get(schema);
  if (!bySchema) memo.branches.set(schema, (bySchema = new Map()));
  let merged = bySchema.get(inner);
  if (!merged) {
    const { anyOf: _a, oneOf: _o, ...outer } = schema;
    merged = { ...inner, ...outer, ...(best.description ? { description: best.description } : {}) };
    bySchema.set(inner, merged);
  }
  return merged;
}

function branchScore(root: JSONSchema, s: JSONSchema, node: ASTNode | undefined): number {
  if (!node) return 0;
  const types = schemaTypes(s);
  let score = 0;
  if (types.length === 0 || types.some((t) => typeMatches(t, node))) score += 10;
  else return -10;
  if (s.const !== undefined) score += s.const === node.value ? 20 : -20;
  if (Array.isArray(s.enum)) score += s.enum.includes(node.value) ? 15 : -5;
  if (node.type === 'object') {
    const keys = new Set((node.children ?? []).map((p) => p.children?.[0]?.value as string));
    for (const k of keys) {
      if (ownProperty(s.properties, k) !== undefined) score += 3;
      else if (s.additionalProperties === false) score -= 2;
    }
    for (const r of s.required ?? []) if (!keys.has(r)) score -= 4;
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const c = deref(root, v as JSONSchema)?.const;
      if (c !== undefined && keys.has(k)) {
        const prop = (node.children ?? []).find((p) => p.children?.[0]?.value === k);
        score += prop?.children?.[1]?.value === c ? 30 : -30;
      }
    }
  }
  return score;
}

export function typeMatches(type: string, node: ASTNode): boolean {
  switch (type) {
    case 'integer':
      return node.type === 'number' && Number.isInteger(node.value);
    case 'number':
      return node.type === 'number';
    default:
      return node.type === type;
  }
}

/** Walks schema and tree together along `path`, so anyOf branches are chosen by the real content. */
export function schemaAtPath(
  engine: Pick<LanguageEngine, 'schema'>,
  rootNode: ASTNode | undefined,
  path: (string | number)[],
): JSONSchema | undefined {
  const root = engine.schema;
  let schema = deref(root, root);
  let node = rootNode;
  for (const seg of path) {
    if (!schema) return undefined;
    schema = selectBranch(root, schema, node);
    if (typeof seg === 'number') {
      schema = deref(root, Array.isArray(schema.items) ? schema.items[seg] : schema.items);
      node = node?.type === 'array' ? node.children?.[seg] : undefined;
    } else {
      schema = propertySchema(root, schema, seg);
      const prop = node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === seg) : undefined;
      node = prop?.children?.[1];
    }
  }
  return schema ? selectBranch(root, schema, node) : undefined;
}

export function ownProperty(map: Record<string, unknown> | undefined, key: string): JSONSchema | undefined {
  return map && Object.prototype.hasOwnProperty.call(map, key) ? (map[key] as JSONSchema) : undefined;
}
