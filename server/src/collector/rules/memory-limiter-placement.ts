import type { Fix, Rule } from '../../service/rules';
import { moveSequenceItem } from '../edits';
import { componentsOf, SIGNALS } from '../model';
import { GUIDE } from '../guide';
import { addToPipeline, defineComponent, processorIndex } from './advice-util';
import { modelOf, stubBody } from './util';

/** memory_limiter should guard every pipeline, as its first processor (opentelemetry-collector@v0.159.0 processor/README.md). */
export const memoryLimiterPlacement: Rule = {
  id: 'collector/memory-limiter-placement',
  docs: GUIDE.highMemory,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/README.md',
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/memorylimiterprocessor/README.md',
  ],
  advice: true,
  description: 'Each pipeline should start with a memory_limiter so the collector sheds load before it runs out of memory.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const limiter = componentsOf(model, 'processor').find((c) => c.type === 'memory_limiter');
    for (const p of model.pipelines) {
      if (!(SIGNALS as readonly string[]).includes(p.signal)) continue;
      const idx = processorIndex(model, p, 'memory_limiter');
      if (idx > 0) {
        const item = p.lists.processors.items[idx];
        const b = processorIndex(model, p, 'batch');
        const why = b >= 0 && b < idx ? `"${p.lists.processors.items[b].id.trim()}" runs before it, so batches build up in memory that the limiter never sees` : 'other processors hold on to data before it can refuse it';
        ctx.report({
          code: this.id,
          severity: 'warning',
          message: `memory_limiter is processor #${idx + 1} in pipeline "${p.id.trim()}"; put it first: ${why}`,
          node: item.node,
          fixes: p.lists.processors.array
            ? [{ title: `Move "${item.id.trim()}" to the front`, edits: [moveSequenceItem(ctx.text, p.lists.processors.array, idx, 0)], isPreferred: true }]
            : undefined,
        });
      } else if (idx < 0) {
        const id = limiter ? limiter.id.trim() : 'memory_limiter';
        const fix: Fix = { title: limiter ? `Add "${id}" as the first processor` : 'Define a memory_limiter and add it as the first processor', edits: [] };
        const def = limiter ? undefined : defineComponent(ctx, model, 'processor', id, stubBody('processor', 'memory_limiter'));
        if (def) fix.edits.push(def);
        fix.edits.push(addToPipeline(ctx, p, 'processors', id, 0));
        ctx.report({
          code: this.id,
          severity: 'information',
          message: `pipeline "${p.id.trim()}" has no memory_limiter processor; under load the collector can run out of memory`,
          node: p.keyNode,
          fixes: [fix],
        });
      }
    }
  },
};
