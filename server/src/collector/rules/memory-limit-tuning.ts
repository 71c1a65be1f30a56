import type { Rule } from '../../service/rules';
import { replaceNode } from '../edits';
import { findProp, propValue } from '../model';
import { GUIDE } from '../guide';
import { modelOf, numberValue } from './util';

const GUIDE_LIMIT = 1024;
const GUIDE_SPIKE = 256;

/** A tight memory_limiter drops NativeLink's metrics under load; the guide raises it to 1024/256 MiB. */
export const memoryLimitTuning: Rule = {
  id: 'collector/memory-limit-tuning',
  docs: GUIDE.memoryLimits,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:internal/memorylimiter/config.go',
    'open-telemetry/opentelemetry-collector@v0.159.0:processor/memorylimiterprocessor/README.md',
  ],
  advice: true,
  description: 'memory_limiter limit_mib below 1024 MiB refuses data early under NativeLink load.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const c of model.components) {
      if (c.kind !== 'processor' || c.type !== 'memory_limiter') continue;
      const lmNode = propValue(findProp(c.body, 'limit_mib'));
      const smNode = propValue(findProp(c.body, 'spike_limit_mib'));
      const lm = numberValue(lmNode);
      if (lm === undefined || lm === 0 || lm >= GUIDE_LIMIT) continue;
      const sm = numberValue(smNode);
      const edits = [replaceNode(lmNode!, String(GUIDE_LIMIT))];
      if (smNode && sm !== undefined && sm < GUIDE_SPIKE) edits.push(replaceNode(smNode, String(GUIDE_SPIKE)));
      ctx.report({
        code: this.id,
        severity: 'information',
        message: `limit_mib ${lm} leaves little room: when memory usage is high the NativeLink guide raises it to ${GUIDE_LIMIT} (spike_limit_mib ${GUIDE_SPIKE}); size it to the container's memory limit`,
        node: lmNode!,
        fixes: [{ title: `Raise to limit_mib: ${GUIDE_LIMIT}${edits.length > 1 ? `, spike_limit_mib: ${GUIDE_SPIKE}` : ''}`, edits }],
      });
    }
  },
};
