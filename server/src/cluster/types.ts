/**
 * Public types of the cluster engine (no `vscode` import: used by the CLI, the extension and the diagnose engine).
 */

// ---------------------------------------------------------------------------------------------
// Prometheus connection + API shapes
// ---------------------------------------------------------------------------------------------

export type PromAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'header'; name: string; value: string };

export interface PromTlsOptions {
  /** PEM text of extra CA certificate(s). */
  ca?: string | Buffer;
  /** PEM client certificate + key for mTLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Accept any server certificate (self-signed lab setups). Dangerous. */
  skipTlsVerify?: boolean;
  servername?: string;
}

export interface PromConnectionOptions {
  /** Base URL as typed, may contain a path prefix (`/prometheus`, `/api/prom`, `/select/0/prometheus`). */
  url: string;
  auth?: PromAuth;
  /** Extra headers, e.g. `X-Scope-OrgID`. Values are treated as secrets in messages. */
  headers?: Record<string, string>;
  tls?: PromTlsOptions;
  /**
   * 'env' (default): HTTP(S)_PROXY / NO_PROXY from the environment (lower case wins);
   * 'none': always direct; or an explicit proxy.
   */
  proxy?: 'env' | 'none' | { url: string; noProxy?: string; token?: string };
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Response bodies larger than this are refused (default 10 MiB). */
  maxResponseBytes?: number;
  /** Max parallel sockets to the server (default 16). */
  connections?: number;
  userAgent?: string;
  /** Optional logger; receives already-redacted lines. */
  log?: (line: string) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the connection's timeout for this request. */
  timeoutMs?: number;
}

export type PromErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'not-prometheus'
  | 'tls'
  | 'server'
  | 'bad-query'
  | 'cancelled';

export type Labels = Record<string, string>;
/** [unix seconds, value] — value parsed from Prometheus' string form ("NaN", "+Inf", "-Inf" included). */
export type SamplePair = [number, number];

export interface VectorSample { metric: Labels; value: SamplePair }
export interface MatrixSeries { metric: Labels; values: SamplePair[] }

export type QueryResult =
  | { resultType: 'vector'; result: VectorSample[]; warnings?: string[] }
  | { resultType: 'matrix'; result: MatrixSeries[]; warnings?: string[] }
  | { resultType: 'scalar'; result: SamplePair; warnings?: string[] }
  | { resultType: 'string'; result: [number, string]; warnings?: string[] };

export interface TargetInfo {
  labels: Labels;
  discoveredLabels?: Labels;
  scrapePool: string;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape: string;
  lastScrapeDuration: number;
  scrapeInterval?: string;
}

export interface RuleInfo {
  name: string;
  query: string;
  type: 'recording' | 'alerting';
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  state?: string;
  labels?: Labels;
  annotations?: Labels;
  alerts?: Array<{ labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string }>;
  duration?: number;
}

export interface RuleGroupInfo { name: string; file: string; interval: number; rules: RuleInfo[] }

export interface BuildInfo { version: string; revision?: string; branch?: string; goVersion?: string; [k: string]: unknown }

export interface ReadyState {
  /** true = 200 from /-/ready; false = 503 (loading/stopping); null = endpoint not supported (404, Mimir/Grafana Cloud). */
  ready: boolean | null;
  status: number;
  text: string;
}

/**
 * The subset of the client the health model and name resolver use. A fake object implementing this
 * interface is enough for unit tests.
 */
export interface PromApi {
  query(promql: string, time?: number | Date, opts?: RequestOptions): Promise<QueryResult>;
  queryRange(promql: string, start: number | Date, end: number | Date, stepSeconds: number, opts?: RequestOptions): Promise<QueryResult>;
  labelValues(label: string, opts?: RequestOptions & { match?: string[]; start?: number | Date; end?: number | Date }): Promise<string[]>;
  series(match: string[], opts?: RequestOptions & { start?: number | Date; end?: number | Date }): Promise<Labels[]>;
  targets?(opts?: RequestOptions): Promise<{ activeTargets: TargetInfo[]; droppedTargets: unknown[] }>;
  /**
   * The connection's secrets: reports built from its answers (label values may echo a token) pass through it
   * before anyone sees them.
   */
  readonly redactor?: { redact(text: string): string; redactDeep<T>(value: T): T };
}

// ---------------------------------------------------------------------------------------------
// Metric names
// ---------------------------------------------------------------------------------------------

export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'info';

/** Logical NativeLink metrics the engine knows; resolved to real names at run time. */
export type LogicalMetricId =
  | 'executionCompleted'
  | 'executionActive'
  | 'executionQueueTime'
  | 'executionTotalDuration'
  | 'executionRetries'
  | 'stageTransitions'
  | 'cacheOperations'
  | 'cacheOperationDuration'
  | 'cacheIo'
  | 'workerConnected'
  | 'workerConnections'
  | 'workerDisconnections'
  | 'healthChecks'
  | 'storeTierOperations'
  | 'storeTierIo'
  | 'rpcServerDuration'
  | 'schedulerMatchingPasses'
  | 'schedulerMatchingDuration'
  | 'connectionPoolAvailable'
  | 'connectionPoolAcquisitions'
  | 'connectionReconnects'
  | 'workerKeepalives'
  | 'workerStateCount'
  | 'executionStageDuration'
  | 'targetInfo';

export type Spelling =
  /** collector prometheus exporter, default settings: `nativelink_` + unit suffix + `_total` */
  | 'collector-default'
  /** the spelling in NativeLink's docs/rules: `_total` but no unit suffix */
  | 'shipped'
  /** `add_metric_suffixes: false`: no unit suffix and no `_total` */
  | 'no-suffixes'
  /** no `nativelink_` namespace (OTLP receiver path) */
  | 'no-prefix'
  /** dots kept (Prometheus 3 UTF-8 names) */
  | 'utf8';

