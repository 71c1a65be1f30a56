/** Cache Operation Errors against Redis and remote gRPC stores: connection waits per pool and reconnects. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { labelOf, lv, num, pct, promEv } from '../util';
import { backendConnections as healthCheck } from '../../cluster/checks/backendConnections';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Cache Operation Errors';

export const backendConnections: DiagnoseCheck = {
  id: 'backend-connections',
  section: SECTION,
  title: 'Connections to Redis and remote gRPC stores are available and stable',
  docs: sectionDocs(SECTION),
  upstream: healthCheck.upstream,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'backend-connections',
      section: SECTION,
      health: 'backend-connections',
      title: (r) => `Backend connections strained (${r.display})`,
      summary: () => 'Store operations wait for a free connection to their backend, or the Redis connection keeps being re-established. Both surface as slow or failing cache operations.',
      breakdown(names, c) {
        const acq = c.sel(names, 'connectionPoolAcquisitions');
        if (!acq) return undefined;
        const pool = labelOf(names, 'connection_pool');
        const queued = c.sel(names, 'connectionPoolAcquisitions', { connection_result: 'queued' })!;
        const w = c.t.rateWindow;
        return { query: `sum by (${pool.by}) (rate(${queued}[${w}])) / sum by (${pool.by}) (rate(${acq}[${w}]))`, row: (x) => `${lv(x.metric[pool.key])}: ${pct(x.value)} waited` };
      },
      async more(c) {
        const names = await c.names();
        const rec = c.sel(names, 'connectionReconnects');
        if (!rec) return {};
        const pool = labelOf(names, 'connection_pool');
        const q = `sum by (${pool.by}) (rate(${rec}[${c.t.rateWindow}])) * 60`;
        const rows = (await c.vector(q)).filter((x) => Number.isFinite(x.value));
        return rows.length ? { evidence: [promEv(q, rows.map((x) => `${lv(x.metric[pool.key])}: ${num(x.value, 1)} reconnects/min`).join(', '), c.t.rateWindow)] } : {};
      },
      causes: [
        'The pool is too small for the request rate (Redis max_client_permits, default 500; gRPC store connections_per_endpoint).',
        'The backend answers slowly, so connections stay taken longer.',
        'Reconnects: a Redis failover, a proxy or load balancer dropping idle connections, or network trouble.',
      ],
      actions: [
        'Raise the pool size of the store whose pool waits, and watch the queued share fall.',
        'For reconnects, read the Redis (or Sentinel/Cluster) logs for failovers at the same times.',
      ],
    }),
};
