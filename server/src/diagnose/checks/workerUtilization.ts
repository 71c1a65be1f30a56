/** Worker Utilization Low: share of connected workers that execute something (over-provisioning, or starved workers). */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, healthEv, notMeasured } from '../util';

const SECTION = 'Worker Utilization Low';

export const workerUtilization: DiagnoseCheck = {
  id: 'worker-utilization',
  section: SECTION,
  title: 'Workers are used',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/memory_awaited_action_db.rs'), nl('nativelink-scheduler/src/api_worker_scheduler.rs')],
  async run(ctx) {
    const r = await ctx.health('worker-utilization');
    const skip = notMeasured(r);
    if (skip) return { skipped: skip };
    if (r.status === 'ok') return 'passed';
    if (r.value !== undefined && r.value >= ctx.t.workerSaturation) {
      const [series, backlog] = await Promise.all([ctx.trend(r.promql, 3600, 30).catch(() => []), ctx.health('queue-depth').catch(() => undefined)]);
      // When the backlog is itself a finding, saturation is its explanation: one problem, one finding.
      const explainsBacklog = backlog?.status === 'warning' || backlog?.status === 'critical';
      return [
        {
          ...finding({
            id: 'worker-utilization/saturated',
            section: SECTION,
            severity: 'warning',
            title: `Every worker is busy while the queue grows (${r.display})`,
            summary: 'The connected workers are saturated and the backlog keeps growing: more actions arrive than the fleet can run, so queue times rise until load drops or capacity is added.',
            evidence: [healthEv(r, undefined, series)],
            causes: ['A build spike or more concurrent builds than the fleet was sized for.', 'Fewer workers than usual (scaled down, crashed, draining).', 'Actions got slower (bigger tests, slower storage).'],
            actions: ['Add worker capacity (more workers, or autoscale on queue depth).', 'Check whether some workers are missing compared with the usual fleet size (see "Connected workers").'],
          }),
          ...(explainsBacklog ? { evidenceOf: 'queue-depth' } : {}),
        },
      ];
    }
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
