/** A fake Prometheus for the diagnosis unit tests: answers queries through ordered regex rules. */
import type { BuildInfo, Labels, QueryResult, ReadyState, RequestOptions, RuleGroupInfo } from '../../../server/src/cluster/types';
import type { DiagnoseApi, DiagnoseContext, HttpResponse } from '../../../server/src/diagnose/types';
import { runDiagnosis } from '../../../server/src/diagnose/run';
import { DEFAULT_NAMES, vectorOf } from '../cluster/fakeClient';

export type Answer = number | undefined | Array<{ metric: Labels; value: number }> | 'hang' | Error | (() => number | undefined | Error);
export type Rule = [RegExp, Answer];

/**
 * The cluster fake's metric catalogue without the queue-time _sum/_count series: these tests have
 * always run against that narrower list, so it is derived here rather than copied and kept in step.
 */
export const NAMES = DEFAULT_NAMES.filter((n) => !/^nativelink_execution_queue_time_seconds_(sum|count)$/.test(n));

/** Answers of a healthy cluster. Order matters: first match wins. */
export const HEALTHY: Rule[] = [
  [/^vector\(1\)$/, 1],
  [/time\(\) - max\(timestamp/, 20],
  [/^count\(count by \((service_instance_id|exported_instance)\)/, 3],
  [/^min\(up\{/, 1],
  [/^count\(up\{job="nativelink"\}\)/, 1],
  [/^count\(nativelink:/, 1],
  [/sort_desc\(sum by \(execution_worker_id\)/, []],
  [/execution_result="success"/, 0.015],
  [/execution_result=~"failure\|timeout"/, 0.015],
  [/execution_result="timeout"/, 0],
  [/execution_retry_count_total/, 0.005],
  [/execution_stage="queued"/, 8],
  [/execution_stage="executing"/, 0.7],
  [/max_over_time\(sum\(nativelink_worker_connected_count/, 16],
  [/^sum\(nativelink_worker_connected_count\)$/, 16],
  [/^count\(nativelink_target_info\)$/, 3],
  [/worker_disconnections_total/, 0.1],
  [/cache_operation_result="error"/, 0],
  [/^(min_over_time\(\()?max\(1 - \(sum by \(cache_type\)/, 0.1],
  [/cache_operation_result="hit"/, 0.9],
  [/cache_operation_name="evict"/, 0.5],
  [/histogram_quantile/, 0.004],
  [/prometheus_tsdb_out_of_order/, 0],
  [/execution_action_digest/, undefined],
];

export interface FakeOptions {
  rules?: Rule[];
  names?: string[];
  series?: Labels[];
  ready?: ReadyState | Error;
  buildinfo?: BuildInfo | Error | 'hang';
  rulesGroups?: RuleGroupInfo[] | Error;
  statusConfigYaml?: string;
}

function hang(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

export class FakeDiagnoseApi implements DiagnoseApi {
  queries: string[] = [];
  answers: Rule[];
  names: string[];
  seriesLabels: Labels[];
  constructor(public opts: FakeOptions = {}) {
    this.answers = [...(opts.rules ?? []), ...HEALTHY];
    this.names = opts.names ?? NAMES;
    this.seriesLabels = opts.series ?? [{ __name__: 'nativelink_target_info', exported_instance: 'a', exported_job: 'nativelink/nativelink', job: 'otel-collector', instance_name: 'main' }];
  }
  async query(promql: string, _t?: number | Date, o: RequestOptions = {}): Promise<QueryResult> {
    this.queries.push(promql);
    for (const [re, a] of this.answers) {
      if (!re.test(promql)) continue;
      if (a === 'hang') return hang(o.signal);
      const v = typeof a === 'function' ? a() : a;
      if (v instanceof Error) throw v;
      if (Array.isArray(v)) return { resultType: 'vector', result: v.map((x) => ({ metric: x.metric, value: [1700000000, x.value] })) };
      return vectorOf(v);
    }
    return { resultType: 'vector', result: [] };
  }
  async queryRange(promql: string): Promise<QueryResult> {
    this.queries.push(`range:${promql}`);
    return { resultType: 'matrix', result: [{ metric: {}, values: Array.from({ length: 30 }, (_, i) => [1700000000 + i * 120, i] as [number, number]) }] };
  }
  async labelValues(): Promise<string[]> {
    return this.names;
  }
  async series(): Promise<Labels[]> {
    return this.seriesLabels;
  }
  async ready(): Promise<ReadyState> {
    const r = this.opts.ready ?? { ready: true, status: 200, text: 'Prometheus Server is Ready.' };
    if (r instanceof Error) throw r;
    return r;
  }
  async buildinfo(o: RequestOptions = {}): Promise<BuildInfo> {
    const b = this.opts.buildinfo ?? { version: '2.42.0' };
    if (b === 'hang') return hang(o.signal);
    if (b instanceof Error) throw b;
    return b;
  }
  async rules(): Promise<RuleGroupInfo[]> {
    const g = this.opts.rulesGroups ?? [];
    if (g instanceof Error) throw g;
    return g;
  }
  async statusConfig(): Promise<{ yaml: string }> {
    return { yaml: this.opts.statusConfigYaml ?? 'global:\n  scrape_interval: 15s\n' };
  }
}

/** All five guide alerts, loaded and healthy. */
export const LOADED_ALERTS: RuleGroupInfo[] = [
  {
    name: 'nativelink',
    file: 'alerts.yml',
    interval: 30,
    rules: [
      { name: 'NativeLinkHighErrorRate', query: 'nativelink_execution_completed_count_total{execution_result="failure"} > 0.05', type: 'alerting', health: 'ok' },
      { name: 'NativeLinkCacheMissRateHigh', query: 'nativelink_cache_operations_total{cache_operation_result="hit"} < 0.5', type: 'alerting', health: 'ok' },
      { name: 'NativeLinkQueueBacklog', query: 'sum(nativelink_execution_active_count{execution_stage="queued"}) > 100', type: 'alerting', health: 'ok' },
      { name: 'NativeLinkWorkerUtilizationLow', query: 'sum(nativelink_execution_active_count{execution_stage="executing"}) / sum(nativelink_worker_connected_count) < 0.3', type: 'alerting', health: 'ok' },
      { name: 'NativeLinkMetricsAbsent', query: 'absent(nativelink_target_info)', type: 'alerting', health: 'ok' },
    ],
  },
];

export function ctxFor(client: DiagnoseApi, extra: Partial<DiagnoseContext> = {}): DiagnoseContext {
  return { client, prometheusUrl: 'http://prom.test:9090', timeoutMs: 5000, now: 1_700_000_000_000, ...extra };
}

export async function diagnose(opts: FakeOptions, checks?: string[], extra: Partial<DiagnoseContext> = {}) {
  const fake = new FakeDiagnoseApi({ rulesGroups: LOADED_ALERTS, ...opts });
  const report = await runDiagnosis(ctxFor(fake, extra), checks ? { checks } : {});
  return { report, fake };
}

export function httpFake(map: Record<string, HttpResponse | Error | 'hang'>) {
  const calls: string[] = [];
  const fn = async (url: string, o: { signal: AbortSignal }): Promise<HttpResponse> => {
    calls.push(url);
    const r = map[url];
    if (r === undefined) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (r === 'hang') return hang(o.signal);
    if (r instanceof Error) throw r;
    return r;
  };
  return { fn, calls };
}
