import type { Rule } from '../../service/rules';
import { resolveStoreName, storeMap, str, valueOf, visitSchedulerSpecs } from '../util';
import { DOCS } from './common';

export const redisSchedulerStore: Rule = {
  id: 'nativelink/redis-scheduler-store',
  docs: DOCS.schedulers,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/default_store_factory.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/redis_store.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/default_scheduler_factory.rs',
  ],
  description: 'A simple scheduler with the redis backend must name a top-level redis_store that is not in cluster mode.',
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
      // Every non-cluster mode (sentinel included) is built by RedisStore::new_standard, the type the scheduler
      // downcasts to; only new_cluster yields a different type (default_store_factory.rs, default_scheduler_factory.rs).
      const mode = str(valueOf(entry.spec, 'mode'));
      if (mode === 'cluster') {
        ctx.report({
          code: 'nativelink/redis-scheduler-store',
          severity: 'error',
          message: `redis_store "${name}" uses mode "cluster"; the scheduler's redis backend needs a standard or sentinel redis_store (startup fails with "Could not downcast to redis store").`,
          node,
        });
      }
    });
  },
};
