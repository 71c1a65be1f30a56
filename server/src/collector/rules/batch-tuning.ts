import type { Rule } from '../../service/rules';
import { setMappingValue } from '../edits';
import { propValue } from '../model';
import { GUIDE } from '../guide';
import { batchProcessors, DEFAULT_SEND_BATCH_SIZE, modelOf, numberValue } from './util';

const GUIDE_SIZE = 512;
const GUIDE_MAX = 1024;

/**
 * Large or unbounded batches are the first thing the guide's High Memory Usage section shrinks
 * (send_batch_size 512, send_batch_max_size 1024).
 */
export const batchTuning: Rule = {
  id: 'collector/batch-tuning',
  docs: GUIDE.batchSize,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/batchprocessor/config.go',
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/batchprocessor/README.md',
  ],
  advice: true,
  description: 'Batches larger than 1024 items, or without send_batch_max_size, inflate collector memory.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const { c, sizeProp, maxProp } of batchProcessors(model)) {
      const sizeNode = propValue(sizeProp);
      const maxNode = propValue(maxProp);
      if ((sizeNode && numberValue(sizeNode) === undefined) || (maxNode && numberValue(maxNode) === undefined)) continue; // runtime values
      const size = sizeProp ? numberValue(sizeNode) ?? DEFAULT_SEND_BATCH_SIZE : DEFAULT_SEND_BATCH_SIZE;
      const max = numberValue(maxNode) ?? 0;
      const problems: string[] = [];
      if (size > GUIDE_MAX) problems.push(`send_batch_size is ${size}${sizeProp ? '' : ' (the default)'}`);
      if (max === 0) problems.push('send_batch_max_size is unbounded');
      if (problems.length === 0) continue;
      const target = c.body && c.body.type === 'object' ? c.body : c.prop;
      const e1 = setMappingValue(ctx.text, target, 'send_batch_size', String(GUIDE_SIZE));
      const e2 = setMappingValue(ctx.text, target, 'send_batch_max_size', String(GUIDE_MAX));
      // Two inserts land on the same offset: merge them so the keys keep their order. Block inserts start with a line
      // break; flow inserts (`batch: {}`) need a comma between the two entries.
      const joiner = /^(\r?\n|, )/.test(e2.newText) ? '' : ', ';
      const edits = !sizeProp && !maxProp ? [{ ...e1, newText: e1.newText + joiner + e2.newText }] : [e1, e2];
      ctx.report({
        code: this.id,
        severity: 'information',
        message: `${c.id.trim()}: ${problems.join(' and ')}; if the collector uses too much memory, the NativeLink guide lowers batches to send_batch_size ${GUIDE_SIZE} / send_batch_max_size ${GUIDE_MAX}`,
        node: (sizeProp ?? maxProp)?.children?.[0] ?? c.keyNode,
        fixes: [
          {
            title: `Use send_batch_size: ${GUIDE_SIZE} and send_batch_max_size: ${GUIDE_MAX}`,
            edits,
          },
        ],
      });
    }
  },
};
