/**
 * Where action time goes (`execution.stage.duration`): input_fetch, execution, output_upload. When fetching inputs
 * and uploading outputs take more than the commands themselves, the CAS path (network, slow tier) is the
 * bottleneck, not the workers' CPUs.
 */
import { guide, missing, pct, above, type CheckDef, type CheckOutcome } from './common';

export const TRANSFER_SHARE_WARN = 0.5;

export const executionStageSplit: CheckDef = {
  id: 'execution-stage-split',
  area: 'executions',
  title: 'Time spent moving data vs executing',
  docs: guide('performance-issues'),
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs'],
  async run(ctx): Promise<CheckOutcome> {
    const w = ctx.t.rateWindow;
    const sum = ctx.sel('executionStageDuration', {}, 'sum');
    const threshold = `warning when input fetch and output upload take over ${pct(TRANSFER_SHARE_WARN, 0)} of the stage time`;
    if (!sum) return missing('sum(rate(nativelink_execution_stage_duration_seconds_sum{execution_stage=~"input_fetch|output_upload"}[5m])) / sum(rate(nativelink_execution_stage_duration_seconds_sum[5m]))', 'execution.stage.duration', 'The scheduler records it from NativeLink v1.6.6 on, from the timestamps workers report; without it the split is not measurable.');
    const transfer = ctx.sel('executionStageDuration', { execution_stage: ['=~', 'input_fetch|output_upload'] }, 'sum')!;
    const promql = `(sum(rate(${transfer}[${w}])) or vector(0)) / sum(rate(${sum}[${w}]))`;
    const v = await ctx.scalar(promql);
    if (v === undefined || Number.isNaN(v)) return { status: 'unknown', display: 'no completed actions', threshold, promql, reason: `No action completed with stage timestamps in the last ${w}.` };
    return { status: above(v, TRANSFER_SHARE_WARN), value: v, display: `${pct(v)} of stage time spent fetching inputs and uploading outputs (last ${w})`, threshold, promql };
  },
};
