import type { Rule } from '../../service/rules';
import { moveSequenceItem } from '../edits';
import { findComponent } from '../model';
import { GUIDE } from '../guide';
import { processorIndex } from './advice-util';
import { modelOf } from './util';

/**
 * batch belongs last: after memory_limiter and after processors that drop, enrich or read request context
 * (opentelemetry-collector@v0.159.0 processor/README.md "Recommended Processors", batchprocessor/README.md).
 * batch before memory_limiter alone is memory-limiter-placement's finding (its fix moves the limiter first),
 * so one misordering gives one diagnostic.
 */
export const batchOrder: Rule = {
  id: 'collector/batch-order',
  docs: GUIDE.highMemory,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/README.md',
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/batchprocessor/README.md',
  ],
  advice: true,
  description: 'batch should be the last processor of a pipeline (after filtering, enriching and memory_limiter).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const p of model.pipelines) {
      const b = processorIndex(model, p, 'batch');
      if (b < 0) continue;
      const items = p.lists.processors.items;
      const later = items.slice(b + 1).filter((it) => findComponent(model, 'processor', it.id)?.type !== 'memory_limiter');
      if (later.length === 0) continue;
      const arr = p.lists.processors.array;
      const item = items[b];
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: `"${item.id.trim()}" runs before ${later.map((it) => `"${it.id.trim()}"`).join(', ')} in pipeline "${p.id.trim()}": batch last, so it batches only data that is kept and final`,
        node: item.node,
        fixes: arr ? [{ title: `Move "${item.id.trim()}" to the end`, edits: [moveSequenceItem(ctx.text, arr, b, items.length - 1)], isPreferred: true }] : undefined,
      });
    }
  },
};
