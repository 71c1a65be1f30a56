/** p95 latency of the cache services (CAS, ByteStream, ActionCache) as clients see it, from `rpc.server.duration`. */
import { guide, missing, duration, above, type CheckDef } from './common';
import { RPC_UPSTREAM } from './rpcErrorRate';

/** `rpc_service` is the gRPC package and service, e.g. `build.bazel.remote.execution.v2.ContentAddressableStorage`. */
export const CACHE_SERVICES = '.*[.](ContentAddressableStorage|ActionCache|ByteStream)';

export const rpcCacheLatency: CheckDef = {
  id: 'rpc-cache-latency-p95',
  area: 'cache',
  title: 'Cache service latency (p95, gRPC)',
  docs: guide('slow-cache-operations'),
  upstream: RPC_UPSTREAM,
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const threshold = `warning above ${duration(ctx.t.cacheLatencyP95Seconds)}, critical above ${duration(ctx.t.cacheLatencyP95SecondsCritical)}`;
    const b = ctx.sel('rpcServerDuration', { rpc_service: ['=~', CACHE_SERVICES] }, 'bucket');
    if (!b) return missing('histogram_quantile(0.95, sum by (rpc_service, le) (rate(nativelink_rpc_server_duration_seconds_bucket[5m])))', 'rpc.server.duration', 'NativeLink records it from v1.6.6 on; without it the latency clients see is not measurable.');
    const scale = ctx.metric('rpcServerDuration')!.unitScale;
    const svc = ctx.label('rpc_service');
    // `>= 0` drops the NaN of a service without calls in the window, so one idle service does not hide the others.
    const promql = `max(histogram_quantile(0.95, sum by (${svc}, le) (rate(${b}[${w}]))) >= 0)${scale !== 1 ? ` * ${scale}` : ''}`;
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'no calls', threshold, promql, reason: `No CAS, ByteStream or ActionCache call was served in the last ${w}.` };
    return {
      status: above(v, ctx.t.cacheLatencyP95Seconds, ctx.t.cacheLatencyP95SecondsCritical),
      value: v,
      display: `p95 ${duration(v)} for the slowest cache service (last ${w})`,
      threshold,
      promql,
      reason: 'For a server-streaming call (ByteStream Read) NativeLink measures until the response starts, not until the last byte.',
    };
  },
};
