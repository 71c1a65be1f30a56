import type { Rule } from '../../service/rules';
import type { ASTNode } from '../../parser/ast';
import { canonicalId, componentsOf, type Pipeline, SIGNALS } from '../model';
import { DOCS } from '../guide';
import { catalogOf, modelOf } from './util';

interface Use {
  pipeline: Pipeline;
  node: ASTNode;
}

/**
 * A connector must be an exporter in one pipeline and a receiver in another, with a signal pair
 * the connector supports (graph build stage; wording from service/internal/graph).
 */
export const connectorWiring: Rule = {
  id: 'collector/connector-wiring',
  docs: DOCS.connectors,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:service/internal/graph/graph.go'],
  description: 'Connectors must be used as an exporter and as a receiver, joining signals they support.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    const known = (s: string): boolean => (SIGNALS as readonly string[]).includes(s);
    for (const conn of componentsOf(model, 'connector')) {
      const id = canonicalId(conn.id);
      const asExp: Use[] = [];
      const asRec: Use[] = [];
      for (const p of model.pipelines) {
        for (const it of p.lists.exporters.items) if (canonicalId(it.id) === id) asExp.push({ pipeline: p, node: it.node });
        for (const it of p.lists.receivers.items) if (canonicalId(it.id) === id) asRec.push({ pipeline: p, node: it.node });
      }
      if (asExp.length === 0 && asRec.length === 0) continue; // unused: a hint elsewhere
      const pairs = cat.connectorPairs(conn.type);
      const supported = (exp: string, rec: string): boolean =>
        !pairs || !known(exp) || !known(rec) || pairs.some(([a, b]) => a === exp && b === rec);
      for (const e of asExp) {
        if (asRec.some((r) => supported(e.pipeline.signal, r.pipeline.signal))) continue;
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `connector "${id}" used as exporter in [${e.pipeline.id.trim()}] pipeline but not used in any supported receiver pipeline`,
          node: e.node,
          docs: DOCS.connectors,
        });
      }
      for (const r of asRec) {
        if (asExp.some((e) => supported(e.pipeline.signal, r.pipeline.signal))) continue;
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `connector "${id}" used as receiver in [${r.pipeline.id.trim()}] pipeline but not used in any supported exporter pipeline`,
          node: r.node,
        });
      }
    }
  },
};
