/**
 * Actions that wait although workers are idle: the signature of actions no worker matches (platform properties),
 * and matching passes that fail (`scheduler.matching.passes{scheduler_match_result="error"}`).
 *
 * A pass is recorded by SimpleScheduler::do_try_match; it reports `error` only when assigning or notifying a worker
 * failed. An action no worker matches leaves the pass `ok` and simply stays queued, so that case is read from the
 * queue wait while workers sit idle.
 */
import { guide, missing, pct, duration, above, type CheckDef, type CheckOutcome } from './common';

/** Median queue wait above which waiting with idle workers is not a transient. */
export const STUCK_WAIT_S = 10;
const ERROR_SHARE_WARN = 0.01;
const ERROR_SHARE_CRIT = 0.2;

export const schedulerMatching: CheckDef = {
  id: 'scheduler-matching',
  area: 'queue',
  title: 'Scheduler matching',
  docs: guide('high-queue-depth'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/platform_properties.rs',
  ],
  async run(ctx): Promise<CheckOutcome> {
    const w = ctx.t.rateWindow;
    const passes = ctx.sel('schedulerMatchingPasses');
    const threshold = `warning when over ${pct(ERROR_SHARE_WARN, 0)} of passes fail, or when the median queue wait exceeds ${STUCK_WAIT_S} s while workers are idle`;
    if (!passes) return missing('sum(rate(nativelink_scheduler_matching_passes_total[5m]))', 'scheduler.matching.passes', 'The scheduler records it from NativeLink v1.6.6 on; without it, matching is not measurable.');
    const failed = ctx.sel('schedulerMatchingPasses', { scheduler_match_result: 'error' })!;
    const promql = `(sum(rate(${failed}[${w}])) or vector(0)) / sum(rate(${passes}[${w}]))`;
    const share = await ctx.scalar(promql);
    if (share === undefined) return { status: 'unknown', display: 'no matching passes', threshold, promql, reason: `The scheduler ran no matching pass in the last ${w}.` };
    const status = above(share, ERROR_SHARE_WARN, ERROR_SHARE_CRIT);
    if (status !== 'ok') return { status, value: share, display: `${pct(share)} of matching passes failed (last ${w})`, threshold, promql };
    const stuck = await stuckWithIdleWorkers(ctx);
    if (stuck) return { status: 'warning', value: share, display: stuck, threshold, promql, reason: 'Actions wait while workers are idle: usually no connected worker satisfies their platform properties.' };
    return { status: 'ok', value: share, display: `${pct(share)} of matching passes failed (last ${w})`, threshold, promql };
  },
};

/** Text when the median queue wait is long while at least one worker stayed idle over the whole window. */
async function stuckWithIdleWorkers(ctx: Parameters<CheckDef['run']>[0]): Promise<string | undefined> {
  const w = ctx.t.rateWindow;
  const qt = ctx.sel('executionQueueTime', {}, 'bucket');
  const connected = ctx.sel('workerConnected');
  const executing = ctx.sel('executionActive', { execution_stage: 'executing' });
  if (!qt || !connected || !executing) return undefined;
  const scale = ctx.metric('executionQueueTime')!.unitScale;
  // `>= 0` turns the NaN of an empty window into "no answer".
  const raw = await ctx.scalar(`histogram_quantile(0.5, sum by (le) (rate(${qt}[${w}]))) >= 0`);
  const wait = raw === undefined ? undefined : raw * scale;
  if (wait === undefined || !(wait > STUCK_WAIT_S)) return undefined;
  const idle = await ctx.scalar(`min_over_time((sum(${connected}) - sum(${executing}))[${w}:])`);
  if (idle === undefined || idle < 1) return undefined;
  return `median queue wait ${duration(wait)} while ${Math.round(idle)}+ workers stayed idle (last ${w})`;
}
