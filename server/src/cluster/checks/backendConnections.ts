/**
 * Connections to cache backends (Cache Operation Errors against Redis or remote gRPC stores): share of connection
 * acquisitions that had to wait for a free slot, and Redis reconnects.
 *
 * Recorded by the Redis store (pool `redis`, reconnects too) and the gRPC connection manager (pool `grpc`); other
 * stores have no pool, so a cluster without them has nothing to measure here.
 */
import { guide, missing, num, pct, type CheckDef, type CheckOutcome } from './common';
import type { CheckStatus } from '../types';

export const QUEUED_SHARE_WARN = 0.1;
export const QUEUED_SHARE_CRIT = 0.5;
export const RECONNECTS_PER_MIN_WARN = 1;

export const backendConnections: CheckDef = {
  id: 'backend-connections',
  area: 'cache',
  title: 'Backend connections (Redis / gRPC pools)',
  docs: guide('cache-operation-errors'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/redis_store.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/connection_manager.rs',
  ],
  async run(ctx): Promise<CheckOutcome> {
    const w = ctx.t.rateWindow;
    const acq = ctx.sel('connectionPoolAcquisitions');
    const rec = ctx.sel('connectionReconnects');
    const threshold = `warning when over ${pct(QUEUED_SHARE_WARN, 0)} of acquisitions wait (critical over ${pct(QUEUED_SHARE_CRIT, 0)}) or above ${RECONNECTS_PER_MIN_WARN} reconnect/min`;
    if (!acq && !rec) return missing('max by (connection_pool) (sum by (connection_pool) (rate(nativelink_connection_pool_acquisitions_total{connection_result="queued"}[5m])) / sum by (connection_pool) (rate(nativelink_connection_pool_acquisitions_total[5m])))', 'connection.pool.acquisitions', 'Only Redis stores and gRPC stores record it (NativeLink v1.6.6 on); without one, backend connections are not measurable.');
    const pool = ctx.label('connection_pool');
    const queued = acq ? ctx.sel('connectionPoolAcquisitions', { connection_result: 'queued' })! : undefined;
    const promql = acq
      ? `max((sum by (${pool}) (rate(${queued}[${w}])) or sum by (${pool}) (rate(${acq}[${w}])) * 0) / sum by (${pool}) (rate(${acq}[${w}])))`
      : `sum(rate(${rec}[${w}])) * 60`;
    const share = acq ? await ctx.scalar(promql) : undefined;
    const perMin = rec ? await ctx.scalar(`sum(rate(${rec}[${w}])) * 60`) : undefined;
    if (share === undefined && perMin === undefined) return { status: 'unknown', display: 'no connections', threshold, promql, reason: `No pooled connection was taken in the last ${w}.` };
    let status: CheckStatus = 'ok';
    const parts: string[] = [];
    if (share !== undefined && Number.isFinite(share)) {
      status = share > QUEUED_SHARE_CRIT ? 'critical' : share > QUEUED_SHARE_WARN ? 'warning' : 'ok';
      parts.push(`${pct(share)} of acquisitions waited (worst pool)`);
    }
    if (perMin !== undefined) {
      if (perMin > RECONNECTS_PER_MIN_WARN && status === 'ok') status = 'warning';
      parts.push(`${num(perMin, 1)} reconnects/min`);
    }
    return { status, value: share ?? perMin, display: `${parts.join(', ')} (last ${w})`, threshold, promql };
  },
};
