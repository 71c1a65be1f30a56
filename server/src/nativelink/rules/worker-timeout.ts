import type { Rule } from '../../service/rules';
import { valueOf, visitSchedulerSpecs } from '../util';
import { guide, setFix } from './common';
import { durationSeconds } from './advice-util';

export const workerTimeout: Rule = {
  id: 'nativelink/worker-timeout-default',
  docs: guide('Workers Not Connecting to Scheduler'),
  description: 'worker_timeout_s left at its 5 s default drops workers after a short network hiccup or GC pause.',
  advice: true,
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple' || !value || value.type !== 'object') return;
      const n = valueOf(value, 'worker_timeout_s');
      const v = n ? durationSeconds(n) : 0;
      if (v !== 0) return;
      ctx.report({
        code: 'nativelink/worker-timeout-default',
        severity: 'information',
        message: 'worker_timeout_s is at its default of 5 s: a worker whose keepalive is late by a few seconds is removed and its actions are requeued. Consider 30 s for busy or remote workers.',
        node: n ?? value.parent!.children![0],
        fixes: [setFix(ctx, 'Set worker_timeout_s to 30', value, 'worker_timeout_s', 30)],
      });
    });
  },
};
