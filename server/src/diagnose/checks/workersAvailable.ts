/** Workers Not Connecting to Scheduler: no (or too few) connected workers, especially while actions are queued. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, notMeasured, num, promEv, schedulerKey } from '../util';

const SECTION = 'Workers Not Connecting to Scheduler';

export const workersAvailable: DiagnoseCheck = {
  id: 'workers-available',
  section: SECTION,
  title: 'Workers are connected to the scheduler',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/api_worker_scheduler.rs'), nl('nativelink-scheduler/src/simple_scheduler.rs'), nl('nativelink-scheduler/src/worker_capability_index.rs')],
  async run(ctx) {
    const w = await ctx.health('workers-connected');
    const skip = notMeasured(w);
    if (skip) return { skipped: skip };
    if (w.status === 'ok') return 'passed';
    const q = await ctx.health('queue-depth').catch(() => undefined);
    const queued = q && q.status !== 'unknown' ? (q.value ?? 0) : undefined;
    const names = await ctx.names();
    const sel = ctx.sel(names, 'workerConnected');
    const evidence: Evidence[] = [];
    const series = sel ? await ctx.trend(`sum(${sel})`, 3600, 30).catch(() => []) : [];
    evidence.push(healthEv(w, undefined, series));
    if (q && q.status !== 'unknown') evidence.push(healthEv(q));
    const none = (w.value ?? 0) <= 0;
    const timeout = ctx.config?.workerTimeoutS;
    const timeoutNote = timeout === undefined ? 'worker_timeout_s is not set in the open config, so the 5 s default applies' : `worker_timeout_s is ${timeout} s in the open config`;
    const lowTimeout = timeout === undefined || timeout <= 5;
    return [
      finding({
        id: 'workers-available',
        section: SECTION,
        severity: none ? (queued && queued > 0 ? 'critical' : 'warning') : 'warning',
        title: none ? (queued && queued > 0 ? `No workers available while ${num(queued, 0)} actions wait` : 'No workers are connected') : `Fewer workers connected than earlier (${w.display})`,
        summary: none
          ? `The scheduler has no connected worker${queued && queued > 0 ? `, so the ${num(queued, 0)} queued actions cannot start ("No workers available" in the scheduler logs)` : ''}.`
          : 'Less than half of the last hour\'s peak is connected now; the remaining workers carry the load and queues grow.',
        evidence: [...evidence, ...(sel ? [] : [promEv('sum(nativelink_worker_connected_count)', 'metric missing')])],
        causes: [
          'Workers cannot reach the scheduler endpoint (DNS, network policy, firewall, TLS scheme).',
          'Worker and scheduler disagree on instance names, platform properties or authentication.',
          `Workers miss keepalives and get dropped: ${timeoutNote}.`,
          'Worker pods crash (OOM kills, resource exhaustion on their nodes).',
        ],
        actions: [
          'Read the worker logs (kubectl logs -l app=nativelink-worker) for connection errors.',
          'From a worker, check that the scheduler endpoint in the worker config resolves and answers.',
          lowTimeout ? 'Raise worker_timeout_s in the simple scheduler (e.g. to 30) so short pauses do not drop workers.' : 'Compare the worker_api endpoint and scheduler_endpoint, instance names and platform_properties between worker and scheduler configs.',
        ],
        config: { kind: 'nativelink', key: schedulerKey(ctx.config, 'worker_timeout_s'), ...(lowTimeout ? { suggested: 30 } : {}) },
      }),
    ];
  },
};
