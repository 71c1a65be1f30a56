/**
 * Which config entries can carry live numbers, and which label values select their series.
 *
 * NativeLink (v1.6.6):
 * - `cache_metrics` stores: every `cache.*` instrument carries `cache_type` = the spec's `cache_type`
 *   (TraceMachina/nativelink@v1.6.6:nativelink-store/src/cache_metrics_store.rs, `CacheMetricsStore::new`).
 *   Other stores emit no `cache.*` series at all.
 * - `execution` service entries: `execution.*` series carry `execution_instance` = the entry's `instance_name`
 *   (nativelink-scheduler/src/simple_scheduler_state_manager.rs). `execution.active.count` and
 *   `worker.connected.count` carry no instance label (nativelink-util/src/metrics.rs), so those are cluster-wide.
 * - `fast_slow` stores: `store.tier.operations` carries `store_tier` and `store_result` only
 *   (nativelink-util/src/metrics.rs `record_store_tier_read`, called from nativelink-store/src/fast_slow_store.rs),
 *   so a tier share can be attributed only when a single fast_slow store exists.
 * Collector: every component's own metrics carry its id in `receiver`/`processor`/`exporter`
 * (open-telemetry/opentelemetry-collector@v0.159.0:receiver/receiverhelper/internal/obsmetrics.go and the
 * metadata.yaml of receiverhelper, processorhelper, exporterhelper); a component in no pipeline is never started.
 */
import type { ASTNode } from '../parser/ast';
import { getNodePath } from '../parser/ast';
import { containsEnv, serviceEntries, str, topStores, valueOf, visitSpec, type NamedEntry } from '../nativelink/util';
import { buildModel, type ComponentKind } from '../collector/model';
import type { LiveTarget } from './types';

/** A path as people read it: `stores[1].cache_metrics`. */
export function pathText(node: ASTNode): string {
  if (node.type === 'property') {
    const base = node.parent ? pathText(node.parent) : '';
    const key = String(node.children?.[0]?.value ?? '');
    return base ? `${base}.${key}` : key;
  }
  let out = '';
  for (const seg of getNodePath(node)) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

function anchor(node: ASTNode): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}

