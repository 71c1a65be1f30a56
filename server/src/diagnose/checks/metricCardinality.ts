/** Reduce Metric Cardinality: execution_action_digest turns every action into its own series. */
import { nl, NL_METRICS, PROM_EXPORTER } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, num, promEv } from '../util';

const SECTION = 'Reduce Metric Cardinality';
const WARN_SERIES = 10_000;

export const metricCardinality: DiagnoseCheck = {
  id: 'metric-cardinality',
  section: SECTION,
  title: 'No high-cardinality labels on NativeLink metrics',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-scheduler/src/memory_awaited_action_db.rs'), PROM_EXPORTER],
  async run(ctx) {
    const names = await ctx.names();
    const m = names.metrics.executionCompleted;
    if (!m) return { skipped: 'No execution completion metric to inspect.' };
    const key = names.utf8Labels ? 'execution.action_digest' : 'execution_action_digest';
    const sel = ctx.sel(names, 'executionCompleted', { [key]: ['!=', ''] })!;
    const q = `count(${sel})`;
    const n = (await ctx.scalar(q)) ?? 0;
    if (n <= 0) return 'passed';
    const total = await ctx.scalar('count({__name__=~"nativelink_.+"})');
    return [
      finding({
        id: 'metric-cardinality',
        section: SECTION,
        severity: n >= WARN_SERIES ? 'warning' : 'info',
        title: 'Execution metrics carry the execution_action_digest label',
        summary: `${num(n, 0)} series of the execution completion counter carry an action digest${total ? ` (of ${num(total, 0)} NativeLink series in all)` : ''}. Each new action adds series, which grows collector memory and the Prometheus TSDB with every build.`,
        evidence: [promEv(q, `${num(n, 0)} series`), ...(total ? [promEv('count({__name__=~"nativelink_.+"})', `${num(total, 0)} series`)] : [])],
        causes: ['NativeLink attaches the action digest to completion events of the in-memory scheduler backend.'],
        actions: ['Delete the attribute in the collector: an attributes processor with an action { key: execution.action_digest, action: delete } in the metrics pipeline (the collector sees the dotted name; execution_action_digest exists only after Prometheus translation, so the troubleshooting guide\'s snippet deletes nothing).'],
        config: { kind: 'collector', key: 'processors.attributes' },
      }),
    ];
  },
};
