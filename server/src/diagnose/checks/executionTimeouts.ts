/**
 * Actions Timing Out. NativeLink v1.6.6 never records execution_result="timeout": ExecutionResult::Timeout has no
 * caller (only success, failure and cache_hit are recorded, in simple_scheduler_state_manager.rs and
 * memory_awaited_action_db.rs). A worker's per-action timeout kills the command, which then completes as an ordinary
 * failure (running_actions_manager.rs); a scheduler-side timeout re-queues the action as a retry, and when retries
 * run out it completes with an error but exit code 0, which the counter records as success. gRPC status codes do
 * not help either: Execute/WaitExecution stream, and the status of a streamed call is not recorded
 * (telemetry.rs grpc_status_of). So the rate is measured only where timeout samples really exist; otherwise the
 * check says it cannot measure it and why, never "passed".
 */
import { nl, NL_METRICS, NL_TELEMETRY } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, num, pct, promEv, schedulerKey } from '../util';

const SECTION = 'Actions Timing Out';
const WARN = 0.01;
const CRIT = 0.1;

export const TIMEOUTS_NOT_MEASURABLE =
  'Action timeouts cannot be measured from NativeLink v1.6.6 metrics: no code path records execution_result="timeout". A command that hits its timeout completes as a failure, a scheduler-side timeout re-queues the action (counted as a retry), and gRPC status codes of streamed Execute calls are not recorded. Search the scheduler and worker logs for "timed out" instead.';

export const executionTimeouts: DiagnoseCheck = {
  id: 'execution-timeouts',
  section: SECTION,
  title: 'Actions do not time out',
  docs: sectionDocs(SECTION),
  upstream: [
    NL_METRICS,
    nl('nativelink-scheduler/src/simple_scheduler_state_manager.rs'),
    nl('nativelink-scheduler/src/memory_awaited_action_db.rs'),
    nl('nativelink-worker/src/running_actions_manager.rs'),
    NL_TELEMETRY,
  ],
  async run(ctx) {
    const names = await ctx.names();
    const all = ctx.sel(names, 'executionCompleted');
    if (!all) return { skipped: 'The execution completion counter is not in Prometheus.' };
    const w = ctx.t.rateWindow;
    const to = ctx.sel(names, 'executionCompleted', { execution_result: 'timeout' })!;
    const recorded = await ctx.scalar(`count(${to})`);
    if (!recorded) {
      const retries = ctx.sel(names, 'executionRetries');
      const r = retries ? await ctx.scalar(`sum(rate(${retries}[${w}]))`).catch(() => undefined) : undefined;
      const hint = r !== undefined && r > 0 ? ` Retries run at ${num(r, 2)}/s over the last ${w}; scheduler-side timeouts are among them (see "Execution retries").` : '';
      return { skipped: `${TIMEOUTS_NOT_MEASURABLE}${hint}` };
    }
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