export interface ResolvedMetric {
  id: LogicalMetricId;
  kind: MetricKind;
  /** Family base, e.g. `nativelink_execution_queue_time_seconds`. */
  base: string;
  /** Series names actually present. */
  value?: string; // counters (with or without `_total`), gauges, info
  bucket?: string;
  sum?: string;
  count?: string;
  /** Multiply observed values by this to get base units (seconds / bytes). e.g. 0.001 for ms. */
  unitScale: number;
  /** Name contains characters that need Prometheus 3 quoted selectors. */
  utf8: boolean;
  spellings: Spelling[];
  /** Other families that also matched (e.g. two spellings in retention after a collector change). */
  alternatives: string[];
}

export interface ResolvedNames {
  metrics: Partial<Record<LogicalMetricId, ResolvedMetric>>;
  /** Label that tells NativeLink processes apart (`service_instance_id` or `exported_instance`). */
  instanceLabel: string | null;
  /** `job` label value of the scrape job that carries NativeLink series (the collector). */
  collectorJob: string | null;
  /** Whether label keys keep dots (UTF-8 ingestion). */
  utf8Labels: boolean;
  /** Number of metric names seen in total / matching NativeLink. */
  totalNames: number;
  nativelinkNames: string[];
  resolvedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Health model
// ---------------------------------------------------------------------------------------------

export type CheckStatus = 'ok' | 'warning' | 'critical' | 'unknown';
export type CheckArea = 'executions' | 'queue' | 'workers' | 'cache' | 'telemetry';

export type CheckId =
  | 'component-up'
  | 'data-freshness'
  | 'execution-error-rate'
  | 'retry-rate'
  | 'queue-depth'
  | 'worker-utilization'
  | 'workers-connected'
  | 'worker-disconnects'
  | 'cache-hit-rate'
  | 'cache-eviction-rate'
  | 'cache-latency-p95'
  | 'out-of-order-samples'
  | 'rpc-error-rate'
  | 'rpc-cache-latency-p95'
  | 'scheduler-matching'
  | 'fast-tier-hit-rate'
  | 'backend-connections'
  | 'worker-keepalives'
  | 'workers-draining'
  | 'component-health'
  | 'execution-stage-split';

export interface CheckResult {
  id: CheckId;
  area: CheckArea;
  title: string;
  status: CheckStatus;
  value?: number;
  /** Human text for the value, e.g. "3.1% of executions failed (last 5m)". */
  display: string;
  /** Human text of the threshold, e.g. "warning above 5%". */
  threshold?: string;
  /** The PromQL behind `value` (also usable with queryRangeSeries for a trend). */
  promql: string;
  /** Why the status is unknown (or notes such as "computed with the execution-result workaround"). */
  reason?: string;
  /** Set when the check could not run: the PromError kind, or 'internal' for an unexpected error. */
  errorKind?: PromErrorKind | 'internal';
  /** Troubleshooting guide anchor URL. */
  docs: string;
  /** unix ms of the evaluation time. */
  measuredAt: number;
}

export interface Thresholds {
  /** failed share of executions; warning above, critical above errorRateCritical */
  errorRate: number;
  errorRateCritical: number;
  /** cache hit ratio; warning below, critical below cacheHitRateCritical */
  cacheHitRate: number;
  cacheHitRateCritical: number;
  /** queued actions; warning above, critical above queueDepthCritical */
  queueDepth: number;
  queueDepthCritical: number;
  /** executing actions / connected workers; warning below */
  workerUtilization: number;
  /** executing actions / connected workers at or above which a growing queue means the fleet is saturated (warning) */
  workerSaturation: number;
  /** worker disconnects per minute; warning above, critical above */
  workerDisconnectsPerMinute: number;
  workerDisconnectsPerMinuteCritical: number;
  /** retried attempts per completed execution; warning above, critical above */
  retryRate: number;
  retryRateCritical: number;
  /** evictions per second; warning above */
  evictionRate: number;
  /** seconds; warning above, critical above */
  cacheLatencyP95Seconds: number;
  cacheLatencyP95SecondsCritical: number;
  /** no NativeLink samples for this many minutes → "metrics not appearing" */
  freshnessMinutes: number;
  /** rate() window */
  rateWindow: string;
}

export interface HealthOptions {
  thresholds?: Partial<Thresholds>;
  /** Evaluation time (default: now). */
  now?: Date | number;
  signal?: AbortSignal;
  /** Reuse names resolved earlier (skips the label-values round trip). */
  names?: ResolvedNames;
  /** Only run these checks. */
  only?: CheckId[];
  /** Where the text is shown; decides whether hints name CLI flags or VS Code settings (default: both). */
  surface?: Surface;
}

/** The front end that shows the engine's text. */
export type Surface = 'cli' | 'vscode';

export interface HealthReport {
  /**
   * Worst of the check statuses in the order of `STATUS_RANK` (ok < unknown < warning < critical): `ok` only when
   * every check is ok, `unknown` when some check could not be measured and none is warning/critical (or when
   * there are no checks).
   */
  status: CheckStatus;
  checks: CheckResult[];
  measuredAt: number;
  durationMs: number;
  names: ResolvedNames | null;
  /** Set when Prometheus itself could not be queried (every check is then unknown). */
  error?: { kind: PromErrorKind; message: string };
  counts: Record<CheckStatus, number>;
}

export interface TrendSeries { labels: Labels; points: Array<[number, number]> }
