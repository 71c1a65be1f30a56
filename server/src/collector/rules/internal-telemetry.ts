import type { Rule } from '../../service/rules';
import { replaceNode } from '../edits';
import { getIn } from '../model';
import { GUIDE } from '../guide';
import { modelOf } from './util';

/** With internal metrics off, otelcol_receiver_accepted_metric_points (the guide's health check) disappears. */
export const internalTelemetry: Rule = {
  id: 'collector/internal-telemetry',
  docs: GUIDE.collectorHealth,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:service/telemetry/otelconftelemetry/config.go'],
  advice: true,
  description: 'Keep the collector’s own metrics on: they show whether NativeLink metrics reach the collector.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const svc = model.service?.children?.[1];
    const level = getIn(svc, 'telemetry', 'metrics', 'level');
    if (level && level.type === 'string' && String(level.value).trim().toLowerCase() === 'none') {
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: 'internal metrics are disabled (level: none): the collector will not report otelcol_receiver_accepted_metric_points, so you cannot tell whether NativeLink metrics arrive',
        node: level,
        fixes: [{ title: 'Set level to normal', edits: [replaceNode(level, 'normal')], isPreferred: true }],
      });
    }
    const readers = getIn(svc, 'telemetry', 'metrics', 'readers');
    if (readers && readers.type === 'array' && (readers.children ?? []).length === 0) {
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: 'service.telemetry.metrics.readers is empty: the collector exposes none of its own metrics (otelcol_receiver_accepted_metric_points included)',
        node: readers,
      });
    }
  },
};
