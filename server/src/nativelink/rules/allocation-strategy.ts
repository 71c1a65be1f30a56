import type { Rule } from '../../service/rules';
import { str, valueOf, visitSchedulerSpecs } from '../util';
import { guide } from './common';

export const allocationStrategy: Rule = {
  id: 'nativelink/allocation-strategy',
  docs: guide('High Queue Depth'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/schedulers.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/api_worker_scheduler.rs',
  ],
  description: 'most_recently_used favours cache locality on a few hot workers over spreading load evenly.',
  advice: true,
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      const n = valueOf(value, 'allocation_strategy');
      if (str(n) !== 'most_recently_used') return;
      ctx.report({
        code: 'nativelink/allocation-strategy',
        severity: 'hint',
        message: 'most_recently_used keeps sending work to the workers that were busy last: better local cache reuse, but load concentrates on a few workers and queues can grow. least_recently_used (the default) spreads work evenly.',
        node: n!,
      });
    });
  },
};
