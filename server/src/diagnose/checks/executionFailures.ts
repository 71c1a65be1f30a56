/** Execution Failures: share of failed executions and whether failures concentrate on a few workers. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Finding } from '../types';
import { finding, healthEv, lv, notMeasured, num, promEv, severityOf } from '../util';

const SECTION = 'Execution Failures';

export const executionFailures: DiagnoseCheck = {
  id: 'execution-failures',
  section: SECTION,
  title: 'Executions succeed, and failures are not tied to a few workers',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/simple_scheduler_state_manager.rs'), nl('nativelink-scheduler/src/memory_awaited_action_db.rs')],
  async run(ctx) {
    const r = await ctx.health('execution-error-rate');
    const skip = notMeasured(r);
    if (skip) return { skipped: skip };
    const names = await ctx.names();
    const w = ctx.t.rateWindow;
    const bad = ctx.sel(names, 'executionCompleted', { execution_result: ['=~', 'failure|timeout'] })!;
    const workerKey = names.utf8Labels ? 'execution.worker.id' : 'execution_worker_id';
    const byWorkerQ = `sort_desc(sum by (${names.utf8Labels ? JSON.stringify(workerKey) : workerKey}) (increase(${bad}[${w}])))`;
    const rows = (await ctx.vector(byWorkerQ).catch(() => [])).filter((x) => x.value > 0);
    const withId = rows.filter((x) => x.metric[workerKey]);
    const total = rows.reduce((a, x) => a + x.value, 0);
    const out: Finding[] = [];
    const sev = severityOf(r.status);
    const top = withId.slice(0, 3).map((x) => `${lv(x.metric[workerKey])}: ${num(x.value, 0)}`).join(', ');
    if (sev) {
      const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
      out.push(
        finding({
          id: 'execution-failures',
          section: SECTION,
          severity: sev,
          title: `Many executions fail (${r.display})`,
          summary: `The share of executions ending in failure is above the threshold (${r.threshold}).${top ? ` Workers with most failures: ${top}.` : rows.length ? ' The failures carry no worker id, so they cannot be attributed to workers.' : ''}`,
          evidence: [healthEv(r, w, series), ...(rows.length ? [promEv(byWorkerQ, top || `${num(total, 0)} failures without a worker id`, w)] : [])],
          causes: ['A broken toolchain, missing dependency or image change on the workers.', 'Actions that are flaky or depend on the network.', 'A few unhealthy workers (full disks, missing tools).'],
          actions: ['Look at the failing actions\' stderr in the build tool and at the worker logs.', 'If the failures sit on a few workers, drain those workers and compare their image and dependencies with healthy ones.'],
        }),
      );
    }
    // Concentration: at least 3 workers report failures and the worst one holds half of them.
    if (withId.length >= 3 && total >= 10 && withId[0].value / total >= 0.5) {
      out.push(
        finding({
          id: 'execution-failures/workers',
          section: 'High Retry Rate',
          severity: 'warning',
          title: `Failures concentrate on worker ${lv(withId[0].metric[workerKey])}`,
          summary: `${((withId[0].value / total) * 100).toFixed(0)}% of the failed executions of the last ${w} ran on one worker (${top}).`,
          evidence: [promEv(byWorkerQ, top, w)],
          causes: ['That worker lacks a dependency, has a full disk or a broken environment.'],
          actions: ['Drain the worker, read its logs, and compare its environment with a healthy worker.'],
        }),
      );
    }
    return out.length ? out : 'passed';
  },
};
