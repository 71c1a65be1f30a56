import type { Rule } from '../../service/rules';
import { valueOf, visitSchedulerSpecs } from '../util';
import { guide, setFix } from './common';
import { durationSeconds } from './advice-util';

export const actionExecutingTimeout: Rule = {
  id: 'nativelink/action-executing-timeout',
  docs: guide('Actions Timing Out'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/schedulers.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler_state_manager.rs',
  ],
  description: 'Without max_action_executing_timeout_s, an action stuck on a live but wedged worker is never requeued.',
  advice: true,
  check(ctx) {
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple' || !value || value.type !== 'object') return;
      const n = valueOf(value, 'max_action_executing_timeout_s');
      if (n && durationSeconds(n) !== 0) return;
      ctx.report({
        code: 'nativelink/action-executing-timeout',
        severity: 'information',
        message: 'max_action_executing_timeout_s is not set, so an action whose worker stops reporting progress (but still sends keepalives) stays "executing" forever. Setting it (e.g. 600 s) lets the scheduler requeue such actions.',
        node: n ?? value.parent!.children![0],
        fixes: [setFix(ctx, 'Set max_action_executing_timeout_s to 600', value, 'max_action_executing_timeout_s', 600)],
      });
    });
  },
};
