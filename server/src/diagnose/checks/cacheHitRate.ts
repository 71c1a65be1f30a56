/** Low Cache Hit Rate: read hit ratio (or the execution-result workaround when cache metrics are missing). */
import { cacheHitRate as cacheHitRateHealth } from '../../cluster/checks/cacheHitRate';
import { nl } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, healthProblem, labelOf, lv, pct, promEv } from '../util';
import { storeSizing } from './storeAdvice';

const SECTION = 'Low Cache Hit Rate';

export const cacheHitRate: DiagnoseCheck = {
  id: 'cache-hit-rate',
  section: SECTION,
  title: 'The cache hit rate is healthy',
  docs: sectionDocs(SECTION),
  upstream: [...cacheHitRateHealth.upstream, nl('nativelink-util/src/evicting_map.rs')],
  async run(ctx) {
    const p = await healthProblem(ctx, 'cache-hit-rate');
    if ('outcome' in p) return p.outcome;
    const { r, sev } = p;
    const names = await ctx.names();
    const w = ctx.t.rateWindow;
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    const evidence: Evidence[] = [healthEv(r, w, series)];
    const reads = ctx.sel(names, 'cacheOperations', { cache_operation_name: 'read' });
    if (reads) {
      const hits = ctx.sel(names, 'cacheOperations', { cache_operation_name: 'read', cache_operation_result: 'hit' })!;
      const { key, by: ct } = labelOf(names, 'cache_type');
      const q = `sum by (${ct}) (rate(${hits}[${w}])) / sum by (${ct}) (rate(${reads}[${w}]))`;
      const rows = await ctx.vector(q).catch(() => []);
      if (rows.length) evidence.push(promEv(q, rows.map((x) => `${lv(x.metric[key] ?? '(none)')}: ${pct(x.value)}`).join(', '), w));
    }
    const ev = await ctx.health('cache-eviction-rate').catch(() => undefined);
    if (ev && ev.status !== 'unknown') evidence.push(healthEv(ev, w));
    const sizing = storeSizing(ctx.config);
    const workaround = !reads;
    return [
      finding({
        id: 'cache-hit-rate',
        section: SECTION,
        severity: sev,
        title: `Low cache hit rate (${r.display})`,
        summary: `${workaround && r.reason ? `${r.reason} ` : ''}The hit rate is below the threshold (${r.threshold}), so more work is executed or fetched again.${sizing.text ? ` Sized stores in the open config: ${sizing.text}.` : ''}`,
        evidence,
        causes: [
          'The cache is too small and evicts entries before they are reused (high eviction rate, size at its limit).',
          'Non-deterministic build inputs (timestamps, absolute paths, unstable env) make action keys differ every build.',
          'Platform properties differ between builds, so identical actions get different digests.',
        ],
        actions: [
          'Increase max_bytes of the CAS/AC stores, or put a fast_slow store in front of a larger slow tier.',
          'Compare action keys of two identical builds (e.g. bazel --execution_log_json_file) to find non-deterministic inputs.',
        ],
        ...(sizing.config ? { config: sizing.config } : {}),
      }),
    ];
  },
};
