/** Workers Not Connecting to Scheduler, the quiet variant: workers connected but draining or paused. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { labelOf, lv, num } from '../util';
import { KEEPALIVE_UPSTREAM } from '../../cluster/checks/workerKeepalives';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Workers Not Connecting to Scheduler';

export const workersDraining: DiagnoseCheck = {
  id: 'workers-draining',
  section: SECTION,
  title: 'Connected workers accept work (not draining or paused)',
  docs: sectionDocs(SECTION),
  upstream: KEEPALIVE_UPSTREAM,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'workers-draining',
      section: SECTION,
      health: 'workers-draining',
      title: (r) => `Workers connected but not taking work (${r.display})`,
      summary: () => 'Draining and paused workers stay connected, so the worker count looks fine, but the scheduler gives them no new actions.',
      breakdown(names, c) {
        const sel = c.sel(names, 'workerStateCount');
        if (!sel) return undefined;
        const st = labelOf(names, 'worker_state');
        return { query: `sum by (${st.by}) (${sel})`, row: (x) => `${lv(x.metric[st.key])}: ${num(x.value, 0)}` };
      },
      causes: ['A rollout or node maintenance drains workers (they stay drained until they restart).', 'Workers paused by an operator or by the worker itself.'],
      actions: ['Finish or roll back the rollout that drains them; restart workers that stay drained.', 'Check the worker logs for why they paused.'],
    }),
};
