/** Performance Issues / Actions Timing Out: which stage of an action (input fetch, execution, upload) takes the time. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { labelOf, lv, pct } from '../util';
import { executionStageSplit } from '../../cluster/checks/executionStageSplit';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Performance Issues';

export const executionStages: DiagnoseCheck = {
  id: 'execution-stages',
  section: SECTION,
  title: 'Actions spend their time executing, not moving data',
  docs: sectionDocs(SECTION),
  upstream: executionStageSplit.upstream,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'execution-stages',
      section: SECTION,
      health: 'execution-stage-split',
      title: (r) => `Actions wait on data transfer (${r.display})`,
      summary: () => 'Fetching inputs and uploading outputs take longer than running the commands: faster workers would not help, a faster CAS path would. Long transfers also push actions toward their timeouts.',
      breakdown(names, c) {
        const sum = c.sel(names, 'executionStageDuration', {}, 'sum');
        if (!sum) return undefined;
        const st = labelOf(names, 'execution_stage');
        const w = c.t.rateWindow;
        return { query: `sum by (${st.by}) (rate(${sum}[${w}])) / scalar(sum(rate(${sum}[${w}])))`, row: (x) => `${lv(x.metric[st.key])}: ${pct(x.value)}` };
      },
      causes: [
        'Slow CAS reads (see cache latency and the fast tier share): input fetch dominates.',
        'Workers far from the CAS, or without a local fast_slow cache.',
        'Large outputs uploaded to a slow store: output upload dominates.',
      ],
      actions: ['Give workers a local fast_slow store (filesystem fast tier) in front of the CAS.', 'Look at the slowest stage above and at the cache checks for the same window.'],
    }),
};
