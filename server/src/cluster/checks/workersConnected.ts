/** How many workers are connected now, compared with the last hour's peak. */
import { NL_METRICS, nl } from '../upstream';
import { guide, missing, num, type CheckDef } from './common';

export const workersConnected: CheckDef = {
  id: 'workers-connected',
  area: 'workers',
  title: 'Connected workers',
  docs: guide('workers-not-connecting-to-scheduler'),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/api_worker_scheduler.rs')],
  async run(ctx) {
    const w = ctx.sel('workerConnected');
    const threshold = 'critical at 0; warning below half of the last hour\'s peak';
    if (!w) return missing('sum(nativelink_worker_connected_count)', 'The connected-workers gauge', 'The scheduler reports it; check that the scheduler exports OTLP.');
    const promql = `sum(${w})`;
    const [now, peak] = await Promise.all([ctx.scalar(promql), ctx.scalar(`max_over_time(sum(${w})[1h:1m])`)]);
    if (now === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'The connected-workers gauge has no current samples.' };
    if (now <= 0) return { status: 'critical', value: now, display: 'no workers connected', threshold, promql, reason: 'Nothing can execute; queued actions will wait forever.' };
    if (peak !== undefined && peak > 0 && now < peak / 2) {
      return { status: 'warning', value: now, display: `${num(now, 0)} workers connected (peak ${num(peak, 0)} in the last hour)`, threshold, promql };
    }
    return { status: 'ok', value: now, display: `${num(now, 0)} workers connected`, threshold, promql };
  },
};
