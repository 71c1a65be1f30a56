import type { Rule } from '../../service/rules';
import { num, valueOf, visitSchedulerSpecs } from '../util';
import { DOCS, replaceFix } from './common';

export const matchLoggingInterval: Rule = {
  id: 'nativelink/match-logging-interval',
  docs: DOCS.schedulers,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/schedulers.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler.rs',
  ],
  description: 'worker_match_logging_interval_s below -1 logs an error and disables the logging; use -1 or 0 to disable it.',
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      const n = valueOf(value, 'worker_match_logging_interval_s');
      const v = num(n);
      if (n && v !== undefined && v < -1) {
        ctx.report({
          code: 'nativelink/match-logging-interval',
          severity: 'warning',
          message: `worker_match_logging_interval_s is ${v}; only -1 or 0 disable the logging cleanly (other negatives log an error at startup).`,
          node: n,
          fixes: [replaceFix('Use -1', n, -1)],
        });
      }
    });
  },
};
