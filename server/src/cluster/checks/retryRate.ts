/** Retried attempts per completed execution. */
import { NL_METRICS, nl } from '../upstream';
import { guide, missing, pct, above, type CheckDef } from './common';

export const retryRate: CheckDef = {
  id: 'retry-rate',
  area: 'executions',
  title: 'Execution retries',
  docs: guide('high-retry-rate'),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/simple_scheduler_state_manager.rs')],
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const all = ctx.sel('executionCompleted');
    const retries = ctx.sel('executionRetries');
    const threshold = `warning above ${pct(ctx.t.retryRate, 0)} of executions, critical above ${pct(ctx.t.retryRateCritical, 0)}`;
    if (!all) return missing('sum(rate(nativelink_execution_retry_count_total[5m]))', 'The execution completion counter', 'Only the scheduler reports it; check that the scheduler exports OTLP.');
    const promql = retries ? `(sum(rate(${retries}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))` : `0 * sum(rate(${all}[${w}]))`;
    const v = await ctx.scalar(promql);
    const note = retries ? undefined : 'No retry series exists yet; the counter appears with the first retry, so this reads as zero retries.';
    if (v === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: `No executions were recorded in the last ${w}.` };
    return { status: above(v, ctx.t.retryRate, ctx.t.retryRateCritical), value: v, display: `${(v * 100).toFixed(1)} retries per 100 executions (last ${w})`, threshold, promql, reason: note };
  },
};
