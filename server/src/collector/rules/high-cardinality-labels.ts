import type { Fix, Rule } from '../../service/rules';
import { findComponent } from '../model';
import { GUIDE } from '../guide';
import { addToPipeline, defineComponent, processorIndex } from './advice-util';
import { modelOf, stubBody } from './util';

export const HIGH_CARDINALITY_LABEL = 'execution_action_digest';
const PROCESSOR_ID = 'attributes/drop_high_cardinality';

/**
 * NativeLink tags execution metrics with execution_action_digest (one value per action): without a
 * processor that deletes it, Prometheus series counts and collector memory grow with every build.
 */
export const highCardinalityLabels: Rule = {
  id: 'collector/high-cardinality-labels',
  docs: GUIDE.cardinality,
  advice: true,
  description: 'Metrics pipelines fed by OTLP should drop high-cardinality labels such as execution_action_digest.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const p of model.pipelines) {
      if (p.signal !== 'metrics') continue;
      const otlpFed = p.lists.receivers.items.some((it) => findComponent(model, 'receiver', it.id)?.type === 'otlp');
      if (!otlpFed) continue;
      const drops = p.lists.processors.items.some((it) => {
        const c = findComponent(model, 'processor', it.id);
        if (!c || !c.body) return false;
        const body = ctx.text.slice(c.prop.offset, c.prop.offset + c.prop.length);
        return body.includes(HIGH_CARDINALITY_LABEL);
      });
      if (drops) continue;
      const fix: Fix = { title: `Add "${PROCESSOR_ID}" deleting ${HIGH_CARDINALITY_LABEL} to this pipeline`, edits: [] };
      const def = defineComponent(ctx, model, 'processor', PROCESSOR_ID, stubBody('processor', 'attributes'));
      if (def) fix.edits.push(def);
      const batchAt = processorIndex(model, p, 'batch');
      fix.edits.push(addToPipeline(ctx, p, 'processors', PROCESSOR_ID, batchAt >= 0 ? batchAt : undefined));
      ctx.report({
        code: this.id,
        severity: 'information',
        message: `metrics pipeline "${p.id.trim()}" keeps every label NativeLink sends, including ${HIGH_CARDINALITY_LABEL}; delete high-cardinality labels with an attributes processor to keep series counts and memory in check`,
        node: p.keyNode,
        fixes: [fix],
      });
    }
  },
};
