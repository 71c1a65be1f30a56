/**
 * Worker Disconnecting Frequently: keepalives per connected worker, judged against the open config's
 * worker_timeout_s (the scheduler drops a worker it has not heard from for that long).
 */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { duration, finding, healthEv, schedulerKey } from '../util';
import { KEEPALIVE_UPSTREAM } from '../../cluster/checks/workerKeepalives';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Worker Disconnecting Frequently';

const CAUSES = [
  'Network trouble between workers and the scheduler (dropped or delayed packets, an idle-timeout proxy in between).',
  'Overloaded workers whose keepalive task does not get to run.',
  "A worker_api_endpoint timeout on the workers longer than the scheduler's worker_timeout_s: workers send a keepalive every half of their endpoint timeout.",
];

export const workerKeepalives: DiagnoseCheck = {
  id: 'worker-keepalives',
  section: SECTION,
  title: 'Workers send keepalives well within worker_timeout_s',
  docs: sectionDocs(SECTION),
  upstream: KEEPALIVE_UPSTREAM,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'worker-keepalives',
      section: SECTION,
      health: 'worker-keepalives',
      title: (r) => `Connected workers send no keepalives (${r.display})`,
      summary: () => 'The scheduler counts no keepalive although workers are connected; it drops each of them once worker_timeout_s passes without one.',
      causes: CAUSES,
      actions: ['Read the worker logs for "Failed to send KeepAlive".', 'Check the network path from workers to the scheduler\'s worker API port.'],
      // Healthy in the health view, but judged against the open config: an average interval close to the timeout
      // means single late keepalives already drop workers.
      async whenOk(c, r) {
        // Only with a scheduler config open; its worker_timeout_s defaults to 5 s (simple_scheduler.rs). Workers
        // send two keepalives per endpoint timeout, so at defaults the interval is half the scheduler's timeout.
        if (!c.config?.schedulerKey) return undefined;
        const timeout = c.config.workerTimeoutS ?? 5;
        if (r.value === undefined || r.value <= timeout * 0.6) return undefined;
        return [
          finding({
            id: 'worker-keepalives',
            section: SECTION,
            severity: 'warning',
            title: `Keepalives arrive every ${duration(r.value)} per worker, close to worker_timeout_s (${timeout} s)`,
            summary: 'One late or lost keepalive is enough for the scheduler to drop a worker whose keepalives come this rarely.',
            evidence: [healthEv(r, c.t.rateWindow)],
            causes: CAUSES,
            actions: [`Raise worker_timeout_s to at least ${Math.ceil(r.value * 4)} s, or shorten the workers' worker_api_endpoint timeout.`],
            config: { kind: 'nativelink', key: schedulerKey(c.config, 'worker_timeout_s'), suggested: Math.ceil(r.value * 4) },
          }),
        ];
      },
    }),
};
