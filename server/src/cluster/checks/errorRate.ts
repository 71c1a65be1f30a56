/**
 * Share of completed executions that failed. v1.6.6 records only success and failure (timeout is matched for other
 * versions), and decides by exit code alone: an action that ends with a scheduler error (retries exhausted, client
 * gone) carries exit code 0 and counts as success, so this can undercount.
 */
import { NL_METRICS, nl } from '../upstream';
import { guide, missing, pct, above, type CheckDef } from './common';

const UNDERCOUNT = 'Counts executions whose command exited non-zero. Actions that end with a scheduler error (retries exhausted, no client listening) carry exit code 0 and are recorded as success by NativeLink v1.6.6, so they are not in this rate.';

export const errorRate: CheckDef = {
  id: 'execution-error-rate',
  area: 'executions',
  title: 'Execution error rate',
  docs: guide('high-error-rate'),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/simple_scheduler_state_manager.rs'), nl('nativelink-scheduler/src/memory_awaited_action_db.rs')],
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const all = ctx.sel('executionCompleted');
    const threshold = `warning above ${pct(ctx.t.errorRate, 0)}, critical above ${pct(ctx.t.errorRateCritical, 0)}`;
    if (!all) return missing('sum(rate(nativelink_execution_completed_count_total[5m]))', 'The execution completion counter', 'Only the scheduler reports it; check that the scheduler exports OTLP.');
    const bad = ctx.sel('executionCompleted', { execution_result: ['=~', 'failure|timeout'] })!;
    const promql = `(sum(rate(${bad}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: `No executions were recorded in the last ${w}.` };
    if (Number.isNaN(v)) return { status: 'unknown', display: 'idle', threshold, promql, reason: `No execution finished in the last ${w}, so there is no error rate to judge.` };
    return { status: above(v, ctx.t.errorRate, ctx.t.errorRateCritical), value: v, display: `${pct(v)} of executions failed (last ${w})`, threshold, promql, reason: UNDERCOUNT };
  },
};
