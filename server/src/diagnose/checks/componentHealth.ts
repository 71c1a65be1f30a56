/** Component Health Failed: NativeLink's own health checks that failed or timed out, per component. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { labelOf, lv, num } from '../util';
import { componentHealth as healthCheck } from '../../cluster/checks/componentHealth';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Component Health Failed';

export const componentHealth: DiagnoseCheck = {
  id: 'component-health',
  section: SECTION,
  title: "NativeLink's component health checks pass",
  docs: sectionDocs(SECTION),
  upstream: healthCheck.upstream,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'component-health',
      section: SECTION,
      health: 'component-health',
      title: (r) => `Component health checks fail (${r.display})`,
      summary: () => "NativeLink's health endpoint reports components (stores) as failed or timed out; a liveness probe on it restarts the process.",
      breakdown(names, c) {
        const sel = c.sel(names, 'healthChecks', { health_status: ['=~', 'failed|timeout'] });
        if (!sel) return undefined;
        const [ns, st] = [labelOf(names, 'health_namespace'), labelOf(names, 'health_status')];
        return { query: `sort_desc(sum by (${ns.by}, ${st.by}) (increase(${sel}[${c.t.rateWindow}])) > 0)`, row: (x) => `${lv(x.metric[ns.key])} ${lv(x.metric[st.key])}: ${num(x.value, 0)}` };
      },
      causes: [
        'The store named in the namespace (/nativelink/stores/<name>/…) cannot reach its backend or write its test blob.',
        'A timeout: the store answers, but slower than the health check allows.',
      ],
      actions: ['Request the health endpoint yourself and read the message of the failing component.', 'Check the backend of that store (disk space, Redis, object store credentials).'],
    }),
};
