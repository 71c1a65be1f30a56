import type { Rule } from '../../service/rules';
import { moveSequenceItem } from '../edits';
import { GUIDE } from '../guide';
import { processorIndex } from './advice-util';
import { modelOf } from './util';

/** batch placed before memory_limiter buffers data the limiter can no longer refuse. */
export const batchOrder: Rule = {
  id: 'collector/batch-order',
  docs: GUIDE.highMemory,
  advice: true,
  description: 'batch should come after memory_limiter (ideally last) in a pipeline.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const p of model.pipelines) {
      const b = processorIndex(model, p, 'batch');
      const m = processorIndex(model, p, 'memory_limiter');
      if (b < 0 || m < 0 || b > m) continue;
      const arr = p.lists.processors.array;
      const item = p.lists.processors.items[b];
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: `"${item.id.trim()}" runs before memory_limiter in pipeline "${p.id.trim()}": batches build up in memory that the limiter never sees`,
        node: item.node,
        fixes: arr ? [{ title: `Move "${item.id.trim()}" to the end`, edits: [moveSequenceItem(ctx.text, arr, b, p.lists.processors.items.length - 1)], isPreferred: true }] : undefined,
      });
    }
  },
};
