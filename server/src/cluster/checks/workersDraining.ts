/** Connected workers that take no new work because they are draining or paused (`worker.state.count`). */
import { guide, missing, type CheckDef, type CheckOutcome } from './common';
import { KEEPALIVE_UPSTREAM } from './workerKeepalives';

export const workersDraining: CheckDef = {
  id: 'workers-draining',
  area: 'workers',
  title: 'Draining or paused workers',
  docs: guide('workers-not-connecting-to-scheduler'),
  upstream: KEEPALIVE_UPSTREAM,
  async run(ctx): Promise<CheckOutcome> {
    const s = ctx.sel('workerStateCount');
    const c = ctx.sel('workerConnected');
    const threshold = 'warning when half or more of the connected workers are draining or paused, critical when all are';
    if (!s || !c) return missing('sum(nativelink_worker_state_count)', s ? 'worker.connected.count' : 'worker.state.count', 'The scheduler records it from NativeLink v1.6.6 on; without it, draining and paused workers are not visible.');
    const promql = `sum(${s}) or vector(0)`;
    const away = await ctx.scalar(promql);
    const connected = await ctx.scalar(`sum(${c})`);
    if (away === undefined || connected === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'No current worker state or connected-worker sample.' };
    const n = Math.max(0, Math.round(away));
    const display = `${n} of ${Math.round(connected)} connected workers draining or paused`;
    if (connected <= 0) return { status: 'unknown', display, threshold, promql, reason: 'No worker is connected (see Workers connected).' };
    const status = n >= connected ? 'critical' : n * 2 >= connected ? 'warning' : 'ok';
    return { status, value: n, display, threshold, promql, ...(status !== 'ok' ? { reason: 'Draining and paused workers keep their connection but get no new actions, so the queue grows as if they were gone.' } : {}) };
  },
};
