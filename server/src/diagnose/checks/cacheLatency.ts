/** Slow Cache Operations: p95 latency of cache operations. */
import { nl, NL_METRICS, PROM_TRANSLATOR } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { duration, finding, healthEv, healthProblem, labelOf, lv, promEv } from '../util';

const SECTION = 'Slow Cache Operations';

export const cacheLatency: DiagnoseCheck = {
  id: 'cache-latency',
  section: SECTION,
  title: 'Cache operations are fast',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-store/src/cache_metrics_store.rs'), PROM_TRANSLATOR],
  async run(ctx) {
    const p = await healthProblem(ctx, 'cache-latency-p95');
    if ('outcome' in p) return p.outcome;
    const { r, sev } = p;
    const names = await ctx.names();
    const m = names.metrics.cacheOperationDuration;
    const b = ctx.sel(names, 'cacheOperationDuration', {}, 'bucket');
    const w = ctx.t.rateWindow;
    const evidence: Evidence[] = [];
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    evidence.push(healthEv(r, w, series));
    if (m && b) {
      const type = labelOf(names, 'cache_type');
      const op = labelOf(names, 'cache_operation_name');
      const [k1, k2] = [type.key, op.key];
      const by = `le, ${type.by}, ${op.by}`;
      const q = `sort_desc(histogram_quantile(0.95, sum by (${by}) (rate(${b}[${w}])))${m.unitScale === 1 ? '' : ` * ${m.unitScale}`})`;
      const rows = (await ctx.vector(q).catch(() => [])).filter((x) => Number.isFinite(x.value));
      if (rows.length) evidence.push(promEv(q, rows.slice(0, 4).map((x) => `${lv(x.metric[k1] ?? '')} ${lv(x.metric[k2] ?? '')}: ${duration(x.value)}`).join(', '), w));
    }
    return [
      finding({
        id: 'cache-latency',
        section: SECTION,
        severity: sev,
        title: `Slow cache operations (${r.display})`,
        summary: `The 95th percentile of cache operation latency is above the threshold (${r.threshold}). Every action waits on these reads and writes.`,
        evidence,
        causes: ['A network-backed store (cloud object store, Redis, remote gRPC) answers slowly.', 'A filesystem store on a busy or slow disk.', 'Large blobs transferred without compression.'],
        actions: ['Put a fast_slow store in front: memory (or local SSD) as the fast tier, the current store as the slow tier.', 'Add a compression store (lz4) in front of network-backed stores to cut transfer size, at some CPU cost.'],
      }),
    ];
  },
};
