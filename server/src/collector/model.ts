/**
 * A read-only view of a collector config over the shared AST: components by kind, pipelines with
 * their reference lists, and service.extensions. Rules, symbols and completion all read this model.
 */
import type { ASTNode } from '../parser/ast';

export type ComponentKind = 'receiver' | 'processor' | 'exporter' | 'extension' | 'connector';
export const COMPONENT_KINDS: ComponentKind[] = ['receiver', 'processor', 'exporter', 'extension', 'connector'];
export const SECTION_OF: Record<ComponentKind, string> = {
  receiver: 'receivers',
  processor: 'processors',
  exporter: 'exporters',
  extension: 'extensions',
  connector: 'connectors',
};
export const SIGNALS = ['traces', 'metrics', 'logs', 'profiles'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface Component {
  kind: ComponentKind;
  /** Raw key text. */
  id: string;
  /** Trimmed type (part before the first '/'). */
  type: string;
  /** Trimmed name (after the first '/'), undefined for a bare type. */
  name?: string;
  /** The property node (key + body). */
  prop: ASTNode;
  keyNode: ASTNode;
  /** Body; undefined or a null node for "use defaults". */
  body?: ASTNode;
}

export interface RefItem {
  id: string;
  node: ASTNode;
}

export type ListName = 'receivers' | 'processors' | 'exporters';

export interface PipelineList {
  prop?: ASTNode;
  /** The array node when the value is a sequence. */
  array?: ASTNode;
  items: RefItem[];
}

export interface Pipeline {
  id: string;
  signal: string;
  name?: string;
  prop: ASTNode;
  keyNode: ASTNode;
  body?: ASTNode;
  lists: Record<ListName, PipelineList>;
}

export interface CollectorModel {
  root: ASTNode;
  sections: Partial<Record<ComponentKind, ASTNode>>; // section property nodes
  components: Component[];
  service?: ASTNode; // service property
  pipelinesProp?: ASTNode;
  pipelines: Pipeline[];
  extensionsProp?: ASTNode; // service.extensions property
  extensionRefs: RefItem[];
}

export function keyText(prop: ASTNode): string {
  const k = prop.children?.[0]?.value;
  return k === undefined || k === null ? '' : String(k);
}

export function propValue(prop: ASTNode | undefined): ASTNode | undefined {
  return prop?.children?.[1];
}

export function props(obj: ASTNode | undefined): ASTNode[] {
  return obj && obj.type === 'object' ? (obj.children ?? []).filter((c) => c.type === 'property') : [];
}

export function findProp(obj: ASTNode | undefined, key: string): ASTNode | undefined {
  for (const p of props(obj)) if (keyText(p) === key) return p;
  return undefined;
}

export function getIn(node: ASTNode | undefined, ...path: string[]): ASTNode | undefined {
  let cur = node;
  for (const seg of path) {
    cur = propValue(findProp(cur, seg));
    if (!cur) return undefined;
  }
  return cur;
}

/** Splits an id the way component.ID does: first '/', both parts trimmed. */
export function splitId(id: string): { type: string; name?: string } {
  const i = id.indexOf('/');
  if (i < 0) return { type: id.trim() };
  return { type: id.slice(0, i).trim(), name: id.slice(i + 1).trim() };
}

/** Canonical form used for matching references with definitions. */
export function canonicalId(id: string): string {
  const { type, name } = splitId(id);
  return name === undefined ? type : `${type}/${name}`;
}

function listOf(pipelineBody: ASTNode | undefined, key: ListName): PipelineList {
  const prop = findProp(pipelineBody, key);
  const v = propValue(prop);
  const out: PipelineList = { prop, items: [] };
  if (v?.type === 'array') {
    out.array = v;
    for (const it of v.children ?? []) if (it.type === 'string') out.items.push({ id: String(it.value), node: it });
  } else if (v?.type === 'string' && typeof v.value === 'string') {
    // The decoder accepts a comma separated string for string lists.
    out.items.push({ id: v.value, node: v });
  }
  return out;
}

export function buildModel(root: ASTNode | undefined): CollectorModel | undefined {
  if (!root || root.type !== 'object') return undefined;
  const model: CollectorModel = { root, sections: {}, components: [], pipelines: [], extensionRefs: [] };
  for (const kind of COMPONENT_KINDS) {
    const sec = findProp(root, SECTION_OF[kind]);
    if (!sec) continue;
    model.sections[kind] = sec;
    for (const p of props(propValue(sec))) {
      const id = keyText(p);
      const { type, name } = splitId(id);
      model.components.push({ kind, id, type, name, prop: p, keyNode: p.children![0], body: propValue(p) });
    }
  }
  model.service = findProp(root, 'service');
  const svc = propValue(model.service);
  model.pipelinesProp = findProp(svc, 'pipelines');
  for (const p of props(propValue(model.pipelinesProp))) {
    const id = keyText(p);
    const { type, name } = splitId(id);
    const body = propValue(p);
    model.pipelines.push({
      id,
      signal: type,
      name,
      prop: p,
      keyNode: p.children![0],
      body,
      lists: { receivers: listOf(body, 'receivers'), processors: listOf(body, 'processors'), exporters: listOf(body, 'exporters') },
    });
  }
  model.extensionsProp = findProp(svc, 'extensions');
  const ext = propValue(model.extensionsProp);
  if (ext?.type === 'array') {
    for (const it of ext.children ?? []) if (it.type === 'string') model.extensionRefs.push({ id: String(it.value), node: it });
  }
  return model;
}

export function componentsOf(model: CollectorModel, kind: ComponentKind): Component[] {
  return model.components.filter((c) => c.kind === kind);
}

/** Per-model lookup table (kind + canonical id -> first such component), built on first use. */
const componentIndex = new WeakMap<CollectorModel, Map<string, Component>>();

export function findComponent(model: CollectorModel, kind: ComponentKind, id: string): Component | undefined {
  let index = componentIndex.get(model);
  if (!index) {
    index = new Map();
    for (const c of model.components) {
      const k = `${c.kind}\u0000${canonicalId(c.id)}`;
      if (!index.has(k)) index.set(k, c); // first definition wins, as a linear search would find it
    }
    componentIndex.set(model, index);
  }
  return index.get(`${kind}\u0000${canonicalId(id)}`);
}

/** Scalar value of a body key, undefined when absent or not a scalar. */
export function scalarAt(body: ASTNode | undefined, ...path: string[]): ASTNode | undefined {
  const n = getIn(body, ...path);
  return n && n.type !== 'object' && n.type !== 'array' ? n : undefined;
}

/** Which kinds a pipeline list may reference (connectors may stand in for receivers/exporters). */
export function refKindsFor(list: ListName): ComponentKind[] {
  if (list === 'receivers') return ['receiver', 'connector'];
  if (list === 'exporters') return ['exporter', 'connector'];
  return ['processor'];
}

export function singular(list: ListName): ComponentKind {
  return list === 'receivers' ? 'receiver' : list === 'processors' ? 'processor' : 'exporter';
}
