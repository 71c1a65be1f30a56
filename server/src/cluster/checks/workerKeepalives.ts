/**
 * Keepalives per connected worker (`worker.keepalives` over `worker.connected.count`). A worker sends one every
 * half of its worker_api_endpoint timeout (5 s by default, so every 2.5 s); the scheduler drops a worker it has not
 * heard from for worker_timeout_s. Connected workers that send none are about to be dropped.
 */
import { guide, missing, duration, type CheckDef, type CheckOutcome } from './common';

export const KEEPALIVE_UPSTREAM = [
  'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
  'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/api_worker_scheduler.rs',
  'TraceMachina/nativelink@v1.6.6:nativelink-worker/src/local_worker.rs',
  'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler.rs',
];

export const workerKeepalives: CheckDef = {
  id: 'worker-keepalives',
  area: 'workers',
  title: 'Worker keepalives',
  docs: guide('worker-disconnecting-frequently'),
  upstream: KEEPALIVE_UPSTREAM,
  async run(ctx): Promise<CheckOutcome> {
    const w = ctx.t.rateWindow;
    const k = ctx.sel('workerKeepalives');
    const c = ctx.sel('workerConnected');
    const threshold = 'warning when workers are connected but no keepalive arrives';
    if (!k || !c) return missing('sum(avg_over_time(nativelink_worker_connected_count[5m])) / sum(rate(nativelink_worker_keepalives_total[5m]))', k ? 'worker.connected.count' : 'worker.keepalives', 'The scheduler records it (worker.keepalives from NativeLink v1.6.6 on); without it, keepalives are not measurable.');
    // Mean seconds between two keepalives of one worker.
    const promql = `sum(avg_over_time(${c}[${w}])) / sum(rate(${k}[${w}]))`;
    const workers = await ctx.scalar(`sum(avg_over_time(${c}[${w}]))`);
    if (workers === undefined || workers < 0.5) return { status: 'unknown', display: 'no workers', threshold, promql, reason: `No worker was connected in the last ${w}, so there are no keepalives to expect.` };
    const rate = await ctx.scalar(`sum(rate(${k}[${w}]))`);
    if (rate === undefined || rate <= 0) return { status: 'warning', display: `no keepalive from ${Math.round(workers)} connected workers (last ${w})`, threshold, promql, reason: 'The scheduler will drop these workers after worker_timeout_s; check the network between workers and scheduler.' };
    const every = workers / rate;
    return { status: 'ok', value: every, display: `one keepalive every ${duration(every)} per worker (last ${w})`, threshold, promql };
  },
};
