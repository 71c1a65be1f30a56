/** Cache evictions per second (cache thrash). */
import { NL_METRICS, nl } from '../upstream';
import { guide, missing, num, above, type CheckDef } from './common';

export const evictionRate: CheckDef = {
  id: 'cache-eviction-rate',
  area: 'cache',
  title: 'Cache evictions',
  docs: guide('low-cache-hit-rate'),
  upstream: [NL_METRICS, nl('nativelink-store/src/cache_metrics_store.rs'), nl('nativelink-util/src/evicting_map.rs')],
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const threshold = `warning above ${ctx.t.evictionRate}/s`;
    const ev = ctx.sel('cacheOperations', { cache_operation_name: 'evict' });
    if (!ev) return { ...missing('sum(rate(nativelink_cache_operations_total{cache_operation_name="evict"}[5m]))', 'The cache operations counter', 'Cache metrics appear only for stores wrapped in cache_metrics.'), docs: guide('cache-metrics-missing') };
    const promql = `sum(rate(${ev}[${w}]))`;
    const v = await ctx.scalar(promql);
    if (v === undefined) {
      const current = await ctx.scalar(`count(${ctx.sel('cacheOperations')})`);
      if (current === undefined) return { status: 'unknown', display: 'no data', threshold, promql, reason: 'The cache operations counter has no current samples.' };
      return { status: 'unknown', display: 'not measured', threshold, promql, reason: 'No eviction series: the cache_metrics wrapper of this NativeLink version records reads and writes only, so evictions cannot be measured here.' };
    }
    return { status: above(v, ctx.t.evictionRate), value: v, display: `${num(v, 2)} evictions/s (last ${w})`, threshold, promql };
  },
};
