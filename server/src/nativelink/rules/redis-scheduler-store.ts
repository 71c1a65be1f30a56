import type { Rule } from '../../service/rules';
import { resolveStoreName, storeMap, str, valueOf, visitSchedulerSpecs } from '../util';
import { DOCS } from './common';

export const redisSchedulerStore: Rule = {
  id: 'nativelink/redis-scheduler-store',
  docs: DOCS.schedulers,
  description: 'A simple scheduler with the redis backend must name a top-level redis_store in standard mode.',
  check(ctx) {
    const stores = storeMap(ctx.root);
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      const node = valueOf(valueOf(valueOf(value, 'experimental_backend'), 'redis'), 'redis_store');
      const name = str(node);
      if (!node || name === undefined || !stores.has(name)) return;
      const entry = stores.get(name)!;
      if (entry.kind !== 'redis_store') {
        const r = resolveStoreName(name, stores);
        ctx.report({
          code: 'nativelink/redis-scheduler-store',
          severity: 'error',
          message: `The redis scheduler backend needs a redis_store, but "${name}" is a ${entry.kind ?? 'unknown'} store${entry.kind === 'ref_store' && r ? ` (pointing at a ${r.kind} store)` : ''}; startup fails with "Could not downcast to redis store".`,
          node,
        });
        return;
      }
      const mode = str(valueOf(entry.spec, 'mode')) ?? 'standard';
      if (mode !== 'standard') {
        ctx.report({
          code: 'nativelink/redis-scheduler-store',
          severity: 'error',
          message: `redis_store "${name}" uses mode "${mode}"; only a standard-mode redis_store can back the scheduler.`,
          node,
        });
      }
    });
  },
};
