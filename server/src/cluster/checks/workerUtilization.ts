/** Executing actions per connected worker (the shipped recording rule counts series and is not usable). */
import { guide, missing, pct, below, type CheckDef } from './common';

export const workerUtilization: CheckDef = {
  id: 'worker-utilization',
  area: 'workers',
  title: 'Worker utilization',
  docs: guide('high-queue-depth'),
  async run(ctx) {
    const any = ctx.sel('executionActive');
    const workers = ctx.sel('workerConnected');
    const threshold = `warning below ${pct(ctx.t.workerUtilization, 0)}`;
    if (!any) return missing('sum(nativelink_execution_active_count{execution_stage="executing"}) / sum(nativelink_worker_connected_count)', 'The active-actions gauge', 'NativeLink reports it only with the in-memory scheduler backend.');
    if (!workers) return missing(`sum(${ctx.sel('executionActive', { execution_stage: 'executing' })}) / sum(nativelink_worker_connected_count)`, 'The connected-workers gauge', 'The scheduler reports it; check that the scheduler exports OTLP.');
    const executing = ctx.sel('executionActive', { execution_stage: 'executing' })!;
    const promql = `(sum(${executing}) or (0 * sum(${any}))) / sum(${workers})`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'The active-actions or connected-workers gauge has no current samples.' };
    if (!Number.isFinite(v)) return { status: 'unknown', display: 'no workers', threshold, promql, reason: 'No worker is connected, so utilization is undefined (see "Connected workers").' };
    return {
      status: below(v, ctx.t.workerUtilization),
      value: v,
      display: `${pct(Math.min(v, 1), 0)} of connected workers busy${v > 1 ? ` (${v.toFixed(1)} actions per worker)` : ''}`,
      threshold,
      promql,
      reason: 'Executing actions divided by connected workers (assumes one action slot per worker).',
    };
  },
};