/** Live targets of a NativeLink config. Linear in the document: one pass over stores and services. */
export function nativelinkTargets(root: ASTNode | undefined): LiveTarget[] {
  if (!root || root.type !== 'object') return [];
  const out: LiveTarget[] = [];
  const stores = topStores(root);
  const caches: { top: NamedEntry; holder: ASTNode; kindProp: ASTNode; cacheType?: string; typeNode?: ASTNode }[] = [];
  const fastSlow: { top: NamedEntry; kindProp: ASTNode }[] = [];
  const storesWithCache = new Set<NamedEntry>();
  // Stores reached through `ref_store` from inside a cache_metrics backend are counted under that cache_type.
  const countedVia = new Map<string, string>();

  for (const top of stores) {
    visitSpec(top.entry, top, (holder, kind, value) => {
      const kindProp = holder.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === kind);
      if (!kindProp) return;
      if (kind === 'cache_metrics') {
        const typeNode = valueOf(value, 'cache_type');
        caches.push({ top, holder, kindProp, cacheType: str(typeNode), typeNode });
        storesWithCache.add(top);
        const backend = valueOf(value, 'backend');
        visitRefNames(backend, (name) => {
          if (!countedVia.has(name)) countedVia.set(name, top.name);
        });
      } else if (kind === 'fast_slow') {
        fastSlow.push({ top, kindProp });
      }
    }, 0);
  }

  const byType = new Map<string, string[]>();
  for (const c of caches) if (c.cacheType !== undefined) byType.set(c.cacheType, [...(byType.get(c.cacheType) ?? []), c.top.name]);

  for (const c of caches) {
    const where = c.holder === c.top.entry ? c.top.name : `${c.top.name} (${pathText(c.kindProp).slice(pathText(c.top.entry).length + 1)})`;
    const t: LiveTarget = {
      id: `cache:${pathText(c.kindProp)}`,
      kind: 'cache',
      label: where,
      path: pathText(c.kindProp),
      ...anchor(c.kindProp),
      match: {},
    };
    if (c.cacheType === undefined) t.reason = 'cache_metrics has no cache_type: NativeLink refuses the config';
    else if (containsEnv(c.cacheType)) t.reason = `cache_type "${c.cacheType}" is expanded from the environment at startup: its value is not known here`;
    else {
      t.match = { cache_type: c.cacheType };
      const others = (byType.get(c.cacheType) ?? []).filter((n) => n !== c.top.name);
      if (others.length) t.notes = [`cache_type "${c.cacheType}" is also used by ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}: the numbers combine them.`];
    }
    out.push(t);
  }

  const withTiers = new Set(fastSlow.map((f) => f.top));
  for (const top of stores) {
    // A fast_slow store shows its tier numbers instead (below); a second "no cache metrics" line would be noise.
    if (storesWithCache.has(top) || withTiers.has(top) || !top.kind || !top.kindProp) continue;
    if (top.kind === 'ref_store') continue; // its numbers belong to the store it names
    const via = countedVia.get(top.name);
    out.push({
      id: `store:${top.name}`,
      kind: 'store',
      label: top.name,
      path: pathText(top.entry),
      ...anchor(top.nameNode),
      match: {},
      reason: via ? `no cache metrics of its own: its reads count under ${via}'s cache_type` : 'no cache metrics: not wrapped in cache_metrics, so NativeLink emits no cache.* series for it',
    });
  }

  fastSlow.forEach((f) => {
    const t: LiveTarget = { id: `fast-slow:${pathText(f.kindProp)}`, kind: 'fast-slow', label: f.top.name, path: pathText(f.kindProp), ...anchor(f.kindProp), match: {} };
    if (fastSlow.length > 1) t.reason = `${fastSlow.length} fast_slow stores here: store.tier.* has no store label, so reads cannot be attributed to this one`;
    else t.notes = ['store.tier.* has no store label: these are the reads of every fast_slow store in the cluster.'];
    out.push(t);
  });

  const seenInstances = new Set<string>();
  for (const e of serviceEntries(root)) {
    if (e.service !== 'execution') continue;
    const node = e.instanceNode ?? e.body;
    const scheduler = str(valueOf(e.body, 'scheduler'));
    const t: LiveTarget = {
      id: `execution:${e.instanceName}:${pathText(e.body)}`,
      kind: 'execution',
      label: `execution "${e.instanceName}"${scheduler ? ` → ${scheduler}` : ''}`,
      path: pathText(e.body),
      ...anchor(node),
      match: { execution_instance: e.instanceName },
      notes: ['Queued and executing actions and connected workers are cluster-wide: execution.active.count and worker.connected.count carry no instance label.'],
    };
    if (containsEnv(e.instanceName)) {
      t.match = {};
      t.reason = `instance_name "${e.instanceName}" is expanded from the environment at startup: its value is not known here`;
    } else if (seenInstances.has(e.instanceName)) {
      t.notes!.push(`instance_name "${e.instanceName}" appears more than once: the numbers are shared.`);
    }
    seenInstances.add(e.instanceName);
    out.push(t);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** `ref_store` names anywhere under a store spec (bounded by the spec's size). */
function visitRefNames(node: ASTNode | undefined, cb: (name: string) => void, depth = 0): void {
  if (!node || depth > 64) return;
  if (node.type === 'property' && node.children?.[0]?.value === 'ref_store') {
    const name = str(valueOf(node.children?.[1], 'name'));
    if (name !== undefined) cb(name);
  }
  for (const c of node.children ?? []) visitRefNames(c, cb, depth + 1);
}

const LIVE_KINDS: ComponentKind[] = ['receiver', 'processor', 'exporter'];

/** Live targets of a collector config: receivers, processors and exporters, by component id. */
export function collectorTargets(root: ASTNode | undefined): LiveTarget[] {
  const model = buildModel(root);
  if (!model) return [];
  const used = new Set<string>();
  for (const p of model.pipelines) {
    for (const r of p.lists.receivers.items) used.add(`receiver\u0000${r.id.trim()}`);
    for (const r of p.lists.processors.items) used.add(`processor\u0000${r.id.trim()}`);
    for (const r of p.lists.exporters.items) used.add(`exporter\u0000${r.id.trim()}`);
  }
  const out: LiveTarget[] = [];
  for (const c of model.components) {
    if (!LIVE_KINDS.includes(c.kind)) continue;
    const id = c.name === undefined ? c.type : `${c.type}/${c.name}`;
    const t: LiveTarget = {
      id: `${c.kind}:${id}`,
      kind: c.kind as 'receiver' | 'processor' | 'exporter',
      label: id,
      path: `${c.kind}s.${c.id}`,
      ...anchor(c.keyNode),
      match: { [c.kind]: id },
    };
    if (!used.has(`${c.kind}\u0000${c.id.trim()}`)) {
      t.match = {};
      t.reason = 'in no pipeline: the collector does not start it';
    }
    out.push(t);
  }
  return out;
}
