/**
 * Public types of the "Diagnose cluster" engine. No `vscode` import: the CLI and the extension share them.
 */
import type { BuildInfo, CheckId, Surface, LogicalMetricId, CheckResult, PromApi, ReadyState, RequestOptions, ResolvedNames, RuleGroupInfo, Thresholds, TrendSeries } from '../cluster/types';

export type Severity = 'critical' | 'warning' | 'info';

export interface Evidence {
  kind: 'promql' | 'http';
  /** PromQL expression (kind 'promql'). */
  query?: string;
  /** URL without credentials (kind 'http'). */
  url?: string;
  /** What was observed, as text (a number with its unit, "HTTP 503", "no series", …). */
  value: string;
  /** Range the value covers, e.g. "5m", "last 1h". */
  window?: string;
  /** Small trend for charts: [unix ms, value] points per series. */
  series?: TrendSeries[];
}

export interface ConfigRef {
  kind: 'nativelink' | 'collector';
  /** Path of the key, e.g. `schedulers[0].simple.worker_timeout_s` or `processors.memory_limiter.limit_mib`. */
  key: string;
  /** Value the operator could set (a quick fix can apply it). */
  suggested?: string | number | boolean;
}

export interface Finding {
  /** Stable id: the check id, or `<check id>/<aspect>` when one check reports several things. */
  id: string;
  severity: Severity;
  title: string;
  summary: string;
  evidence: Evidence[];
  causes: string[];
  actions: string[];
  docs: string;
  config?: ConfigRef;
  /** Id of the check that produced the finding (filled in by the runner). */
  check?: string;
  /** Guide section of that check (filled in by the runner). */
  section?: string;
  /**
   * Id of the check whose finding this one is evidence for (e.g. an alert that would fire on the queue backlog).
   * The runner folds it into that finding's evidence when the check reported one; otherwise it stands alone.
   */
  evidenceOf?: string;
}

/** Facts the extension (or the CLI) extracted from the open NativeLink / collector config files. */
export interface ConfigFacts {
  /** Key path of the simple scheduler the facts come from (default `schedulers[0].simple`). */
  schedulerKey?: string;
  workerTimeoutS?: number;
  maxJobRetries?: number;
  allocationStrategy?: string;
  clientActionTimeoutS?: number;
  maxActionExecutingTimeoutS?: number;
  /** false when no CAS/AC store is wrapped in `cache_metrics`; true when at least one is; undefined when unknown. */
  cacheMetricsWrapped?: boolean;
  /** Stores with an eviction policy (for "cache is undersized" advice). */
  stores?: Array<{ name: string; kind: string; maxBytes?: number; key: string }>;
  memoryLimiter?: { limitMib?: number; spikeLimitMib?: number; limitPercentage?: number; key?: string };
  batch?: { sendBatchSize?: number; sendBatchMaxSize?: number; key?: string };
  /** `supported_platform_properties` of the simple scheduler: property → minimum/exact/priority/ignore. */
  supportedPlatformProperties?: Record<string, string>;
  /** Keys of `platform_properties`, one list per local worker of the config. */
  workerPlatformProperties?: string[][];
  /** `health_check` extension endpoint from the collector config (host:port[/path]). */
  healthCheckEndpoint?: string;
}

/** The Prometheus API the engine needs: the health model's subset plus optional status endpoints. */
export interface DiagnoseApi extends PromApi {
  ready?(opts?: RequestOptions): Promise<ReadyState>;
  buildinfo?(opts?: RequestOptions): Promise<BuildInfo>;
  rules?(opts?: RequestOptions & { type?: 'alert' | 'record' }): Promise<RuleGroupInfo[]>;
  statusConfig?(opts?: RequestOptions): Promise<{ yaml: string }>;
}

export interface HttpResponse { status: number; contentType: string; text: string }
/** Plain GET used for the collector's health and metrics endpoints. Must honour the signal. */
export type HttpGet = (url: string, opts: { signal: AbortSignal; timeoutMs: number }) => Promise<HttpResponse>;

