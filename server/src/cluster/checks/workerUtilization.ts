/**
 * Executing actions per connected worker (the shipped recording rule counts series and is not usable). Low
 * utilisation is a warning (idle fleet); so is saturation: every connected worker busy while the queue grows is
 * the capacity signal, never "ok".
 */
import { nl, NL_METRICS } from '../upstream';
import { guide, missing, num, pct, below, type CheckDef } from './common';

/** How far back the queue is compared to tell a growing backlog from a steady one. */
const GROWTH_WINDOW = '10m';

export const workerUtilization: CheckDef = {
  id: 'worker-utilization',
  area: 'workers',
  title: 'Worker utilization',
  docs: guide('high-queue-depth'),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/memory_awaited_action_db.rs'), nl('nativelink-scheduler/src/api_worker_scheduler.rs')],
  async run(ctx) {
    const any = ctx.sel('executionActive');
    const workers = ctx.sel('workerConnected');
    const threshold = `warning below ${pct(ctx.t.workerUtilization, 0)}, or at ${pct(ctx.t.workerSaturation, 0)} and above while the queue grows`;
    if (!any) return missing('sum(nativelink_execution_active_count{execution_stage="executing"}) / sum(nativelink_worker_connected_count)', 'The active-actions gauge', 'NativeLink reports it only with the in-memory scheduler backend.');
    if (!workers) return missing(`sum(${ctx.sel('executionActive', { execution_stage: 'executing' })}) / sum(nativelink_worker_connected_count)`, 'The connected-workers gauge', 'The scheduler reports it; check that the scheduler exports OTLP.');
    const executing = ctx.sel('executionActive', { execution_stage: 'executing' })!;
    const queued = ctx.sel('executionActive', { execution_stage: 'queued' })!;
    const promql = `(sum(${executing}) or (0 * sum(${any}))) / sum(${workers})`;
    const growthQ = `(sum(${queued}) or (0 * sum(${any}))) - (sum(${queued} offset ${GROWTH_WINDOW}) or (0 * sum(${any} offset ${GROWTH_WINDOW})))`;
    const [v, queueNow, growth] = await Promise.all([ctx.scalar(promql), ctx.scalar(`sum(${queued}) or (0 * sum(${any}))`), ctx.scalar(growthQ)]);
    if (v === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'The active-actions or connected-workers gauge has no current samples.' };
    if (!Number.isFinite(v)) return { status: 'unknown', display: 'no workers', threshold, promql, reason: 'No worker is connected, so utilization is undefined (see "Connected workers").' };
    const busy = `${pct(Math.min(v, 1), 0)} of connected workers busy${v > 1 ? ` (${v.toFixed(1)} actions per worker)` : ''}`;
    const reason = 'Executing actions divided by connected workers (assumes one action slot per worker).';
    if (v >= ctx.t.workerSaturation && queueNow !== undefined && queueNow > 0 && growth !== undefined && growth > 0) {
      return {
        status: 'warning',
        value: v,
        display: `saturated: ${busy}; queue grew by ${num(growth, 0)} to ${num(queueNow, 0)} in ${GROWTH_WINDOW}`,
        threshold,
        promql,
        reason: `${reason} Every worker is busy and the backlog grows: demand exceeds the fleet's capacity.`,
      };
    }
    return { status: below(v, ctx.t.workerUtilization), value: v, display: busy, threshold, promql, reason };
  },
};
