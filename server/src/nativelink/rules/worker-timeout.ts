import type { Rule } from '../../service/rules';
import { valueOf, visitSchedulerSpecs } from '../util';
import { guide, setFix } from './common';
import { durationSeconds } from './advice-util';

const DEFAULT_WORKER_TIMEOUT_S = 5;

export const workerTimeout: Rule = {
  id: 'nativelink/worker-timeout-default',
  docs: guide('Workers Not Connecting to Scheduler'),
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler.rs'],
  description: 'worker_timeout_s at 5 s (the default, or written out) drops workers after a short network hiccup or GC pause.',
  advice: true,
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple' || !value || value.type !== 'object') return;
      const n = valueOf(value, 'worker_timeout_s');
      const v = n ? durationSeconds(n) : 0;
      // 0 means DEFAULT_WORKER_TIMEOUT_S = 5 (nativelink-scheduler/src/simple_scheduler.rs); 5 written out is the same.
      if (v !== 0 && v !== DEFAULT_WORKER_TIMEOUT_S) return;
      ctx.report({
        code: 'nativelink/worker-timeout-default',
        severity: 'information',
        message: `worker_timeout_s is ${v === 0 ? 'at its default of 5 s' : '5 s, the same as the default'}: a worker whose keepalive is late by a few seconds is removed and its actions are requeued. Consider 30 s for busy or remote workers.`,
        node: n ?? value.parent!.children![0],
        fixes: [setFix(ctx, 'Set worker_timeout_s to 30', value, 'worker_timeout_s', 30)],
      });
    });
  },
};