export interface DiagnoseContext {
  client: DiagnoseApi;
  /** Base URL shown in the report (no credentials). */
  prometheusUrl: string;
  /** Collector `health_check` URL, e.g. http://otel-collector:13133/ */
  collectorHealthUrl?: string;
  /** Collector self-metrics URL, e.g. http://otel-collector:8888/metrics */
  collectorMetricsUrl?: string;
  config?: ConfigFacts;
  /** Cancels the whole run. */
  signal?: AbortSignal;
  /**
   * Budget of the whole run in ms (default 20 000). Every check gets its own timer within it, and the report is
   * returned before the budget runs out even if a server never answers.
   */
  timeoutMs?: number;
  /** Per-check timeout (default: the remaining budget). */
  checkTimeoutMs?: number;
  /** Evaluation time (default now). Unix ms, unix s or Date. */
  now?: Date | number;
  thresholds?: Partial<Thresholds>;
  /** HTTP GET for collector endpoints (default: undici with the per-check timeout). */
  http?: HttpGet;
  /** Where the report is shown: hints then name CLI flags or VS Code settings (default: both). */
  surface?: Surface;
}

/** What one check's `run` sees: the context plus shared, memoised helpers of this run. */
export interface CheckEnv extends DiagnoseContext {
  /** Aborts when this check's timer fires or the run is cancelled. */
  signal: AbortSignal;
  /** Evaluation time, unix seconds. */
  time: number;
  t: Thresholds;
  /** Resolved metric names (one resolution per run). */
  names(): Promise<ResolvedNames>;
  /** Health-model results for some checks (each evaluated once per run). Throws when the query itself failed. */
  health(id: CheckId): Promise<CheckResult>;
  /** Selector for a logical metric in the spelling in use. */
  sel(names: ResolvedNames, id: LogicalMetricId, matchers?: Record<string, string | [string, string]>, part?: 'value' | 'bucket' | 'sum' | 'count'): string | undefined;
  /** Instant query at `time`: first value or undefined. */
  scalar(promql: string): Promise<number | undefined>;
  vector(promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>>;
  /** Range query ending at `time` (default last hour, ~30 points). */
  trend(promql: string, rangeSeconds?: number, points?: number): Promise<TrendSeries[]>;
  /** Metric names present in the last hour that match a regex (one label-values call per run). */
  metricNames(re: RegExp): Promise<string[]>;
  httpGet(url: string): Promise<HttpResponse>;
}

export type CheckOutcome = Finding[] | 'passed' | { skipped: string };

export interface DiagnoseCheck {
  id: string;
  /** Title of the troubleshooting-guide section the check follows. */
  section: string;
  /** One-line description of what is checked. */
  title: string;
  docs: string;
  /** Upstream sources the check's claims rest on (`owner/repo@tag:path`, see ../cluster/upstream.ts). */
  upstream: readonly string[];
  /** false for checks that never talk to Prometheus (collector endpoints). Default true. */
  needsPrometheus?: boolean;
  run(ctx: CheckEnv): Promise<CheckOutcome>;
}

export type CheckState = 'passed' | 'findings' | 'skipped' | 'failed' | 'timeout';

export interface CheckRun {
  id: string;
  section: string;
  title: string;
  docs: string;
  state: CheckState;
  durationMs: number;
  /** Why it was skipped / how it failed. */
  reason?: string;
}

export interface DiagnosisReport {
  prometheus: string;
  /** Unix ms of the evaluation time used for every query. */
  evaluatedAt: number;
  startedAt: number;
  durationMs: number;
  /** Sorted: critical, warning, info. */
  findings: Finding[];
  /** Ids of checks that ran and found nothing. */
  passed: string[];
  skipped: Array<{ id: string; reason: string }>;
  checks: CheckRun[];
  counts: Record<Severity, number>;
  /** Set when Prometheus could not be used at all. */
  prometheusError?: { kind: string; message: string };
  /** Prometheus version when known. */
  prometheusVersion?: string;
}
