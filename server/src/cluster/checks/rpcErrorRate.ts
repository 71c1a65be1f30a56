/**
 * Share of inbound gRPC calls that ended in a server-side error status, from `rpc.server.duration` (High Error
 * Rate as clients see it: a failing store or scheduler shows here before any execution fails).
 */
import { guide, missing, pct, above, type CheckDef } from './common';

/**
 * gRPC codes that say the server failed: UNKNOWN 2, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, INTERNAL 13,
 * UNAVAILABLE 14, DATA_LOSS 15. NOT_FOUND (5) is how GetActionResult reports a cache miss and FAILED_PRECONDITION (9)
 * how Execute reports missing inputs, so those are normal traffic, not errors. NativeLink records the code as an
 * integer attribute, which Prometheus shows as its decimal string.
 */
export const SERVER_ERROR_CODES = '2|4|8|13|14|15';

export const RPC_UPSTREAM = [
  'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
  'TraceMachina/nativelink@v1.6.6:nativelink-util/src/telemetry.rs',
];

export const rpcErrorRate: CheckDef = {
  id: 'rpc-error-rate',
  area: 'executions',
  title: 'gRPC server errors',
  docs: guide('high-error-rate'),
  upstream: RPC_UPSTREAM,
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const all = ctx.sel('rpcServerDuration', {}, 'count');
    const threshold = `warning above ${pct(ctx.t.errorRate, 0)}, critical above ${pct(ctx.t.errorRateCritical, 0)}`;
    if (!all) return missing('sum(rate(nativelink_rpc_server_duration_seconds_count[5m]))', 'rpc.server.duration', 'NativeLink records it from v1.6.6 on, for every gRPC server; an older NativeLink or a process that served no call has none, so gRPC errors are not measurable.');
    const bad = ctx.sel('rpcServerDuration', { rpc_grpc_status_code: ['=~', SERVER_ERROR_CODES] }, 'count')!;
    const promql = `(sum(rate(${bad}[${w}])) or vector(0)) / sum(rate(${all}[${w}]))`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no calls', threshold, promql, reason: `No gRPC call was served in the last ${w}.` };
    return {
      status: above(v, ctx.t.errorRate, ctx.t.errorRateCritical),
      value: v,
      display: `${pct(v, 2)} of gRPC calls failed on the server (last ${w})`,
      threshold,
      promql,
      reason: 'Counts UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL, UNAVAILABLE and DATA_LOSS. Calls that fail after they started streaming are recorded as OK, and transport failures not at all.',
    };
  },
};
