/** A fake PromApi for unit tests only: answers instant queries through a responder keyed on the PromQL text. */
import type { Labels, PromApi, QueryResult } from '../../../server/src/cluster/types';
import { resolveFromNames } from '../../../server/src/cluster/names';
import type { ResolvedNames } from '../../../server/src/cluster/types';

/** v1.6.6 instruments beyond the core counts (checksInstruments.test.ts). */
export const INSTRUMENT_NAMES = [
  'nativelink_rpc_server_duration_seconds_bucket', 'nativelink_rpc_server_duration_seconds_sum', 'nativelink_rpc_server_duration_seconds_count',
  'nativelink_scheduler_matching_passes_total',
  'nativelink_store_tier_operations_total', 'nativelink_store_tier_io_bytes_total',
  'nativelink_connection_pool_acquisitions_total', 'nativelink_connection_reconnects_total',
  'nativelink_worker_keepalives_total', 'nativelink_worker_state_count',
  'nativelink_health_checks_total',
  'nativelink_execution_stage_duration_seconds_bucket', 'nativelink_execution_stage_duration_seconds_sum', 'nativelink_execution_stage_duration_seconds_count',
];

export const DEFAULT_NAMES = [
  'nativelink_execution_completed_count_total',
  'nativelink_execution_active_count',
  'nativelink_execution_queue_time_seconds_bucket',
  'nativelink_execution_queue_time_seconds_sum',
  'nativelink_execution_queue_time_seconds_count',
  'nativelink_execution_retry_count_total',
  'nativelink_cache_operations_total',
  'nativelink_cache_operation_duration_milliseconds_bucket',
  'nativelink_cache_operation_duration_milliseconds_sum',
  'nativelink_cache_operation_duration_milliseconds_count',
  'nativelink_worker_connected_count',
  'nativelink_worker_disconnections_total',
  'nativelink_target_info',
  'up',
  ...INSTRUMENT_NAMES,
];

/** Responder: return a number, undefined (empty answer) or throw. First matching rule wins. */
export type Rule = [RegExp, number | undefined | (() => number | undefined)];

/** An instant-query answer built from a single number; undefined is an empty vector. */
export function vectorOf(value: number | undefined): QueryResult {
  return { resultType: 'vector', result: value === undefined ? [] : [{ metric: {}, value: [1700000000, value] }] };
}

export class FakeProm implements PromApi {
  queries: string[] = [];
  constructor(public rules: Rule[], public names: string[] = DEFAULT_NAMES, public seriesLabels: Labels[] = [{ __name__: 'nativelink_target_info', service_instance_id: 'a', exported_instance: 'a', job: 'otel-collector' }]) {}
  async query(promql: string): Promise<QueryResult> {
    this.queries.push(promql);
    for (const [re, v] of this.rules) {
      if (re.test(promql)) return vectorOf(typeof v === 'function' ? v() : v);
    }
    return { resultType: 'vector', result: [] };
  }
  async queryRange(): Promise<QueryResult> {
    return { resultType: 'matrix', result: [{ metric: { a: 'b' }, values: [[1, 1], [2, 2]] }] };
  }
  async labelValues(): Promise<string[]> {
    return this.names;
  }
  async series(): Promise<Labels[]> {
    return this.seriesLabels;
  }
}

export function namesFor(list: string[] = DEFAULT_NAMES, extra: Partial<ResolvedNames> = {}): ResolvedNames {
  return { ...resolveFromNames(list), instanceLabel: 'service_instance_id', collectorJob: 'otel-collector', resolvedAt: 0, ...extra };
}

export function without(prefix: string): string[] {
  return DEFAULT_NAMES.filter((n) => !n.startsWith(prefix));
}
