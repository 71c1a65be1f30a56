/**
 * Shared AST helpers for the NativeLink rules: walking stores, schedulers, servers, services and workers,
 * and resolving store/scheduler names the way the binary does (first definition wins for lookups).
 */
import type { ASTNode } from '../parser/ast';
import { keyOf, propertyOf, valueOf } from '../parser/ast';

export const STORE_KINDS = [
  'memory',
  'filesystem',
  'fast_slow',
  'compression',
  'dedup',
  'existence_cache',
  'completeness_checking',
  'size_partitioning',
  'verify',
  'shard',
  'ref_store',
  'grpc',
  'redis_store',
  'experimental_cloud_object_store',
  'ontap_s3_existence_cache',
  'experimental_mongo',
  'cache_metrics',
  'noop',
] as const;

export const SCHEDULER_KINDS = ['simple', 'grpc', 'cache_lookup', 'property_modifier', 'historical_resource'] as const;

const STORE_KIND_SET = new Set<string>(STORE_KINDS);
const SCHEDULER_KIND_SET = new Set<string>(SCHEDULER_KINDS);

/** Fields of each store kind that hold a nested (anonymous) store spec. */
export const NESTED_STORE_FIELDS: Record<string, string[]> = {
  fast_slow: ['fast', 'slow'],
  compression: ['backend'],
  dedup: ['index_store', 'content_store'],
  existence_cache: ['backend'],
  completeness_checking: ['backend', 'cas_store'],
  size_partitioning: ['lower_store', 'upper_store'],
  verify: ['backend'],
  cache_metrics: ['backend'],
};

/** Service lists that use `{instance_name, ...}` entries (or the legacy map keyed by instance name). */
export const INSTANCE_SERVICES = ['cas', 'ac', 'capabilities', 'execution', 'bytestream', 'fetch', 'push'] as const;

export function str(node: ASTNode | undefined): string | undefined {
  return node && node.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

export function num(node: ASTNode | undefined): number | undefined {
  return node && node.type === 'number' && typeof node.value === 'number' ? node.value : undefined;
}

export function isObject(node: ASTNode | undefined): node is ASTNode {
  return !!node && node.type === 'object';
}

export function items(node: ASTNode | undefined): ASTNode[] {
  return node && node.type === 'array' ? node.children ?? [] : [];
}

/** Property nodes of an object that have a key (value may be missing while typing). */
export function props(node: ASTNode | undefined): ASTNode[] {
  return node && node.type === 'object' ? (node.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]) : [];
}

export function keyName(prop: ASTNode): string {
  return String(keyOf(prop).value ?? '');
}

export function propValue(prop: ASTNode): ASTNode | undefined {
  return prop.children?.[1];
}

/** Walk up to the nearest enclosing property and return it (for a value node). */
export function parentProperty(node: ASTNode): ASTNode | undefined {
  return node.parent && node.parent.type === 'property' ? node.parent : undefined;
}

