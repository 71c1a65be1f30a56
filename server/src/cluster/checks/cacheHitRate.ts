/** Cache hit rate from cache operations, or the execution-result workaround when cache metrics are missing. */
import { guide, pct, below, type CheckDef } from './common';

export const cacheHitRate: CheckDef = {
  id: 'cache-hit-rate',
  area: 'cache',
  title: 'Cache hit rate',
  docs: guide('low-cache-hit-rate'),
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const threshold = `warning below ${pct(ctx.t.cacheHitRate, 0)}, critical below ${pct(ctx.t.cacheHitRateCritical, 0)}`;
    const reads = ctx.sel('cacheOperations', { cache_operation_name: 'read' });
    if (reads) {
      const hits = ctx.sel('cacheOperations', { cache_operation_name: 'read', cache_operation_result: 'hit' })!;
      const promql = `(sum(rate(${hits}[${w}])) or vector(0)) / sum(rate(${reads}[${w}]))`;
      const v = await ctx.scalar(promql);
      if (v === undefined || Number.isNaN(v)) return { status: 'unknown', display: 'no reads', threshold, promql, reason: `No cache reads in the last ${w}.` };
      return { status: below(v, ctx.t.cacheHitRate, ctx.t.cacheHitRateCritical), value: v, display: `${pct(v)} of cache reads hit (last ${w})`, threshold, promql };
    }
    const all = ctx.sel('executionCompleted');
    if (!all) {
      return { status: 'unknown', display: 'no data', threshold, promql: 'sum(rate(nativelink_cache_operations_total{cache_operation_name="read",cache_operation_result="hit"}[5m])) / sum(rate(nativelink_cache_operations_total{cache_operation_name="read"}[5m]))', reason: 'Neither cache operation metrics nor execution results are in Prometheus.', docs: guide('cache-metrics-missing') };
    }
    const hit = ctx.sel('executionCompleted', { execution_result: 'cache_hit' })!;
    const promql = `(sum(rate(${hit}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))`;
    const v = await ctx.scalar(promql);
    const reason = 'Cache operation metrics are missing (no store is wrapped in cache_metrics), so this is the workaround: the share of executions answered from the action cache.';
    if (v === undefined || Number.isNaN(v)) return { status: 'unknown', display: 'no executions (workaround)', threshold, promql, reason: `${reason} No executions finished in the last ${w}.`, docs: guide('workaround') };
    return { status: below(v, ctx.t.cacheHitRate, ctx.t.cacheHitRateCritical), value: v, display: `${pct(v)} of executions were action-cache hits (workaround; last ${w})`, threshold, promql, reason, docs: guide('workaround') };
  },
};
