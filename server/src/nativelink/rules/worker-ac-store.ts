import type { Rule } from '../../service/rules';
import { isObject, str, valueOf, workers } from '../util';
import { DOCS, insertFix, setFix } from './common';

export const workerAcStore: Rule = {
  id: 'nativelink/worker-ac-store',
  docs: DOCS.runningActions,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-worker/src/running_actions_manager.rs'],
  description: 'A worker uploads action results by default, so it needs upload_action_result.ac_store unless upload_ac_results_strategy is "never".',
  check(ctx) {
    for (const w of workers(ctx.root)) {
      if (!w.local) continue;
      const up = valueOf(w.local, 'upload_action_result');
      if (valueOf(up, 'ac_store')) continue;
      const strategyNode = valueOf(up, 'upload_ac_results_strategy');
      const strategy = str(strategyNode) ?? 'success_only';
      if (strategy === 'never') continue;
      const anchor = strategyNode ?? (up ? up.parent!.children![0] : w.local.parent!.children![0]);
      const fix = isObject(up)
        ? setFix(ctx, 'Set upload_ac_results_strategy to "never"', up, 'upload_ac_results_strategy', 'never')
        : insertFix(ctx, 'Add upload_action_result with strategy "never"', w.local, 'upload_action_result', { upload_ac_results_strategy: 'never' });
      ctx.report({
        code: 'nativelink/worker-ac-store',
        severity: 'error',
        message: `This worker has no upload_action_result.ac_store, but its AC upload strategy is "${strategy}"; startup fails with "upload_ac_results_strategy is set, but no ac_store is configured". Name an AC store or set the strategy to "never".`,
        node: anchor,
        fixes: [fix],
      });
    }
  },
};
