/** Worker Utilization Low: share of connected workers that execute something (over-provisioning, or starved workers). */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, healthEv, notMeasured } from '../util';

const SECTION = 'Worker Utilization Low';

export const workerUtilization: DiagnoseCheck = {
  id: 'worker-utilization',
  section: SECTION,
  title: 'Workers are used',
  docs: sectionDocs(SECTION),
  async run(ctx) {
    const r = await ctx.health('worker-utilization');
    const skip = notMeasured(r);
    if (skip) return { skipped: skip };
    if (r.status === 'ok') return 'passed';
    const q = await ctx.health('queue-depth').catch(() => undefined);
    const queued = q && q.status !== 'unknown' ? (q.value ?? 0) : 0;
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    const starving = queued > ctx.t.queueDepth;
    return [
      finding({
        id: 'worker-utilization',
        section: SECTION,
        severity: starving ? 'warning' : 'info',
        title: starving ? `Workers sit idle while ${Math.round(queued)} actions are queued` : `Workers are mostly idle (${r.display})`,
        summary: starving
          ? 'Few workers execute anything although actions wait: the queued actions probably do not match the workers\' platform properties, or workers do not accept work.'
          : `Worker utilization is below the threshold (${r.threshold}). The fleet may be larger than the load needs, or the queue is simply empty.`,
        evidence: [healthEv(r, undefined, series), ...(q && q.status !== 'unknown' ? [healthEv(q)] : [])],
        causes: starving ? ['Platform property mismatch between actions and workers.', 'Workers in a draining or paused state.'] : ['Over-provisioned worker fleet for the current load.', 'A quiet period with few builds.'],
        actions: starving
          ? ['Compare the platform properties of queued actions with the workers\' platform_properties.', 'Check the worker logs for errors accepting work.']
          : ['Scale the worker fleet down (or autoscale on queue depth) if this lasts.'],
      }),
    ];
  },
};
