import type { Rule } from '../../service/rules';
import { DOCS } from '../guide';
import { modelOf, pipelinePrefix } from './util';

/** Every pipeline needs at least one receiver and one exporter. */
export const pipelineIncomplete: Rule = {
  id: 'collector/pipeline-incomplete',
  docs: DOCS.pipelines,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:service/pipelines/config.go'],
  description: 'Each pipeline must list at least one receiver and at least one exporter.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const p of model.pipelines) {
      for (const [list, word] of [
        ['receivers', 'receiver'],
        ['exporters', 'exporter'],
      ] as const) {
        if (p.lists[list].items.length > 0) continue;
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${pipelinePrefix(p.id)}must have at least one ${word}`,
          node: p.lists[list].prop?.children?.[0] ?? p.keyNode,
        });
      }
    }
  },
};
