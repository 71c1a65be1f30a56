import type { Fix, Rule } from '../../service/rules';
import { canonicalId, componentsOf, findComponent, getIn, type Pipeline } from '../model';
import { GUIDE } from '../guide';
import { addToPipeline, defineComponent } from './advice-util';
import { catalogOf, modelOf, stubBody } from './util';

const PROM_TYPES = new Set(['prometheus', 'prometheusremotewrite', 'prometheus_remote_write']);

/**
 * NativeLink dashboards and recording rules read Prometheus: every metrics pipeline should reach a
 * prometheus / prometheusremotewrite exporter (or Prometheus's OTLP endpoint), possibly via connectors.
 */
export const metricsToPrometheus: Rule = {
  id: 'collector/metrics-to-prometheus',
  docs: GUIDE.metricsMissing,
  upstream: ['open-telemetry/opentelemetry-collector-contrib@v0.159.0:exporter/prometheusexporter/README.md'],
  advice: true,
  description: 'A metrics pipeline with no path into Prometheus leaves NativeLink dashboards empty.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    const connectors = new Set(componentsOf(model, 'connector').map((c) => canonicalId(c.id)));
    const reachesProm = (id: string): boolean => {
      const e = findComponent(model, 'exporter', id);
      if (!e) return false;
      const type = cat.renamedTo('exporter', e.type) ?? e.type;
      if (PROM_TYPES.has(type)) return true;
      if (type === 'otlp_http') {
        const ep = getIn(e.body, 'endpoint') ?? getIn(e.body, 'metrics_endpoint');
        return !!ep && typeof ep.value === 'string' && /\/api\/v1\/otlp/.test(ep.value);
      }
      return false;
    };
    const seenPipelines = new Set<Pipeline>();
    const pathFrom = (p: Pipeline): boolean => {
      if (seenPipelines.has(p)) return false;
      seenPipelines.add(p);
      for (const it of p.lists.exporters.items) {
        const id = canonicalId(it.id);
        if (reachesProm(id)) return true;
        if (connectors.has(id)) {
          for (const q of model.pipelines) if (q.lists.receivers.items.some((r) => canonicalId(r.id) === id) && pathFrom(q)) return true;
        }
      }
      return false;
    };
    const promExporter = componentsOf(model, 'exporter').find((c) => PROM_TYPES.has(c.type));
    for (const p of model.pipelines) {
      if (p.signal !== 'metrics') continue;
      seenPipelines.clear();
      if (pathFrom(p)) continue;
      const id = promExporter ? promExporter.id.trim() : 'prometheus';
      const fix: Fix = { title: promExporter ? `Export to "${id}"` : 'Add a prometheus exporter (0.0.0.0:9090) to this pipeline', edits: [] };
      const def = promExporter ? undefined : defineComponent(ctx, model, 'exporter', id, stubBody('exporter', 'prometheus'));
      if (def) fix.edits.push(def);
      fix.edits.push(addToPipeline(ctx, p, 'exporters', id));
      ctx.report({
        code: this.id,
        severity: 'information',
        message: `metrics pipeline "${p.id.trim()}" has no path into Prometheus (no prometheus or prometheusremotewrite exporter), so NativeLink dashboards and alerts will not see these metrics`,
        node: p.keyNode,
        fixes: [fix],
      });
    }
  },
};
