import type { Rule } from '../../service/rules';
import type { ASTNode } from '../../parser/ast';
import { canonicalId, componentsOf, SIGNALS, type Pipeline } from '../model';
import { DOCS } from '../guide';
import { catalogOf, modelOf } from './util';

interface CNode {
  key: string; // id|exp|rec
  id: string;
  exp: string;
  rec: string;
}

/**
 * Data may not loop back through connectors: the collector builds one node per (connector,
 * exporter signal, receiver signal) and rejects the graph when a cycle exists.
 */
export const connectorCycle: Rule = {
  id: 'collector/connector-cycle',
  docs: DOCS.connectors,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:service/internal/graph/graph.go'],
  description: 'Pipelines joined by connectors must not form a cycle.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    const connIds = new Set(componentsOf(model, 'connector').map((c) => canonicalId(c.id)));
    if (connIds.size === 0) return;
    const typeOf = new Map(componentsOf(model, 'connector').map((c) => [canonicalId(c.id), c.type]));
    const isSig = (s: string): boolean => (SIGNALS as readonly string[]).includes(s);
    const ok = (id: string, exp: string, rec: string): boolean => {
      const pairs = cat.connectorPairs(typeOf.get(id) ?? '');
      return !pairs || pairs.some(([a, b]) => a === exp && b === rec);
    };
    // Connector nodes actually created: used as exporter in a pipeline of signal e and receiver in one of signal r.
    const nodes = new Map<string, CNode>();
    const expUses = new Map<string, { p: Pipeline; node: ASTNode }[]>();
    for (const p of model.pipelines) {
      if (!isSig(p.signal)) continue;
      for (const it of p.lists.exporters.items) {
        const id = canonicalId(it.id);
        if (!connIds.has(id)) continue;
        if (!expUses.has(id)) expUses.set(id, []);
        expUses.get(id)!.push({ p, node: it.node });
      }
    }
    for (const p of model.pipelines) {
      if (!isSig(p.signal)) continue;
      for (const it of p.lists.receivers.items) {
        const id = canonicalId(it.id);
        for (const e of expUses.get(id) ?? []) {
          if (!ok(id, e.p.signal, p.signal)) continue;
          const key = `${id}|${e.p.signal}|${p.signal}`;
          nodes.set(key, { key, id, exp: e.p.signal, rec: p.signal });
        }
      }
    }
    // Edge X → Y when X feeds pipeline P (X.rec === P.signal, X is a receiver of P) and P exports to Y.
    const edges = new Map<string, { to: string; via: Pipeline; node: ASTNode }[]>();
    for (const x of nodes.values()) {
      const out: { to: string; via: Pipeline; node: ASTNode }[] = [];
      for (const p of model.pipelines) {
        if (p.signal !== x.rec) continue;
        if (!p.lists.receivers.items.some((it) => canonicalId(it.id) === x.id)) continue;
        for (const it of p.lists.exporters.items) {
          const yid = canonicalId(it.id);
          for (const y of nodes.values()) if (y.id === yid && y.exp === p.signal) out.push({ to: y.key, via: p, node: it.node });
        }
      }
      edges.set(x.key, out);
    }
    const state = new Map<string, number>(); // 1 = on stack, 2 = done
    const stack: { key: string; via?: Pipeline; node?: ASTNode }[] = [];
    const reported = new Set<string>();
    const describe = (n: CNode): string => `connector "${n.id}" (${n.exp} to ${n.rec})`;
    const visit = (key: string): void => {
      state.set(key, 1);
      for (const e of edges.get(key) ?? []) {
        stack.push({ key: e.to, via: e.via, node: e.node });
        if (state.get(e.to) === 1) {
          const start = stack.findIndex((s) => s.key === e.to);
          const loop = start >= 0 ? stack.slice(start) : [stack[stack.length - 1]];
          const parts: string[] = [describe(nodes.get(e.to)!)];
          for (const step of start >= 0 ? stack.slice(start + 1) : loop) {
            for (const proc of step.via?.lists.processors.items ?? []) parts.push(`processor "${canonicalId(proc.id)}" in pipeline "${step.via!.id.trim()}"`);
            parts.push(describe(nodes.get(step.key)!));
          }
          const sig = [...new Set(loop.map((s) => s.key))].sort().join(',');
          if (!reported.has(sig)) {
            reported.add(sig);
            ctx.report({ code: this.id, severity: 'error', message: `cycle detected: ${parts.join(' -> ')}`, node: e.node });
          }
        } else if (!state.has(e.to)) visit(e.to);
        stack.pop();
      }
      state.set(key, 2);
    };
    for (const k of nodes.keys()) {
      if (state.has(k)) continue;
      stack.push({ key: k });
      visit(k);
      stack.pop();
    }
  },
};
