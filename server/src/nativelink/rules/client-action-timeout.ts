import type { Rule } from '../../service/rules';
import { valueOf, visitSchedulerSpecs } from '../util';
import { guide, replaceFix } from './common';
import { durationSeconds } from './advice-util';

export const clientActionTimeout: Rule = {
  id: 'nativelink/client-action-timeout',
  docs: guide('Actions Timing Out'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/schedulers.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/awaited_action_db/mod.rs',
  ],
  description: 'client_action_timeout_s of 10 s or less is shorter than the client keepalive, so healthy clients lose their actions.',
  advice: true,
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      const n = valueOf(value, 'client_action_timeout_s');
      const v = durationSeconds(n);
      if (!n || v === undefined || v === 0 || v > 10) return;
      ctx.report({
        code: 'nativelink/client-action-timeout',
        severity: 'warning',
        message: `client_action_timeout_s is ${v} s. Clients only check in about every 10 s, so operations can be dropped while the client is still waiting (NativeLink logs an error for this). Use well above 10 s; the default is 60.`,
        node: n,
        fixes: [replaceFix('Use 60 seconds', n, 60)],
      });
    });
  },
};
