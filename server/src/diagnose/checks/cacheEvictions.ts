/** Low Cache Hit Rate (evictions): a high eviction rate means an undersized cache. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, healthProblem, labelOf, lv, num, promEv } from '../util';
import { storeSizing } from './storeAdvice';

const SECTION = 'Low Cache Hit Rate';

export const cacheEvictions: DiagnoseCheck = {
  id: 'cache-evictions',
  section: SECTION,
  title: 'The cache does not evict entries prematurely',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-store/src/cache_metrics_store.rs'), nl('nativelink-util/src/evicting_map.rs')],
  async run(ctx) {
    const p = await healthProblem(ctx, 'cache-eviction-rate');
    if ('outcome' in p) return p.outcome;
    const { r, sev } = p;
    const names = await ctx.names();
    const w = ctx.t.rateWindow;
    const ev = ctx.sel(names, 'cacheOperations', { cache_operation_name: 'evict' })!;
    const { key, by: ct } = labelOf(names, 'cache_type');
    const q = `sum by (${ct}) (rate(${ev}[${w}]))`;
    const rows = await ctx.vector(q).catch(() => []);
    const series = await ctx.trend(r.promql, 3600, 30).catch(() => []);
    const evidence: Evidence[] = [healthEv(r, w, series)];
    if (rows.length) evidence.push(promEv(q, rows.map((x) => `${lv(x.metric[key] ?? '(none)')}: ${num(x.value, 1)}/s`).join(', '), w));
    const sizing = storeSizing(ctx.config);
    return [
      finding({
        id: 'cache-evictions',
        section: SECTION,
        severity: sev,
        title: `The cache evicts entries fast (${r.display})`,
        summary: `Entries are evicted faster than the threshold (${r.threshold}): the cache is too small for the working set, so entries are gone before they are reused.${sizing.text ? ` Sized stores in the open config: ${sizing.text}.` : ''}`,
        evidence,
        causes: ['eviction_policy.max_bytes of the CAS/AC store is small compared with the build\'s working set.', 'Large objects push out many small ones.'],
        actions: ['Increase max_bytes of the evicting store.', 'Use a fast_slow store (memory in front of a larger filesystem or cloud store).', 'Route large objects to their own store with size_partitioning.'],
        ...(sizing.config ? { config: sizing.config } : {}),
      }),
    ];
  },
};
