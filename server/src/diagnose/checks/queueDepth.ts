/** High Queue Depth: queued actions, their trend, worker saturation and allocation_strategy advice. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, healthProblem, schedulerKey, trendWord } from '../util';

const SECTION = 'High Queue Depth';

export const queueDepth: DiagnoseCheck = {
  id: 'queue-depth',
  section: SECTION,
  title: 'Actions do not pile up in the queue',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/memory_awaited_action_db.rs'), nl('nativelink-scheduler/src/simple_scheduler.rs')],
  async run(ctx) {
    const p = await healthProblem(ctx, 'queue-depth');
    if ('outcome' in p) return p.outcome;
    const { r, sev } = p;
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    const trend = trendWord(series);
    const util = await ctx.health('worker-utilization').catch(() => undefined);
    const evidence: Evidence[] = [healthEv(r, undefined, series)];
    if (util && util.status !== 'unknown') evidence.push(healthEv(util));
    const saturated = util?.value !== undefined && util.value >= ctx.t.workerSaturation;
    const idle = util?.value !== undefined && util.value < 0.5;
    const strategy = ctx.config?.allocationStrategy ?? 'least_recently_used';
    const allocationAdvice = saturated
      ? `allocation_strategy (now ${strategy}) only decides which idle worker gets the next action; with every worker busy it cannot drain the queue — capacity can.`
      : strategy === 'least_recently_used'
        ? 'If cache locality matters more than spreading load, allocation_strategy most_recently_used keeps actions on recently used workers with warm local caches.'
        : 'allocation_strategy is most_recently_used, which concentrates work on a few warm workers; least_recently_used spreads load evenly.';
    return [
      finding({
        id: 'queue-depth',
        section: SECTION,
        severity: sev,
        title: `Actions pile up in the queue (${r.display}${trend ? `, ${trend}` : ''})`,
        summary: saturated
          ? `The queue is above the threshold (${r.threshold}) and the workers are saturated (${util?.display}): demand exceeds the fleet.`
          : idle
            ? `The queue is above the threshold (${r.threshold}) while workers are mostly idle (${util?.display}): queued actions probably need platform properties no connected worker offers.`
            : `The queue is above the threshold (${r.threshold}).`,
        evidence,
        causes: saturated
          ? ['More actions arrive than the workers can run (build spike, fewer workers, slower actions).']
          : ['Queued actions request platform properties (OS, CPU, pool) that no connected worker matches.', 'Workers are connected but slow to accept work.'],
        actions: [
          saturated ? 'Add worker capacity (e.g. kubectl scale deployment nativelink-worker --replicas=<more>) or autoscale on queue depth.' : 'Compare the platform properties of queued actions with those the workers advertise.',
          'Watch worker utilization (executing actions per connected worker) while scaling.',
          allocationAdvice,
        ],
        config: { kind: 'nativelink', key: schedulerKey(ctx.config, 'allocation_strategy') },
      }),
    ];
  },
};
