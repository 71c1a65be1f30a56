/** High Retry Rate: retried attempts per execution, compared with max_job_retries. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, healthEv, healthProblem, schedulerKey } from '../util';

const SECTION = 'High Retry Rate';

export const executionRetries: DiagnoseCheck = {
  id: 'execution-retries',
  section: SECTION,
  title: 'Few executions are retried',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/simple_scheduler_state_manager.rs'), nl('nativelink-scheduler/src/simple_scheduler.rs')],
  async run(ctx) {
    const p = await healthProblem(ctx, 'retry-rate');
    if ('outcome' in p) return p.outcome;
    const { r, sev } = p;
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    const max = ctx.config?.maxJobRetries;
    const effective = max === undefined || max === 0 ? 3 : max;
    const suggest = effective > 2;
    return [
      finding({
        id: 'execution-retries',
        section: SECTION,
        severity: sev,
        title: `Many executions are retried (${r.display})`,
        summary: `nativelink_execution_retry_count_total grows fast: failed attempts are re-queued up to max_job_retries times (${max === undefined ? 'not set, default 3' : max === 0 ? '0, which means the default 3' : max}) before the error reaches the client. Retries multiply the load of every failing action.`,
        evidence: [healthEv(r, ctx.t.rateWindow, series)],
        causes: ['Workers fail actions for infrastructure reasons (lost connection, OOM, full disk).', 'A few broken workers fail everything they get (see the failures-by-worker evidence).'],
        actions: [
          'Find the workers with most failures (rate of execution_result="failure" by worker) and drain them.',
          suggest ? 'Lower max_job_retries (e.g. to 2) so broken actions fail fast instead of cycling through the fleet.' : 'max_job_retries is already low; fix the failing workers.',
        ],
        config: { kind: 'nativelink', key: schedulerKey(ctx.config, 'max_job_retries'), ...(suggest ? { suggested: 2 } : {}) },
      }),
    ];
  },
};
