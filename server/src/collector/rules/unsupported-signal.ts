import type { Rule } from '../../service/rules';
import { removeSequenceItem } from '../edits';
import { findComponent, type ListName, SIGNALS, singular } from '../model';
import { DOCS } from '../guide';
import { catalogOf, modelOf } from './util';

/** A receiver, processor or exporter placed in a pipeline whose signal it cannot handle. */
export const unsupportedSignal: Rule = {
  id: 'collector/unsupported-signal',
  docs: DOCS.pipelines,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:service/internal/graph/receiver.go',
    'open-telemetry/opentelemetry-collector@v0.159.0:service/internal/graph/processor.go',
    'open-telemetry/opentelemetry-collector@v0.159.0:service/internal/graph/exporter.go',
  ],
  description: 'Components may only be used in pipelines of a signal (traces/metrics/logs/profiles) they support.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    for (const p of model.pipelines) {
      if (!(SIGNALS as readonly string[]).includes(p.signal)) continue;
      for (const list of ['receivers', 'processors', 'exporters'] as ListName[]) {
        const kind = singular(list);
        const pl = p.lists[list];
        pl.items.forEach((it, i) => {
          const comp = findComponent(model, kind, it.id);
          if (!comp) return; // undefined or a connector: other rules
          const sigs = cat.signals(kind, comp.type);
          if (!sigs || sigs.includes(p.signal as (typeof SIGNALS)[number])) return;
          const id = it.id.trim();
          const message =
            kind === 'processor'
              ? `failed to create "${id}" processor, in pipeline "${p.id.trim()}": telemetry type is not supported`
              : `failed to create "${id}" ${kind} for data type "${p.signal}": telemetry type is not supported`;
          const match = model.pipelines.find((q) => q !== p && sigs.includes(q.signal as (typeof SIGNALS)[number]));
          ctx.report({
            code: this.id,
            severity: 'error',
            message: `${message} (${comp.type} supports ${sigs.join(', ')})`,
            node: it.node,
            fixes:
              pl.array && (kind === 'processor' || pl.items.length > 1)
                ? [{ title: `Remove "${id}" from pipeline "${p.id.trim()}"${match ? ` (use it in "${match.id.trim()}")` : ''}`, edits: [removeSequenceItem(ctx.text, pl.array, i)] }]
                : undefined,
          });
        });
      }
    }
  },
};
