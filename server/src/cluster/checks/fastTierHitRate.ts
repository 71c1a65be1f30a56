/**
 * Share of fast_slow reads the fast tier served (`store.tier.operations`): low means most reads fall through to
 * the slow (usually remote) tier, the tiered-store side of Low Cache Hit Rate.
 *
 * fast_slow_store.rs records one `fast` read per lookup (`hit`, `miss`, or `stale` when the fast copy was unusable)
 * and a `slow` `hit` when the slow tier answered instead, so fast hits over all fast reads is the fast tier's share.
 */
import { guide, missing, pct, below, type CheckDef } from './common';

export const TIER_UPSTREAM = [
  'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
  'TraceMachina/nativelink@v1.6.6:nativelink-store/src/fast_slow_store.rs',
];

export const fastTierHitRate: CheckDef = {
  id: 'fast-tier-hit-rate',
  area: 'cache',
  title: 'Fast tier share of reads (fast_slow)',
  docs: guide('low-cache-hit-rate'),
  upstream: TIER_UPSTREAM,
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const threshold = `warning below ${pct(ctx.t.cacheHitRate, 0)}, critical below ${pct(ctx.t.cacheHitRateCritical, 0)}`;
    const fast = ctx.sel('storeTierOperations', { store_tier: 'fast' });
    if (!fast) return missing('sum(rate(nativelink_store_tier_operations_total{store_tier="fast",store_result="hit"}[5m])) / sum(rate(nativelink_store_tier_operations_total{store_tier="fast"}[5m]))', 'store.tier.operations', 'Only fast_slow stores record it (NativeLink v1.6.6 on); a cluster without a fast_slow store, or that has not read from one yet, has no tier share to measure.');
    const hits = ctx.sel('storeTierOperations', { store_tier: 'fast', store_result: 'hit' })!;
    const promql = `(sum(rate(${hits}[${w}])) or vector(0)) / sum(rate(${fast}[${w}]))`;
    const v = await ctx.scalar(promql);
    if (v === undefined || Number.isNaN(v)) return { status: 'unknown', display: 'no reads', threshold, promql, reason: `No fast_slow store read in the last ${w}.` };
    return { status: below(v, ctx.t.cacheHitRate, ctx.t.cacheHitRateCritical), value: v, display: `${pct(v)} of fast_slow reads served by the fast tier (last ${w})`, threshold, promql };
  },
};
