/** Actions waiting in the scheduler queue. */
import { NL_METRICS, nl } from '../upstream';
import { guide, missing, num, above, type CheckDef } from './common';

export const queueDepth: CheckDef = {
  id: 'queue-depth',
  area: 'queue',
  title: 'Queue backlog',
  docs: guide('high-queue-depth'),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/memory_awaited_action_db.rs')],
  async run(ctx) {
    const any = ctx.sel('executionActive');
    const threshold = `warning above ${ctx.t.queueDepth}, critical above ${ctx.t.queueDepthCritical} queued actions`;
    if (!any) return missing('sum(nativelink_execution_active_count{execution_stage="queued"})', 'The active-actions gauge', 'NativeLink reports it only with the in-memory scheduler backend.');
    const queued = ctx.sel('executionActive', { execution_stage: 'queued' })!;
    // Zero when the gauge reports but has no "queued" series; empty (→ unknown) when the gauge itself is stale.
    const promql = `sum(${queued}) or (0 * sum(${any}))`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'The active-actions gauge has no current samples.' };
    return { status: above(v, ctx.t.queueDepth, ctx.t.queueDepthCritical), value: v, display: `${num(v, 0)} actions queued`, threshold, promql };
  },
};
