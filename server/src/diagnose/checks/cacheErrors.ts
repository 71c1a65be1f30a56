/** Cache Operation Errors: cache operations ending with cache_operation_result="error". */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, labelOf, lv, num, pct, promEv } from '../util';

const SECTION = 'Cache Operation Errors';

export const cacheErrors: DiagnoseCheck = {
  id: 'cache-errors',
  section: SECTION,
  title: 'Cache operations do not fail',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-store/src/cache_metrics_store.rs')],
  async run(ctx) {
    const names = await ctx.names();
    const all = ctx.sel(names, 'cacheOperations');
    if (!all) return { skipped: 'No cache operation metrics (see "Cache metrics are exported").' };
    const w = ctx.t.rateWindow;
    const err = ctx.sel(names, 'cacheOperations', { cache_operation_result: 'error' })!;
    const q = `(sum(rate(${err}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))`;
    const share = await ctx.scalar(q);
    if (share === undefined || share <= 0) return 'passed';
    const type = labelOf(names, 'cache_type');
    const op = labelOf(names, 'cache_operation_name');
    const [k1, k2] = [type.key, op.key];
    const ct = `${type.by}, ${op.by}`;
    const byQ = `sum by (${ct}) (rate(${err}[${w}]))`;
    const rows = (await ctx.vector(byQ).catch(() => [])).filter((x) => x.value > 0);
    const where = rows.slice(0, 5).map((x) => `${lv(x.metric[k1] ?? '(none)')} ${lv(x.metric[k2] ?? '')}: ${num(x.value, 2)}/s`).join(', ');
    const series = await ctx.trend(`sum(rate(${err}[${w}]))`, 3600, 30).catch(() => []);
    return [
      finding({
        id: 'cache-errors',
        section: SECTION,
        severity: share >= 0.05 ? 'critical' : share >= 0.001 ? 'warning' : 'info',
        title: `${pct(share, 2)} of cache operations fail`,
        summary: `Cache operations end with cache_operation_result="error"${where ? ` (${where})` : ''}. Failed reads turn into cache misses and failed writes lose results.`,
        evidence: [promEv(q, pct(share, 2), w, series), ...(where ? [promEv(byQ, where, w)] : [])],
        causes: [
          'Filesystem stores: disk full, permission denied, I/O errors.',
          'Cloud object stores: expired or missing credentials, IAM permissions, network timeouts.',
          'Redis stores: connection refused or Redis out of memory.',
        ],
        actions: [
          'Search the NativeLink logs for cache/store errors to see which store fails.',
          'Filesystem: check free space and ownership of the content path; look at dmesg for disk errors.',
          'Cloud store: verify credentials and raise the store\'s retry settings (max_retries, delay) for timeouts.',
          'Redis: check connectivity (redis-cli ping) and memory (redis-cli info memory; set an eviction policy).',
        ],
      }),
    ];
  },
};
