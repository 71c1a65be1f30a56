/** Slow Cache Operations: p95 latency of cache operations. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { duration, finding, healthEv, lv, notMeasured, promEv, severityOf } from '../util';

const SECTION = 'Slow Cache Operations';

export const cacheLatency: DiagnoseCheck = {
  id: 'cache-latency',
  section: SECTION,
  title: 'Cache operations are fast',
  docs: sectionDocs(SECTION),
  async run(ctx) {
    const r = await ctx.health('cache-latency-p95');
    const skip = notMeasured(r);
    if (skip) return { skipped: skip };
    const sev = severityOf(r.status);
    if (!sev) return 'passed';
    const names = await ctx.names();
    const m = names.metrics.cacheOperationDuration;
    const b = ctx.sel(names, 'cacheOperationDuration', {}, 'bucket');
    const w = ctx.t.rateWindow;
    const evidence: Evidence[] = [];
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    evidence.push(healthEv(r, w, series));
    if (m && b) {
      const k1 = names.utf8Labels ? 'cache.type' : 'cache_type';
      const k2 = names.utf8Labels ? 'cache.operation.name' : 'cache_operation_name';
      const by = names.utf8Labels ? `le, "${k1}", "${k2}"` : `le, ${k1}, ${k2}`;
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
