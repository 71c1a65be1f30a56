import type { ASTNode } from '../../parser/ast';
import type { Rule } from '../../service/rules';
import { insertMappingEntry, replaceNode } from '../edits';
import { findProp, propValue } from '../model';
import { DOCS } from '../guide';
import { componentPrefix, durationNs, modelOf, numberValue } from './util';

/** memory_limiter Validate() (processor and extension share it), in the collector's order. */
export const memoryLimiterConfig: Rule = {
  id: 'collector/memory-limiter-config',
  docs: DOCS.memoryLimiter,
  description: 'memory_limiter needs check_interval > 0 and a limit; spike limits must be below the limit.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const c of model.components) {
      if ((c.kind !== 'processor' && c.kind !== 'extension') || c.type !== 'memory_limiter') continue;
      const target: ASTNode = c.body && c.body.type === 'object' ? c.body : c.prop;
      const val = (k: string): ASTNode | undefined => propValue(findProp(c.body, k));
      const prefix = componentPrefix(c);
      const ci = val('check_interval');
      const ciNs = durationNs(ci);
      const ciRuntime = ci?.type === 'string' && /\$\{/.test(String(ci.value));
      if (!ciRuntime && (ciNs === undefined ? !ci : ciNs <= 0)) {
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${prefix}'check_interval' must be greater than zero`,
          node: ci ?? c.keyNode,
          fixes: [{ title: 'Set check_interval to 1s', edits: [ci ? replaceNode(ci, '1s') : insertMappingEntry(ctx.text, target, 'check_interval', '1s')], isPreferred: true }],
        });
      }
      const runtime = (n: ASTNode | undefined): boolean => n?.type === 'string' && /\$\{/.test(String(n.value));
      const lmNode = val('limit_mib');
      const lpNode = val('limit_percentage');
      const smNode = val('spike_limit_mib');
      const spNode = val('spike_limit_percentage');
      if ([lmNode, lpNode, smNode, spNode].some(runtime)) continue;
      const lm = numberValue(lmNode) ?? 0;
      const lp = numberValue(lpNode) ?? 0;
      const sm = numberValue(smNode) ?? 0;
      const sp = numberValue(spNode) ?? 0;
      if (lm === 0 && lp === 0) {
        const want = Math.max(1024, sm * 4);
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${prefix}'limit_mib' or 'limit_percentage' must be greater than zero`,
          node: lmNode ?? lpNode ?? c.keyNode,
          fixes: [{ title: `Set limit_mib to ${want}`, edits: [lmNode ? replaceNode(lmNode, String(want)) : insertMappingEntry(ctx.text, target, 'limit_mib', String(want))], isPreferred: true }],
        });
        continue;
      }
      if (lp > 100 || sp > 100) {
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${prefix}'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or equal to hundred`,
          node: (lp > 100 ? lpNode : spNode)!,
        });
        continue;
      }
      if (lm > 0 && sm >= lm) {
        const want = Math.max(1, Math.floor(lm / 4));
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${prefix}'spike_limit_mib' must be smaller than 'limit_mib' (${sm} ≥ ${lm})`,
          node: smNode!,
          fixes: [{ title: `Set spike_limit_mib to ${want} (a quarter of limit_mib)`, edits: [replaceNode(smNode!, String(want))], isPreferred: true }],
        });
      } else if (lm === 0 && lp > 0 && sp >= lp) {
        const want = Math.max(1, Math.floor(lp / 4));
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${prefix}'spike_limit_percentage' must be smaller than 'limit_percentage' (${sp} ≥ ${lp})`,
          node: spNode!,
          fixes: [{ title: `Set spike_limit_percentage to ${want}`, edits: [replaceNode(spNode!, String(want))], isPreferred: true }],
        });
      }
    }
  },
};
