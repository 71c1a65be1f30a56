/** Actions Timing Out: executions ending with execution_result="timeout" and the scheduler timeouts. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, pct, promEv, schedulerKey } from '../util';

const SECTION = 'Actions Timing Out';
const WARN = 0.01;
const CRIT = 0.1;

export const executionTimeouts: DiagnoseCheck = {
  id: 'execution-timeouts',
  section: SECTION,
  title: 'Actions do not time out',
  docs: sectionDocs(SECTION),
  async run(ctx) {
    const names = await ctx.names();
    const all = ctx.sel(names, 'executionCompleted');
    if (!all) return { skipped: 'The execution completion counter is not in Prometheus.' };
    const w = ctx.t.rateWindow;
    const to = ctx.sel(names, 'executionCompleted', { execution_result: 'timeout' })!;
    const q = `(sum(rate(${to}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))`;
    const v = await ctx.scalar(q);
    if (v === undefined || Number.isNaN(v)) return { skipped: `No execution finished in the last ${w}.` };
    if (v < WARN) return 'passed';
    const series = await ctx.trend(q, 3600, 30).catch(() => []);
    const exec = ctx.config?.maxActionExecutingTimeoutS;
    const client = ctx.config?.clientActionTimeoutS;
    return [
      finding({
        id: 'execution-timeouts',
        section: SECTION,
        severity: v >= CRIT ? 'critical' : 'warning',
        title: `${pct(v)} of executions time out`,
        summary: `Executions end with execution_result="timeout" (${pct(v)} over the last ${w}).${exec === undefined ? ' max_action_executing_timeout_s is not set in the open config.' : ` max_action_executing_timeout_s is ${exec} s.`}${client !== undefined ? ` client_action_timeout_s is ${client} s.` : ''}`,
        evidence: [promEv(q, pct(v), w, series)],
        causes: ['Actions run longer than the configured limit (slow or overloaded workers, big tests).', 'Actions hang on a live worker.', 'Clients stop sending updates and their actions are dropped (client_action_timeout_s).'],
        actions: [
          'Check worker CPU and memory use and the logs of the actions that time out.',
          'Raise max_action_executing_timeout_s (e.g. 600) if the actions are legitimately long; keep it set so stuck actions are re-queued.',
          'Raise client_action_timeout_s (e.g. 300) if clients lose their actions.',
        ],
        config: { kind: 'nativelink', key: schedulerKey(ctx.config, 'max_action_executing_timeout_s'), suggested: Math.max(600, (exec ?? 0) * 2) },
      }),
    ];
  },
};
