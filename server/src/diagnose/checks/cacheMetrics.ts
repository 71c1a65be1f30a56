/** Cache Metrics Missing: execution metrics exist but no nativelink_cache_* series → stores are not wrapped in cache_metrics. */
import { nl, NL_METRICS } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, promEv } from '../util';

const SECTION = 'Cache Metrics Missing';

export const cacheMetrics: DiagnoseCheck = {
  id: 'cache-metrics',
  section: SECTION,
  title: 'Cache metrics are exported',
  docs: sectionDocs(SECTION),
  upstream: [NL_METRICS, nl('nativelink-store/src/cache_metrics_store.rs'), nl('nativelink-config/src/stores.rs')],
  async run(ctx) {
    const names = await ctx.names();
    const exec = names.metrics.executionCompleted ?? names.metrics.executionActive;
    if (!exec) return { skipped: 'No execution metrics either (see "NativeLink metrics reach Prometheus").' };
    if (names.metrics.cacheOperations || names.metrics.cacheOperationDuration || names.metrics.cacheIo) return 'passed';
    const evidence: Evidence[] = [promEv('count({__name__=~"nativelink_cache_.+"})', 'no series', '1h')];
    // The workaround: hit rate from execution results (the health model falls back to it by itself).
    const hit = await ctx.health('cache-hit-rate').catch(() => undefined);
    if (hit && hit.status !== 'unknown') evidence.push(healthEv(hit, ctx.t.rateWindow));
    const wrapped = ctx.config?.cacheMetricsWrapped;
    const storeKeys = (ctx.config?.stores ?? []).map((s) => s.name).slice(0, 5);
    return [
      finding({
        id: 'cache-metrics',
        section: SECTION,
        severity: 'warning',
        title: 'NativeLink exports execution metrics but no cache metrics',
        summary:
          'There are nativelink_execution_* series but no nativelink_cache_* series. NativeLink records cache operations only for stores wrapped in a cache_metrics store, so cache hit-rate rules such as nativelink:cache_hit_rate stay empty.' +
          (wrapped === false ? ' The open NativeLink config confirms it: no CAS/AC store is wrapped in cache_metrics.' : ''),
        evidence,
        causes: ['No CAS/AC store in the NativeLink config is wrapped in cache_metrics.', 'An older NativeLink build that does not record store-level cache metrics.'],
        actions: [
          `Wrap the stores the cas and ac services use in a cache_metrics store${storeKeys.length ? ` (stores in the open config: ${storeKeys.join(', ')})` : ''} and restart NativeLink.`,
          'Until then, judge the cache by the share of executions answered from the action cache (the execution_result="cache_hit" share shown in the evidence).',
        ],
        config: { kind: 'nativelink', key: 'stores' },
      }),
    ];
  },
};
