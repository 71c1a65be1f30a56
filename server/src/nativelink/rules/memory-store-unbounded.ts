import type { Rule } from '../../service/rules';
import { num, str, valueOf, visitStoreSpecs } from '../util';
import { guide, insertFix, setFix } from './common';
import { parseSize, hasEnvRef } from '../grammars';

export const memoryStoreUnbounded: Rule = {
  id: 'nativelink/memory-store-unbounded',
  docs: guide('Low Cache Hit Rate'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/stores.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/evicting_map.rs',
  ],
  description: 'A memory store without eviction_policy.max_bytes grows until the process runs out of memory.',
  advice: true,
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value, top) => {
      if (kind !== 'memory' || !value || value.type !== 'object') return;
      const policy = valueOf(value, 'eviction_policy');
      const mb = valueOf(policy, 'max_bytes');
      if (mb) {
        const s = str(mb);
        if (s !== undefined && hasEnvRef(s)) return;
        const v = num(mb) ?? (s !== undefined ? (parseSize(s).ok ? (parseSize(s) as { value: number }).value : undefined) : undefined);
        if (v !== 0) return;
      }
      const fix =
        policy && policy.type === 'object'
          ? setFix(ctx, 'Limit to 1gb', policy, 'max_bytes', '1gb')
          : insertFix(ctx, 'Add eviction_policy with max_bytes', value, 'eviction_policy', { max_bytes: '1gb' });
      ctx.report({
        code: 'nativelink/memory-store-unbounded',
        severity: 'warning',
        message: `This memory store (in "${top.name}") has no size limit: nothing is ever evicted and memory use only grows. Set eviction_policy.max_bytes.`,
        node: (mb ?? policy)?.parent?.children?.[0] ?? value.parent!.children![0],
        fixes: [fix],
      });
    });
  },
};
