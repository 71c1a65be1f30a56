/** Worker disconnects per minute (flapping workers). */
import { NL_METRICS, nl } from '../upstream';
import { guide, missing, num, above, type CheckDef } from './common';

export const workerDisconnects: CheckDef = {
  id: 'worker-disconnects',
  area: 'workers',
  title: 'Worker disconnects',
  docs: guide('worker-disconnecting-frequently'),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/api_worker_scheduler.rs')],
  async run(ctx) {
    const d = ctx.sel('workerDisconnections');
    const w = ctx.sel('workerConnected');
    const threshold = `warning above ${ctx.t.workerDisconnectsPerMinute}/min, critical above ${ctx.t.workerDisconnectsPerMinuteCritical}/min`;
    if (!d && !w) return missing('sum(rate(nativelink_worker_disconnections_total[15m])) * 60', 'The worker disconnect counter', 'The scheduler reports it; check that the scheduler exports OTLP.');
    const promql = d ? `sum(rate(${d}[15m])) * 60` : `0 * sum(${w})`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'No current samples for worker disconnects.' };
    return {
      status: above(v, ctx.t.workerDisconnectsPerMinute, ctx.t.workerDisconnectsPerMinuteCritical),
      value: v,
      display: `${num(v, 1)} disconnects per minute (last 15m)`,
      threshold,
      promql,
      reason: d ? undefined : 'No disconnect series exists yet; the counter appears with the first disconnect.',
    };
  },
};
