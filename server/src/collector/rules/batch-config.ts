import type { Rule } from '../../service/rules';
import { findProp, propValue } from '../model';
import { replaceNode } from '../edits';
import { DOCS } from '../guide';
import { batchProcessors, componentPrefix, DEFAULT_SEND_BATCH_SIZE, durationNs, modelOf, numberValue } from './util';

/** batch processor Validate(): send_batch_max_size (0 = unlimited) ≥ send_batch_size; timeout ≥ 0. */
export const batchConfig: Rule = {
  id: 'collector/batch-config',
  docs: DOCS.batch,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:processor/batchprocessor/config.go'],
  description: 'batch: send_batch_max_size must be 0 (unlimited) or at least send_batch_size; timeout must not be negative.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const { c, sizeProp, maxProp } of batchProcessors(model)) {
      const size = sizeProp ? numberValue(propValue(sizeProp)) : DEFAULT_SEND_BATCH_SIZE;
      const max = numberValue(propValue(maxProp));
      if (size !== undefined && max !== undefined && max > 0 && max < size) {
        const v = propValue(maxProp)!;
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${componentPrefix(c)}send_batch_max_size must be greater or equal to send_batch_size (${max} < ${size}${sizeProp ? '' : ', the default'})`,
          node: v,
          fixes: [
            { title: `Set send_batch_max_size to ${size * 2}`, edits: [replaceNode(v, String(size * 2))], isPreferred: true },
            { title: 'Set send_batch_max_size to 0 (unlimited)', edits: [replaceNode(v, '0')] },
          ],
        });
      }
      const t = propValue(findProp(c.body, 'timeout'));
      const ns = durationNs(t);
      if (t && ns !== undefined && ns < 0) {
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${componentPrefix(c)}timeout must be greater or equal to 0`,
          node: t,
          fixes: [{ title: 'Use the default 200ms', edits: [replaceNode(t, '200ms')] }],
        });
      }
    }
  },
};
