import type { Rule } from '../../service/rules';
import { removeSequenceItem } from '../edits';
import { canonicalId, singular } from '../model';
import { DOCS } from '../guide';
import { modelOf, pipelinePrefix } from './util';

/**
 * A processor may appear once per pipeline (collector error). Receivers and exporters listed twice
 * are de-duplicated silently by the collector, so those only get a warning.
 */
export const duplicateReference: Rule = {
  id: 'collector/duplicate-processor',
  docs: DOCS.pipelines,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:service/pipelines/config.go'],
  description: 'A processor listed twice in one pipeline is rejected; repeated receivers/exporters are redundant.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const p of model.pipelines) {
      for (const list of ['receivers', 'processors', 'exporters'] as const) {
        const seen = new Set<string>();
        const pl = p.lists[list];
        pl.items.forEach((it, i) => {
          const id = canonicalId(it.id);
          if (!seen.has(id)) {
            seen.add(id);
            return;
          }
          const isProc = list === 'processors';
          ctx.report({
            code: isProc ? 'collector/duplicate-processor' : 'collector/duplicate-reference',
            severity: isProc ? 'error' : 'warning',
            message: isProc
              ? `${pipelinePrefix(p.id)}references processor "${id}" multiple times`
              : `${singular(list)} "${id}" is listed more than once in pipeline "${p.id.trim()}"; the collector uses it once`,
            node: it.node,
            fixes: pl.array ? [{ title: `Remove the repeated "${id}"`, edits: [removeSequenceItem(ctx.text, pl.array, i)], isPreferred: true }] : undefined,
          });
        });
      }
    }
  },
};
