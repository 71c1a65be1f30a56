/** Slow Cache Operations seen by clients: p95 latency of CAS, ByteStream and ActionCache calls per method. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { duration, labelOf, lv } from '../util';
import { RPC_UPSTREAM } from '../../cluster/checks/rpcErrorRate';
import { CACHE_SERVICES } from '../../cluster/checks/rpcCacheLatency';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'Slow Cache Operations';

export const rpcCacheLatency: DiagnoseCheck = {
  id: 'rpc-cache-latency',
  section: SECTION,
  title: 'Cache services answer clients quickly',
  docs: sectionDocs(SECTION),
  upstream: RPC_UPSTREAM,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'rpc-cache-latency',
      section: SECTION,
      health: 'rpc-cache-latency-p95',
      title: (r) => `Slow cache services for clients (${r.display})`,
      summary: (r) => `The 95th percentile of CAS, ByteStream or ActionCache calls is above the threshold (${r.threshold}). Bazel and Buck2 wait on these calls before and after every action.`,
      breakdown(names, c) {
        const b = c.sel(names, 'rpcServerDuration', { rpc_service: ['=~', CACHE_SERVICES] }, 'bucket');
        const m = names.metrics.rpcServerDuration;
        if (!b || !m) return undefined;
        const [s, me] = [labelOf(names, 'rpc_service'), labelOf(names, 'rpc_method')];
        return {
          query: `sort_desc(histogram_quantile(0.95, sum by (le, ${s.by}, ${me.by}) (rate(${b}[${c.t.rateWindow}])))${m.unitScale === 1 ? '' : ` * ${m.unitScale}`})`,
          row: (x) => `${lv(`${(x.metric[s.key] ?? '').split('.').pop()}/${x.metric[me.key] ?? ''}`)}: ${duration(x.value)}`,
        };
      },
      causes: [
        'The store behind the CAS is slow (network-backed store, busy disk); compare with the cache operation latency check when stores are wrapped in cache_metrics.',
        'FindMissingBlobs over very large input trees.',
        'Server CPU saturation: every service slows down together.',
      ],
      actions: [
        'Put a fast_slow store with a memory or local-SSD fast tier in front of the slow store.',
        'Check NativeLink CPU and the backend latency at the same time range.',
      ],
    }),
};
