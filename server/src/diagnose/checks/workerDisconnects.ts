/** Worker Disconnecting Frequently: disconnect rate by reason, compared with the scheduler's worker_timeout_s. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, healthProblem, labelOf, lv, num, promEv, schedulerKey } from '../util';

const SECTION = 'Worker Disconnecting Frequently';

export const workerDisconnects: DiagnoseCheck = {
  id: 'worker-disconnects',
  section: SECTION,
  title: 'Workers stay connected',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/api_worker_scheduler.rs'), nl('nativelink-scheduler/src/simple_scheduler.rs')],
  async run(ctx) {
    const p = await healthProblem(ctx, 'worker-disconnects');
    if ('outcome' in p) return p.outcome;
    const { r, sev } = p;
    const names = await ctx.names();
    const d = ctx.sel(names, 'workerDisconnections');
    const evidence: Evidence[] = [];
    let evicted = false;
    if (d) {
      const { key, by: reason } = labelOf(names, 'worker_disconnect_reason');
      const q = `sum by (${reason}) (increase(${d}[15m]))`;
      const rows = await ctx.vector(q).catch(() => []);
      const text = rows.filter((x) => x.value > 0).map((x) => `${lv(x.metric[key] ?? '(none)')}: ${num(x.value, 0)}`).join(', ');
      evicted = rows.some((x) => x.metric[key] === 'evicted' && x.value > 0);
      const series = await ctx.trend(`sum(rate(${d}[5m])) * 60`, 3600, 30).catch(() => []);
      evidence.push(healthEv(r, '15m', series));
      if (text) evidence.push(promEv(q, text, '15m'));
    } else {
      evidence.push(healthEv(r, '15m'));
    }
    const timeout = ctx.config?.workerTimeoutS;
    const effective = timeout ?? 5;
    const suggest = effective < 30;
    return [
      finding({
        id: 'worker-disconnects',
        section: SECTION,
        severity: sev,
        title: `Workers disconnect frequently (${r.display})`,
        summary: `Workers connect and then drop again. Every drop re-queues the actions they were running.${evicted ? ' Some were evicted by the scheduler, which happens when no keepalive arrives within worker_timeout_s.' : ''} worker_timeout_s is ${timeout === undefined ? 'not set (default 5 s)' : `${timeout} s`}.`,
        evidence,
        causes: [
          'Worker nodes run out of CPU or memory (check kubectl top nodes / describe node).',
          'Workers are OOM-killed (check the pod events).',
          'Packet loss or unstable network between workers and the scheduler.',
          `A short worker_timeout_s (${effective} s) evicts workers during brief pauses (GC, heavy I/O).`,
        ],
        actions: [
          'Look at the worker pods\' events and restarts for OOM kills and evictions.',
          suggest ? `Raise worker_timeout_s in the scheduler config from ${effective} s to about 30 s.` : 'The timeout is already generous; look for resource exhaustion and network problems instead.',
        ],
        config: { kind: 'nativelink', key: schedulerKey(ctx.config, 'worker_timeout_s'), ...(suggest ? { suggested: 30 } : {}) },
      }),
    ];
  },
};