export function containsEnv(s: string): boolean {
  return /\$\{?[A-Za-z_]/.test(s);
}

/** The first store-kind key of an object (document order), like serde's flattened enum. */
export function storeKindOf(spec: ASTNode | undefined): { kind: string; prop: ASTNode; value: ASTNode | undefined } | undefined {
  for (const p of props(spec)) {
    const k = keyName(p);
    if (STORE_KIND_SET.has(k)) return { kind: k, prop: p, value: propValue(p) };
  }
  return undefined;
}

export function schedulerKindOf(spec: ASTNode | undefined): { kind: string; prop: ASTNode; value: ASTNode | undefined } | undefined {
  for (const p of props(spec)) {
    const k = keyName(p);
    if (SCHEDULER_KIND_SET.has(k)) return { kind: k, prop: p, value: propValue(p) };
  }
  return undefined;
}

export interface NamedEntry {
  name: string;
  nameNode: ASTNode;
  entry: ASTNode;
  kind?: string;
  kindProp?: ASTNode;
  spec?: ASTNode;
}

function namedEntries(root: ASTNode | undefined, key: string, kindOf: typeof storeKindOf): NamedEntry[] {
  const out: NamedEntry[] = [];
  for (const entry of items(valueOf(root, key))) {
    const nameNode = valueOf(entry, 'name');
    const name = str(nameNode);
    if (name === undefined || !nameNode) continue;
    const k = kindOf(entry);
    out.push({ name, nameNode, entry, kind: k?.kind, kindProp: k?.prop, spec: k?.value });
  }
  return out;
}

function topStoresUncached(root: ASTNode | undefined): NamedEntry[] {
  return namedEntries(root, 'stores', storeKindOf);
}

function topSchedulersUncached(root: ASTNode | undefined): NamedEntry[] {
  return namedEntries(root, 'schedulers', schedulerKindOf);
}

function storeMapUncached(root: ASTNode | undefined): Map<string, NamedEntry> {
  const m = new Map<string, NamedEntry>();
  for (const s of topStores(root)) if (!m.has(s.name)) m.set(s.name, s);
  return m;
}

function schedulerMapUncached(root: ASTNode | undefined): Map<string, NamedEntry> {
  // The binary lets later duplicates replace earlier ones.
  const m = new Map<string, NamedEntry>();
  for (const s of topSchedulers(root)) m.set(s.name, s);
  return m;
}

/**
 * Follow `ref_store` hops from a store spec object (`{ <kind>: … }`) to the first non-ref store.
 * Returns undefined on a cycle or a dangling name.
 */
export function resolveStoreSpec(
  spec: ASTNode | undefined,
  stores: Map<string, NamedEntry>,
): { kind: string; value: ASTNode | undefined; holder: ASTNode } | undefined {
  const seen = new Set<string>();
  let cur = spec;
  for (let i = 0; i < 64 && cur; i++) {
    const k = storeKindOf(cur);
    if (!k) return undefined;
    if (k.kind !== 'ref_store') return { kind: k.kind, value: k.value, holder: cur };
    const target = str(valueOf(k.value, 'name'));
    if (target === undefined || seen.has(target)) return undefined;
    seen.add(target);
    cur = stores.get(target)?.entry;
  }
  return undefined;
}

export function resolveStoreName(name: string, stores: Map<string, NamedEntry>) {
  return resolveStoreSpec(stores.get(name)?.entry, stores);
}

/** Visit every store spec object (top-level entries and nested anonymous specs). */
export function visitStoreSpecs(
  root: ASTNode | undefined,
  cb: (holder: ASTNode, kind: string, value: ASTNode | undefined, top: NamedEntry) => void,
): void {
  for (const top of topStores(root)) for (const s of entrySpecs(storeSpecsOf, top.entry)) cb(s.holder, s.kind, s.value, top);
}

export function visitSpec(
  holder: ASTNode,
  top: NamedEntry,
  cb: (holder: ASTNode, kind: string, value: ASTNode | undefined, top: NamedEntry) => void,
  depth: number,
): void {
  const specs = depth === 0 ? entrySpecs(storeSpecsOf, holder) : storeSpecsOf(holder, depth);
  for (const s of specs) cb(s.holder, s.kind, s.value, top);
}

interface Spec {
  holder: ASTNode;
  kind: string;
  value: ASTNode | undefined;
}

/** The store specs in and under `holder`, in visit order (the spec itself, then nested fields, then shard stores). */
function storeSpecsOf(holder: ASTNode, depth = 0, out: Spec[] = []): Spec[] {
  if (depth > 32) return out;
  const k = storeKindOf(holder);
  if (!k) return out;
  out.push({ holder, kind: k.kind, value: k.value });
  for (const f of NESTED_STORE_FIELDS[k.kind] ?? []) {
    const nested = valueOf(k.value, f);
    if (isObject(nested)) storeSpecsOf(nested, depth + 1, out);
  }
  if (k.kind === 'shard') {
    for (const sc of items(valueOf(k.value, 'stores'))) {
      const nested = valueOf(sc, 'store');
      if (isObject(nested)) storeSpecsOf(nested, depth + 1, out);
    }
  }
  return out;
}

/** The scheduler spec of a top-level entry and the ones nested in its wrappers' `scheduler` fields. */
function schedulerSpecsOf(entry: ASTNode): Spec[] {
  const out: Spec[] = [];
  let holder: ASTNode | undefined = entry;
  for (let d = 0; d < 32 && holder; d++) {
    const k = schedulerKindOf(holder);
    if (!k) break;
    out.push({ holder, kind: k.kind, value: k.value });
    const nested = valueOf(k.value, 'scheduler');
    holder = isObject(nested) ? nested : undefined;
  }
  return out;
}

/**
 * The specs of one entry, kept per entry node across versions of the document: a tree node that the next parse
 * keeps (json5Reuse.ts) keeps its whole subtree unchanged but for offsets, so on a keystroke only the edited
 * entry is visited again, once for all the rules that visit specs. Shared, so callers must not mutate them.
 */
const specsByEntry = new WeakMap<(entry: ASTNode) => Spec[], WeakMap<ASTNode, Spec[]>>();
function entrySpecs(collect: (entry: ASTNode) => Spec[], entry: ASTNode): Spec[] {
  let byEntry = specsByEntry.get(collect);
  if (!byEntry) specsByEntry.set(collect, (byEntry = new WeakMap()));
  let specs = byEntry.get(entry);
  if (!specs) byEntry.set(entry, (specs = collect(entry)));
  return specs;
}

/** Visit every scheduler spec (top-level and nested `scheduler` fields of wrappers). */
export function visitSchedulerSpecs(
  root: ASTNode | undefined,
  cb: (holder: ASTNode, kind: string, value: ASTNode | undefined, top: NamedEntry) => void,
): void {
  for (const top of topSchedulers(root)) for (const s of entrySpecs(schedulerSpecsOf, top.entry)) cb(s.holder, s.kind, s.value, top);
}

/** True when the scheduler named provides a worker scheduler (simple, or wrappers around simple). */
export function schedulerBase(entry: ASTNode | undefined): string | undefined {
  let holder = entry;
  for (let d = 0; d < 32 && holder; d++) {
    const k = schedulerKindOf(holder);
    if (!k) return undefined;
    if (k.kind === 'simple' || k.kind === 'grpc') return k.kind;
    const nested = valueOf(k.value, 'scheduler');
    holder = isObject(nested) ? nested : undefined;
  }
  return undefined;
}

export interface ServerInfo {
  index: number;
  server: ASTNode;
  name?: string;
  nameNode?: ASTNode;
  http?: ASTNode;
  socketNode?: ASTNode;
  services?: ASTNode;
}

function serversUncached(root: ASTNode | undefined): ServerInfo[] {
  return items(valueOf(root, 'servers')).map((server, index) => {
    const nameNode = valueOf(server, 'name');
    const http = valueOf(valueOf(server, 'listener'), 'http');
    const socketNode = valueOf(http, 'socket_address');
    return { index, server, name: str(nameNode), nameNode, http, socketNode, services: valueOf(server, 'services') };
  });
}

export interface ServiceEntry {
  service: string;
  instanceName: string;
  /** instance_name value node (array form) or the map key node (legacy form); undefined when defaulted. */
  instanceNode?: ASTNode;
  /** The entry object holding the service fields. */
  body: ASTNode;
  legacy: boolean;
  server: ServerInfo;
}

/** Every per-instance service entry of every server, in both the array and the legacy map form. */
function serviceEntriesUncached(root: ASTNode | undefined): ServiceEntry[] {
  const out: ServiceEntry[] = [];
  for (const server of servers(root)) {
    for (const svcProp of props(server.services)) {
      const service = keyName(svcProp);
      if (!(INSTANCE_SERVICES as readonly string[]).includes(service)) continue;
      const list = propValue(svcProp);
      if (!list) continue;
      if (list.type === 'array') {
        for (const body of list.children ?? []) {
          if (!isObject(body)) continue;
          const instanceNode = valueOf(body, 'instance_name');
          out.push({ service, instanceName: str(instanceNode) ?? '', instanceNode, body, legacy: false, server });
        }
      } else if (list.type === 'object') {
        if (service === 'bytestream') {
          // Legacy single object: { cas_stores: { <instance>: <store> }, ... }
          continue;
        }
        for (const p of props(list)) {
          const body = propValue(p);
          if (!isObject(body)) continue;
          out.push({ service, instanceName: keyName(p), instanceNode: keyOf(p), body, legacy: true, server });
        }
      }
    }
  }
  return out;
}

export interface WorkerInfo {
  index: number;
  entry: ASTNode;
  local?: ASTNode;
  name?: string;
  nameNode?: ASTNode;
}

function workersUncached(root: ASTNode | undefined): WorkerInfo[] {
  return items(valueOf(root, 'workers')).map((entry, index) => {
    const local = valueOf(entry, 'local');
    const nameNode = valueOf(local, 'name');
    return { index, entry, local: isObject(local) ? local : undefined, name: str(nameNode), nameNode };
  });
}

export interface RefSite {
  kind: 'store' | 'scheduler';
  name: string;
  node: ASTNode;
  /** Human label of the referencing field, e.g. "cas.cas_store". */
  field: string;
}

function pushRef(out: RefSite[], kind: 'store' | 'scheduler', node: ASTNode | undefined, field: string) {
  const name = str(node);
  if (name === undefined || !node) return;
  out.push({ kind, name, node, field });
}

/** Every string that names a top-level store or scheduler. */
function collectReferencesUncached(root: ASTNode | undefined): RefSite[] {
  const out: RefSite[] = [];
  if (!root) return out;
  // Store specs: ref_store.name.
  visitStoreSpecs(root, (_holder, kind, value) => {
    if (kind === 'ref_store') pushRef(out, 'store', valueOf(value, 'name'), 'ref_store.name');
  });
  // Schedulers.
  visitSchedulerSpecs(root, (_holder, kind, value) => {
    if (kind === 'cache_lookup') pushRef(out, 'store', valueOf(value, 'ac_store'), 'cache_lookup.ac_store');
    if (kind === 'simple') {
      const backend = valueOf(value, 'experimental_backend');
      pushRef(out, 'store', valueOf(valueOf(backend, 'redis'), 'redis_store'), 'experimental_backend.redis.redis_store');
    }
  });
  // Services.
  for (const e of serviceEntries(root)) {
    const b = e.body;
    switch (e.service) {
      case 'cas':
        pushRef(out, 'store', valueOf(b, 'cas_store'), 'cas.cas_store');
        pushRef(out, 'store', valueOf(valueOf(b, 'experimental_chunking'), 'index_store'), 'cas.experimental_chunking.index_store');
        break;
      case 'ac':
        pushRef(out, 'store', valueOf(b, 'ac_store'), 'ac.ac_store');
        break;
      case 'execution':
        pushRef(out, 'store', valueOf(b, 'cas_store'), 'execution.cas_store');
        pushRef(out, 'scheduler', valueOf(b, 'scheduler'), 'execution.scheduler');
        break;
      case 'capabilities':
        pushRef(out, 'scheduler', valueOf(valueOf(b, 'remote_execution'), 'scheduler'), 'capabilities.remote_execution.scheduler');
        break;
      case 'bytestream':
        pushRef(out, 'store', valueOf(b, 'cas_store'), 'bytestream.cas_store');
        break;
      case 'fetch':
        pushRef(out, 'store', valueOf(b, 'fetch_store'), 'fetch.fetch_store');
        break;
      case 'push':
        pushRef(out, 'store', valueOf(b, 'push_store'), 'push.push_store');
        break;
    }
  }
  for (const server of servers(root)) {
    const svc = server.services;
    const bs = valueOf(svc, 'bytestream');
    if (isObject(bs)) for (const p of props(valueOf(bs, 'cas_stores'))) pushRef(out, 'store', propValue(p), 'bytestream.cas_stores');
    pushRef(out, 'scheduler', valueOf(valueOf(svc, 'worker_api'), 'scheduler'), 'worker_api.scheduler');
    pushRef(out, 'store', valueOf(valueOf(svc, 'experimental_bep'), 'store'), 'experimental_bep.store');
  }
  pushRef(out, 'store', valueOf(valueOf(valueOf(root, 'experimental_origin_events'), 'publisher'), 'store'), 'experimental_origin_events.publisher.store');
  for (const w of workers(root)) {
    pushRef(out, 'store', valueOf(w.local, 'cas_fast_slow_store'), 'local.cas_fast_slow_store');
    const up = valueOf(w.local, 'upload_action_result');
    pushRef(out, 'store', valueOf(up, 'ac_store'), 'upload_action_result.ac_store');
    pushRef(out, 'store', valueOf(up, 'historical_results_store'), 'upload_action_result.historical_results_store');
  }
  return out;
}

/**
 * Views of one parsed document that about fifty rules and the symbol index all ask for: computed once per
 * tree instead of once per rule on every keystroke. Shared, so callers must not mutate them.
 */
const perTree = new WeakMap<ASTNode, Map<string, unknown>>();
function once<T>(root: ASTNode | undefined, key: string, compute: (root: ASTNode | undefined) => T): T {
  if (!root) return compute(root);
  let views = perTree.get(root);
  if (!views) perTree.set(root, (views = new Map()));
  if (!views.has(key)) views.set(key, compute(root));
  return views.get(key) as T;
}

export const topStores = (root: ASTNode | undefined): NamedEntry[] => once(root, 'topStores', topStoresUncached);
export const topSchedulers = (root: ASTNode | undefined): NamedEntry[] => once(root, 'topSchedulers', topSchedulersUncached);
export const storeMap = (root: ASTNode | undefined): Map<string, NamedEntry> => once(root, 'storeMap', storeMapUncached);
export const schedulerMap = (root: ASTNode | undefined): Map<string, NamedEntry> => once(root, 'schedulerMap', schedulerMapUncached);
export const servers = (root: ASTNode | undefined): ServerInfo[] => once(root, 'servers', serversUncached);
export const serviceEntries = (root: ASTNode | undefined): ServiceEntry[] => once(root, 'serviceEntries', serviceEntriesUncached);
export const workers = (root: ASTNode | undefined): WorkerInfo[] => once(root, 'workers', workersUncached);
export const collectReferences = (root: ASTNode | undefined): RefSite[] => once(root, 'collectReferences', collectReferencesUncached);

export { keyOf, propertyOf, valueOf };
