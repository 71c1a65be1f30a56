import type { ASTNode } from '../../parser/ast';
import type { Rule } from '../../service/rules';
import { insertMappingEntry, replaceNode } from '../edits';
import { findProp, propValue } from '../model';
import { DOCS } from '../guide';
import { componentPrefix, durationNs, modelOf, numberValue } from './util';

/** memory_limiter Validate() (processor and extension share it: internal/memorylimiter/config.go), in the collector's order. */
export const memoryLimiterConfig: Rule = {
  id: 'collector/memory-limiter-config',
  docs: DOCS.memoryLimiter,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:internal/memorylimiter/config.go'],
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
      // GC intervals, with NewDefaultConfig's defaults (internal/memorylimiter/config.go).
      const gc = (k: string, def: number) => {
        const node = val(k);
        return { node, ns: node ? durationNs(node) : def };
      };
      const minSoft = gc('min_gc_interval_when_soft_limited', 10e9);
      const minHard = gc('min_gc_interval_when_hard_limited', 0);
      const maxSoft = gc('max_gc_interval_when_soft_limited', 30e9);
      const maxHard = gc('max_gc_interval_when_hard_limited', 30e9);
      const gcKnown = [minSoft, minHard, maxSoft, maxHard].every((g) => g.ns !== undefined);
      const lmNode = val('limit_mib');
      const lpNode = val('limit_percentage');
      const smNode = val('spike_limit_mib');
      const spNode = val('spike_limit_percentage');
      const lm = numberValue(lmNode) ?? 0;
      const lp = numberValue(lpNode) ?? 0;
      const sm = numberValue(smNode) ?? 0;
      const sp = numberValue(spNode) ?? 0;
      // Validate() returns its first failure; the same order here, one finding per component.
      type Failure = { message: string; node: ASTNode | undefined; fix?: { title: string; node: ASTNode; text: string } | { title: string; insert: string; text: string } };
      const failure = ((): Failure | undefined => {
        if (gcKnown) {
          const [ms, mh, xs, xh] = [minSoft.ns!, minHard.ns!, maxSoft.ns!, maxHard.ns!];
          if (ms < mh) return { message: "'min_gc_interval_when_soft_limited' should be larger than 'min_gc_interval_when_hard_limited'", node: minSoft.node ?? minHard.node };
          if (xs < 0) return { message: "'max_gc_interval_when_soft_limited' must be non-negative", node: maxSoft.node };
          if (xh < 0) return { message: "'max_gc_interval_when_hard_limited' must be non-negative", node: maxHard.node };
          if (xs > 0 && xs < ms)
            return { message: "'max_gc_interval_when_soft_limited' must be greater than or equal to 'min_gc_interval_when_soft_limited' (or 0 to disable)", node: maxSoft.node ?? minSoft.node };
          if (xh > 0 && xh < mh)
            return { message: "'max_gc_interval_when_hard_limited' must be greater than or equal to 'min_gc_interval_when_hard_limited' (or 0 to disable)", node: maxHard.node ?? minHard.node };
          if (xs > 0 && xh > 0 && xs < xh)
            return { message: "'max_gc_interval_when_soft_limited' should be larger than or equal to 'max_gc_interval_when_hard_limited' (when both are set)", node: maxSoft.node ?? maxHard.node };
        }
        if ([lmNode, lpNode, smNode, spNode].some(runtime)) return undefined;
        if (lm === 0 && lp === 0) {
          const want = String(Math.max(1024, sm * 4));
          return {
            message: "'limit_mib' or 'limit_percentage' must be greater than zero",
            node: lmNode ?? lpNode,
            fix: lmNode ? { title: `Set limit_mib to ${want}`, node: lmNode, text: want } : { title: `Set limit_mib to ${want}`, insert: 'limit_mib', text: want },
          };
        }
        if (lp > 100 || sp > 100)
          return { message: "'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or equal to hundred", node: lp > 100 ? lpNode : spNode };
        if (lm > 0 && lm <= sm) {
          const want = String(Math.max(1, Math.floor(lm / 4)));
          return { message: `'spike_limit_mib' must be smaller than 'limit_mib' (${sm} ≥ ${lm})`, node: smNode, fix: { title: `Set spike_limit_mib to ${want} (a quarter of limit_mib)`, node: smNode!, text: want } };
        }
        // Checked whenever limit_percentage > 0, even beside limit_mib.
        if (lp > 0 && lp <= sp) {
          const want = String(Math.max(1, Math.floor(lp / 4)));
          return { message: `'spike_limit_percentage' must be smaller than 'limit_percentage' (${sp} ≥ ${lp})`, node: spNode, fix: { title: `Set spike_limit_percentage to ${want}`, node: spNode!, text: want } };
        }
        return undefined;
      })();
      if (!failure) continue;
      const fix = failure.fix;
      ctx.report({
        code: this.id,
        severity: 'error',
        message: `${prefix}${failure.message}`,
        node: failure.node ?? c.keyNode,
        fixes: fix
          ? [{ title: fix.title, edits: ['node' in fix ? replaceNode(fix.node, fix.text) : insertMappingEntry(ctx.text, target, fix.insert, fix.text)], isPreferred: true }]
          : undefined,
      });
    }
  },
};
