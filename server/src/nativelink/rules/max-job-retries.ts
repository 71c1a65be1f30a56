import type { Rule } from '../../service/rules';
import { num, str, valueOf, visitSchedulerSpecs } from '../util';
import { guide, replaceFix } from './common';

export const maxJobRetries: Rule = {
  id: 'nativelink/max-job-retries',
  docs: guide('High Retry Rate'),
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler.rs'],
  description: 'max_job_retries: 0 does not disable retries — it means "use the default of 3".',
  advice: true,
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      const n = valueOf(value, 'max_job_retries');
      if (!n || !(num(n) === 0 || str(n)?.trim() === '0')) return;
      ctx.report({
        code: 'nativelink/max-job-retries',
        severity: 'warning',
        message: 'max_job_retries: 0 is treated as "unset", so failed actions are still retried 3 times. There is no way to turn retries off; the smallest effective value is 1.',
        node: n,
        fixes: [replaceFix('Use 1 (fewest retries)', n, 1)],
      });
    });
  },
};
