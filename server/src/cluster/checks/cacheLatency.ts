/** Worst p95 cache operation latency across cache type / operation. */
import { NL_METRICS, nl, PROM_TRANSLATOR } from '../upstream';
import { duration, guide, missing, above, type CheckDef } from './common';

export const cacheLatency: CheckDef = {
  id: 'cache-latency-p95',
  area: 'cache',
  title: 'Cache latency (p95)',
  docs: guide('slow-cache-operations'),
  upstream: [NL_METRICS, nl('nativelink-store/src/cache_metrics_store.rs'), PROM_TRANSLATOR],
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const threshold = `warning above ${duration(ctx.t.cacheLatencyP95Seconds)}, critical above ${duration(ctx.t.cacheLatencyP95SecondsCritical)}`;
    const m = ctx.metric('cacheOperationDuration');
    const b = ctx.sel('cacheOperationDuration', {}, 'bucket');
    if (!m || !b) return { ...missing('histogram_quantile(0.95, sum by (le) (rate(nativelink_cache_operation_duration_milliseconds_bucket[5m])))', 'The cache operation duration histogram', 'Cache metrics appear only for stores wrapped in cache_metrics.'), docs: guide('cache-metrics-missing') };
    const by = ['le', ctx.label('cache_type'), ctx.label('cache_operation_name')].map((l) => (/^[a-zA-Z_]\w*$/.test(l) ? l : JSON.stringify(l))).join(', ');
    const scale = m.unitScale === 1 ? '' : ` * ${m.unitScale}`;
    const promql = `max(histogram_quantile(0.95, sum by (${by}) (rate(${b}[${w}]))))${scale}`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no operations', threshold, promql, reason: `No cache operations were timed in the last ${w}.` };
    return {
      status: above(v, ctx.t.cacheLatencyP95Seconds, ctx.t.cacheLatencyP95SecondsCritical),
      value: v,
      display: `slowest p95 ${duration(v)} (last ${w})`,
      threshold,
      promql,
      reason: m.unitScale !== 1 ? 'The histogram is recorded in milliseconds; converted to seconds.' : undefined,
    };
  },
};
