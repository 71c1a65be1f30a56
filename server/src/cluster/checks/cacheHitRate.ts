/**
 * Cache hit rate from cache operations (stores wrapped in `cache_metrics`). Without them, the action-cache hit
 * rate from the status codes of GetActionResult calls. The completion counter's `cache_hit` result is used only
 * when samples of it really exist: v1.6.6 answers action-cache hits in cache_lookup_scheduler.rs straight to the
 * client, past the awaited-action DB where that counter increments, so on a real cluster it reads about 0 %.
 */
import { nl, NL_METRICS, NL_TELEMETRY } from '../upstream';
import { guide, pct, below, type CheckContext, type CheckDef, type CheckOutcome } from './common';

/** gRPC status codes of GetActionResult: OK is a hit, NOT_FOUND a miss (nativelink-service/src/ac_server.rs). */
const GRPC_OK = '0';
const GRPC_NOT_FOUND = '5';

export const CANNOT_MEASURE_HIT_RATE =
  'The cache hit rate cannot be measured: no store is wrapped in cache_metrics, no GetActionResult calls are recorded, and the execution completion counter has no cache_hit samples (NativeLink v1.6.6 answers action-cache hits in the cache-lookup scheduler, before the counter that would record them).';

async function fromActionCacheRpcs(ctx: CheckContext, threshold: string): Promise<CheckOutcome | undefined> {
  const w = ctx.t.rateWindow;
  const m = { rpc_method: 'GetActionResult', rpc_service: ['=~', '.*ActionCache'] as [string, string] };
  const all = ctx.sel('rpcServerDuration', { ...m, rpc_grpc_status_code: ['=~', `${GRPC_OK}|${GRPC_NOT_FOUND}`] }, 'count');
  if (!all) return undefined;
  const hits = ctx.sel('rpcServerDuration', { ...m, rpc_grpc_status_code: GRPC_OK }, 'count')!;
  const promql = `(sum(rate(${hits}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))`;
  const v = await ctx.scalar(promql);
  if (v === undefined || Number.isNaN(v)) return undefined;
  return {
    status: below(v, ctx.t.cacheHitRate, ctx.t.cacheHitRateCritical),
    value: v,
    display: `${pct(v)} of action-cache lookups hit (GetActionResult; last ${w})`,
    threshold,
    promql,
    reason: 'No store is wrapped in cache_metrics, so this is the action-cache hit rate from the gRPC status of GetActionResult calls (OK = hit, NOT_FOUND = miss).',
    docs: guide('workaround'),
  };
}

export const cacheHitRate: CheckDef = {
  id: 'cache-hit-rate',
  area: 'cache',
  title: 'Cache hit rate',
  docs: guide('low-cache-hit-rate'),
  upstream: [
    NL_METRICS,
    nl('nativelink-store/src/cache_metrics_store.rs'),
    nl('nativelink-scheduler/src/cache_lookup_scheduler.rs'),
    nl('nativelink-scheduler/src/memory_awaited_action_db.rs'),
    nl('nativelink-scheduler/src/simple_scheduler_state_manager.rs'),
    nl('nativelink-service/src/ac_server.rs'),
    NL_TELEMETRY,
  ],
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
    const rpc = await fromActionCacheRpcs(ctx, threshold);
    if (rpc) return rpc;
    const all = ctx.sel('executionCompleted');
    const hit = ctx.sel('executionCompleted', { execution_result: 'cache_hit' });
    const fallbackQuery = hit && all ? `(sum(rate(${hit}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))` : 'sum(rate(nativelink_cache_operations_total{cache_operation_name="read",cache_operation_result="hit"}[5m])) / sum(rate(nativelink_cache_operations_total{cache_operation_name="read"}[5m]))';
    // Only a cluster that really records cache_hit completions can use them; absence is "cannot measure", never 0 %.
    const recorded = hit ? await ctx.scalar(`count(${hit})`) : undefined;
    if (!hit || !all || !recorded) {
      return { status: 'unknown', display: 'cannot measure', threshold, promql: fallbackQuery, reason: CANNOT_MEASURE_HIT_RATE, docs: guide('cache-metrics-missing') };
    }
    const v = await ctx.scalar(fallbackQuery);
    const reason = 'No store is wrapped in cache_metrics, so this is the share of executions the scheduler recorded as action-cache hits. It misses every hit answered before the scheduler, so the real hit rate is higher.';
    if (v === undefined || Number.isNaN(v)) return { status: 'unknown', display: 'no executions (workaround)', threshold, promql: fallbackQuery, reason: `${reason} No executions finished in the last ${w}.`, docs: guide('workaround') };
    // A share that undercounts can only prove the rate is at least this high: never report it as a low rate.
    return { status: v >= ctx.t.cacheHitRate ? 'ok' : 'unknown', value: v, display: `at least ${pct(v)} of executions were action-cache hits (workaround; last ${w})`, threshold, promql: fallbackQuery, reason, docs: guide('workaround') };
  },
};
