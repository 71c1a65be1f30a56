/**
 * Deterministic model of a NativeLink cluster's metrics as they look in Prometheus after the OpenTelemetry
 * collector's prometheus exporter (namespace `nativelink`, unit suffixes, `_total`, resource attributes as
 * labels) and a Prometheus scrape of the collector (`exported_job` / `exported_instance`).
 *
 * Every value is a pure function of (scenario, seed, origin, t): the backfill and the live exporter agree.
 */

export type ScenarioName =
  | 'healthy'
  | 'queue-backlog'
  | 'error-spike'
  | 'cache-thrash'
  | 'worker-flapping'
  | 'cache-metrics-missing'
  | 'collector-suffix-naming'
  | 'telemetry-stopped';

export type SimSpelling = 'collector-default' | 'no-suffixes';

/** Values a scenario reaches at the end of the window (the "sick" state); healthy values before onset. */
interface Params {
  execPerSec: number;
  mix: { success: number; cache_hit: number; failure: number; timeout: number };
  retriesPerExec: number;
  queued: number;
  executing: number;
  workers: number;
  disconnectsPerSec: number;
  cacheReadsPerSec: number;
  cacheHit: number;
  cacheWritesPerSec: number;
  evictsPerSec: number;
  cacheLatencyMedianMs: number;
  cacheLatencySigma: number;
  queueTimeMedianS: number;
}

export interface ScenarioSpec {
  name: ScenarioName;
  description: string;
  /** What the health model should show (check id → acceptable statuses). */
  expect: Record<string, string[]>;
  spelling: SimSpelling;
  cacheMetrics: boolean;
  /** Samples stop this many seconds before "now". */
  stopBeforeEndS: number;
  /** Workers flap between connected counts. */
  flapping: boolean;
  /** The backlog keeps growing until the end (saturated fleet), instead of levelling off once the ramp is done. */
  backlogGrows?: boolean;
  sick: Partial<Params>;
}

const HEALTHY: Params = {
  execPerSec: 12,
  mix: { success: 0.407, cache_hit: 0.585, failure: 0.008, timeout: 0 },
  retriesPerExec: 0.005,
  queued: 8,
  executing: 11,
  workers: 16,
  disconnectsPerSec: 0.002,
  cacheReadsPerSec: 200,
  cacheHit: 0.88,
  cacheWritesPerSec: 30,
  evictsPerSec: 0.5,
  cacheLatencyMedianMs: 4,
  cacheLatencySigma: 1,
  queueTimeMedianS: 0.3,
};

export const SCENARIOS: Record<ScenarioName, ScenarioSpec> = {
  healthy: {
    name: 'healthy',
    description: 'Everything within thresholds: ~2% of executed actions fail, 88% cache hits, 8 queued, 16 workers ~70% busy.',
    expect: {},
    spelling: 'collector-default', cacheMetrics: true, stopBeforeEndS: 0, flapping: false, sick: {},
  },
  'queue-backlog': {
    description: 'Demand outgrows the fleet over the last 20 minutes: ~350 actions queued, every worker busy, queue time ~45 s.',
    name: 'queue-backlog',
    expect: { 'queue-depth': ['warning', 'critical'], 'worker-utilization': ['warning'] },
    spelling: 'collector-default', cacheMetrics: true, stopBeforeEndS: 0, flapping: false,
    // More actions ready to run than workers (executing is capped at the connected workers): every worker busy.
    backlogGrows: true,
    sick: { queued: 350, executing: 18, queueTimeMedianS: 45 },
  },
  'error-spike': {
    description: 'A bad toolchain rollout: about a third of executions fail (timed-out commands among them) and many are retried.',
    name: 'error-spike',
    expect: { 'execution-error-rate': ['critical'], 'retry-rate': ['warning', 'critical'] },
    spelling: 'collector-default', cacheMetrics: true, stopBeforeEndS: 0, flapping: false,
    sick: { mix: { success: 0.5, cache_hit: 0.22, failure: 0.25, timeout: 0.03 }, retriesPerExec: 0.3 },
  },
  'cache-thrash': {
    description: 'An undersized CAS: 45 evictions/s, 15% read hit rate, p95 cache latency ~2 s; clients see ~2.4 s p95 on the cache services and actions spend most of their time fetching inputs.',
    name: 'cache-thrash',
    expect: { 'cache-hit-rate': ['critical'], 'cache-eviction-rate': ['warning'], 'cache-latency-p95': ['warning', 'critical'], 'fast-tier-hit-rate': ['critical'], 'rpc-cache-latency-p95': ['warning', 'critical'], 'execution-stage-split': ['warning'] },
    spelling: 'collector-default', cacheMetrics: true, stopBeforeEndS: 0, flapping: false,
    sick: { cacheHit: 0.15, evictsPerSec: 45, cacheLatencyMedianMs: 700, cacheLatencySigma: 0.6 },
  },
  'worker-flapping': {
    description: 'Workers keep dropping and reconnecting (~20 disconnects/min); 5 of 16 connected right now.',
    name: 'worker-flapping',
    expect: { 'worker-disconnects': ['critical'], 'workers-connected': ['warning'] },
    spelling: 'collector-default', cacheMetrics: true, stopBeforeEndS: 0, flapping: true,
    sick: { disconnectsPerSec: 0.35, executing: 4 },
  },
  'cache-metrics-missing': {
    description: 'No store is wrapped in cache_metrics: no nativelink_cache_* series; the hit rate comes from the status codes of GetActionResult calls.',
    name: 'cache-metrics-missing',
    expect: { 'cache-hit-rate': ['ok'], 'cache-eviction-rate': ['unknown'], 'cache-latency-p95': ['unknown'] },
    spelling: 'collector-default', cacheMetrics: false, stopBeforeEndS: 0, flapping: false, sick: {},
  },
  'collector-suffix-naming': {
    description: 'Healthy cluster, collector with add_metric_suffixes: false (no unit suffixes, no _total).',
    name: 'collector-suffix-naming',
    expect: {},
    spelling: 'no-suffixes', cacheMetrics: true, stopBeforeEndS: 0, flapping: false, sick: {},
  },
  'telemetry-stopped': {
    description: 'Healthy until 20 minutes ago, then nothing: the collector or NativeLink export stopped.',
    name: 'telemetry-stopped',
    expect: { 'data-freshness': ['critical'], 'component-up': ['critical'] },
    spelling: 'collector-default', cacheMetrics: true, stopBeforeEndS: 20 * 60, flapping: false, sick: {},
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

// ---------------------------------------------------------------------------------------------
// Deterministic noise
// ---------------------------------------------------------------------------------------------

function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Deterministic value in [-1, 1) for (seed, key, step). */
export function noise(seed: number, key: string, step: number): number {
  return (hash32(`${seed}|${key}|${step}`) / 2 ** 32) * 2 - 1;
}

function uuid(seed: number, n: string): string {
  const h = (k: string) => hash32(`${seed}|${n}|${k}`).toString(16).padStart(8, '0');
  const a = h('a') + h('b') + h('c') + h('d');
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${a.slice(17, 20)}-${a.slice(20, 32)}`;
}

function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

function lognormCdf(x: number, median: number, sigma: number): number {
  if (x <= 0) return 0;
  return 0.5 * (1 + erf(Math.log(x / median) / (sigma * Math.SQRT2)));
}

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

export const STEP_S = 15;
const ONSET_S = 25 * 60; // problems start ramping 25 min before the end …
const RAMP_S = 10 * 60; // … and are fully there 15 min before the end.

export interface SimOptions {
  scenario: ScenarioName;
  seed?: number;
  /** End of the history (unix ms). */
  endMs: number;
  /** History length (default 1 h). */
  historyS?: number;
  /**
   * The moment the scenario reaches its "now" state (problem fully there, flapping workers at their low, a stopped
   * export 20 min old). Default endMs. The model runs on past it for as long as anyone asks: a live demo keeps the
   * scenario's behaviour for hours. An earlier anchor shows the cluster as it looks that long into the demo.
   */
  anchorMs?: number;
  /** Label value for `instance` (the collector target). */
  collectorInstance?: string;
  /**
   * A larger cluster (for benchmarks): more NativeLink processes, per-worker execution series, all cache types and
   * operations. `'large'` = LARGE_SCALE. Default: the small 3-process cluster the scenarios were written for.
   */
  scale?: ScaleOptions | 'large';
}

/** Size of a scaled cluster. Rates and worker gauges grow with `workers / 16`; thresholds-relevant ratios stay. */
export interface ScaleOptions {
  /** NativeLink server processes (about a fifth schedulers, the rest CAS/AC servers). Default 20. */
  instances?: number;
  /** Worker processes (each reports its id on execution series and has a local filesystem cache). Default 300. */
  workers?: number;
  /** All cache types and operations (read hit/miss/expired, write success/error, delete, evict). Default true. */
  allCacheTypes?: boolean;
  /**
   * Spacing of the backfilled history in seconds (a multiple of STEP_S; default 60, a common production scrape
   * interval). At 15 s the large cluster's hour is ~5.5 M samples / 2.4 GB of OpenMetrics text.
   */
  scrapeIntervalS?: number;
}

export const LARGE_SCALE: Required<ScaleOptions> = { instances: 20, workers: 300, allCacheTypes: true, scrapeIntervalS: 60 };

interface Process { role: string; uuid: string }

export interface Sample { name: string; labels: Record<string, string>; value: number }
export interface Family { name: string; type: 'counter' | 'gauge' | 'histogram' | 'unknown' | 'info'; help: string; samples: (t: number) => Sample[] }

/** Cache types of a scaled cluster with their share of traffic; `worker_fast` lives on the workers. */
const SCALED_CACHE_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['cas', 0.3], ['ac', 0.1], ['memory', 0.1], ['filesystem', 0.1], ['fast_slow', 0.05], ['compression', 0.05], ['dedup', 0.05], ['existence_cache', 0.05], ['worker_fast', 0.2],
];
const WORKER_CACHE_TYPES = new Set(['worker_fast']);

const CACHE_LATENCY_LE_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
// Bucket boundaries as nativelink-util/src/metrics.rs (v1.6.6) declares them.
const RPC_LE_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const MATCHING_LE_S = [0.0001, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STAGE_LE_S = [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const POOL_AVAILABLE_LE = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const CAS_SERVICE = 'build.bazel.remote.execution.v2.ContentAddressableStorage';
const AC_SERVICE = 'build.bazel.remote.execution.v2.ActionCache';
const EXEC_SERVICE = 'build.bazel.remote.execution.v2.Execution';
const BYTESTREAM_SERVICE = 'google.bytestream.ByteStream';
const QUEUE_TIME_LE_S = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class ClusterModel {
  readonly spec: ScenarioSpec;
  readonly seed: number;
  readonly endMs: number;
  readonly startMs: number;
  /** See SimOptions.anchorMs. */
  readonly anchorMs: number;
  /** Counters start integrating here (a little before the window so they do not start at 0). */
  private readonly originS: number;
  readonly processes: Process[];
  private readonly collectorInstance: string;
  /** Set for a scaled cluster. */
  readonly scale?: Required<ScaleOptions>;
  private readonly byRole = new Map<string, Process[]>();
  private readonly roleOf = new Map<string, string>();
  /** Workers per scheduler (scaled cluster). */
  private readonly workersOf = new Map<string, Process[]>();
  /** Multiplier of fleet-wide rates and worker counts (1 unscaled). */
  private readonly factor: number;

  constructor(opts: SimOptions) {
    this.spec = SCENARIOS[opts.scenario];
    if (!this.spec) throw new Error(`Unknown scenario "${opts.scenario}". Known: ${SCENARIO_NAMES.join(', ')}`);
    this.seed = opts.seed ?? 42;
    this.endMs = Math.floor(opts.endMs / 1000) * 1000;
    this.startMs = this.endMs - (opts.historyS ?? 3600) * 1000;
    this.anchorMs = Math.floor((opts.anchorMs ?? opts.endMs) / 1000) * 1000;
    this.originS = this.startMs / 1000 - 3 * 3600;
    this.collectorInstance = opts.collectorInstance ?? 'otel-collector:9464';
    this.processes = ['scheduler', 'cas', 'worker'].map((role) => ({ role, uuid: uuid(this.seed, role) }));
    if (opts.scale) {
      const sc = { ...LARGE_SCALE, ...(opts.scale === 'large' ? {} : opts.scale) };
      sc.instances = Math.max(2, Math.floor(sc.instances));
      sc.workers = Math.max(1, Math.floor(sc.workers));
      sc.scrapeIntervalS = Math.max(1, Math.round(sc.scrapeIntervalS / STEP_S)) * STEP_S;
      this.scale = sc;
      const nSched = Math.max(1, Math.round(sc.instances / 5));
      this.processes = [
        ...Array.from({ length: nSched }, (_, i) => ({ role: 'scheduler', uuid: uuid(this.seed, `scheduler-${i}`) })),
        ...Array.from({ length: sc.instances - nSched }, (_, i) => ({ role: 'cas', uuid: uuid(this.seed, `cas-${i}`) })),
        ...Array.from({ length: sc.workers }, (_, i) => ({ role: 'worker', uuid: uuid(this.seed, `worker-${i}`) })),
      ];
    }
    this.factor = this.scale ? this.scale.workers / HEALTHY.workers : 1;
    for (const p of this.processes) {
      let a = this.byRole.get(p.role);
      if (!a) this.byRole.set(p.role, (a = []));
      a.push(p);
      this.roleOf.set(p.uuid, p.role);
    }
    const scheds = this.byRole.get('scheduler')!;
    scheds.forEach((s) => this.workersOf.set(s.uuid, []));
    this.byRole.get('worker')!.forEach((w, i) => this.workersOf.get(scheds[i % scheds.length].uuid)!.push(w));
  }

  /** Whether samples exist at t (seconds): always, except after a stopped scenario's stop. */
  alive(t: number): boolean {
    return this.spec.stopBeforeEndS <= 0 || t <= this.anchorMs / 1000 - this.spec.stopBeforeEndS + 1e-9;
  }

  /**
   * Share of the final backlog reached at `t`: rises linearly from the onset to the anchor, then keeps growing
   * slowly (logarithmically) for as long as the demo runs, so a saturated cluster's queue is still growing hours in.
   */
  private backlogShare(t: number): number {
    const anchor = this.anchorMs / 1000;
    if (t > anchor) return 1 + 0.25 * Math.log2(1 + (t - anchor) / 600);
    return Math.max(0.05, Math.min(1, (t - (anchor - ONSET_S)) / ONSET_S));
  }

  /** 0 → healthy, 1 → fully sick (and stays so after the anchor). */
  private sickness(t: number): number {
    const end = this.anchorMs / 1000;
    const x = (t - (end - ONSET_S)) / RAMP_S;
    return Math.max(0, Math.min(1, x));
  }

  params(t: number): Params {
    const k = this.sickness(t);
    const s = this.spec.sick;
    const lerp = (a: number, b: number | undefined) => (b === undefined ? a : a + (b - a) * k);
    const mix = s.mix
      ? {
          success: lerp(HEALTHY.mix.success, s.mix.success),
          cache_hit: lerp(HEALTHY.mix.cache_hit, s.mix.cache_hit),
          failure: lerp(HEALTHY.mix.failure, s.mix.failure),
          timeout: lerp(HEALTHY.mix.timeout, s.mix.timeout),
        }
      : HEALTHY.mix;
    const out = { ...HEALTHY, mix } as Params;
    for (const key of Object.keys(HEALTHY) as Array<keyof Params>) {
      if (key === 'mix') continue;
      (out as unknown as Record<string, number>)[key] = lerp(HEALTHY[key] as number, s[key] as number | undefined);
    }
    if (this.spec.name === 'cache-metrics-missing') out.mix = { success: 0.392, cache_hit: 0.6, failure: 0.008, timeout: 0 };
    if (this.factor !== 1) {
      // A bigger fleet does proportionally more work; queue depth, evictions and disconnects keep their fleet-wide
      // values so each scenario keeps its statuses.
      for (const k of ['execPerSec', 'executing', 'workers', 'cacheReadsPerSec', 'cacheWritesPerSec'] as const) out[k] *= this.factor;
    }
    return out;
  }

  private readonly cum = new Map<string, number[]>();
  private readonly paramCache = new Map<number, Params>();

  private paramsAtStep(i: number): Params {
    let p = this.paramCache.get(i);
    if (!p) {
      p = this.params(this.originS + i * STEP_S);
      this.paramCache.set(i, p);
    }
    return p;
  }

  /**
   * ∫ rate(t) dt from the origin to t, integrated per STEP_S with deterministic ±8% jitter keyed by `noiseKey`
   * (series sharing a noise key, like histogram buckets, stay consistent). Prefix sums are memoised per cacheKey.
   */
  private integrate(cacheKey: string, t: number, rate: (p: Params) => number, noiseKey = cacheKey): number {
    const steps = Math.floor((t - this.originS) / STEP_S);
    let arr = this.cum.get(cacheKey);
    if (!arr) {
      arr = [0];
      this.cum.set(cacheKey, arr);
    }
    for (let i = arr.length - 1; i < steps; i++) {
      arr.push(arr[i] + Math.max(0, rate(this.paramsAtStep(i)) * (1 + 0.08 * noise(this.seed, noiseKey, i))) * STEP_S);
    }
    const rest = t - (this.originS + steps * STEP_S);
    return arr[steps] + Math.max(0, rate(this.params(t)) * (1 + 0.08 * noise(this.seed, noiseKey, steps))) * rest;
  }

  private stepOf(t: number): number {
    return Math.floor(t / STEP_S);
  }

  private gauge(key: string, base: number, t: number, jitter = 0.15): number {
    return Math.max(0, Math.round(base * (1 + jitter * noise(this.seed, key, this.stepOf(t)))));
  }

  private labels(role: string | Process, extra: Record<string, string> = {}): Record<string, string> {
    const p = typeof role === 'string' ? this.byRole.get(role)![0] : role;
    return {
      ...extra,
      exported_instance: p.uuid,
      exported_job: 'nativelink/nativelink',
      instance: this.collectorInstance,
      instance_name: 'main',
      job: 'otel-collector',
      service: 'nativelink',
      service_instance_id: p.uuid,
      service_name: 'nativelink',
      service_namespace: 'nativelink',
    };
  }

  /**
   * target_info as the collector's prometheus exporter writes it (createTargetInfoMetrics): service.name, namespace
   * and instance.id become job/instance (exported_* after the scrape) and are not labels of their own; the other
   * resource attributes are (nativelink.instance_name from OTEL_RESOURCE_ATTRIBUTES included).
   */
  private targetInfoLabels(p: Process): Record<string, string> {
    const { service_name: _n, service_namespace: _ns, service_instance_id: _id, instance_name: _in, ...rest } = this.labels(p);
    return { ...rest, nativelink_instance_name: 'main', nativelink_role: p.role, telemetry_sdk_language: 'rust', telemetry_sdk_name: 'opentelemetry' };
  }

  connectedWorkers(t: number): number {
    const p = this.params(t);
    if (!this.spec.flapping || this.sickness(t) === 0) return this.gauge('workers', p.workers, t, 0.0);
    if (t > this.anchorMs / 1000 - 60) return Math.round(5 * this.factor); // deterministic "right now" state
    const n = noise(this.seed, 'flap', this.stepOf(t));
    return Math.max(2, Math.round(p.workers * (0.55 + 0.45 * n)));
  }

  /**
   * Metric families in the chosen spelling. In a scaled cluster each base sample is spread over the processes
   * (and workers) it stands for: see expand().
   */
  families(): Family[] {
    const base = this.baseFamilies();
    if (!this.scale) return base;
    return base.map((f) => ({ ...f, samples: (t: number) => f.samples(t).flatMap((s) => this.expand(f, s).map((m) => ({ name: s.name, labels: m.labels, value: this.share(f, s.name, s.value, m.w) }))) }));
  }

  /**
   * The series one base sample stands for, with their weights (summing to ~1). Unscaled: the sample itself.
   * Scaled: scheduler series go to every scheduler (execution series with an execution_worker_id to each of its
   * workers), cache series to every CAS server or, for worker-local cache types, to every worker. target_info and
   * `up` are already per process.
   */
  expand(fam: Family, s: Sample): Array<{ labels: Record<string, string>; w: number }> {
    if (!this.scale || fam.type === 'info' || s.name === 'up') return [{ labels: s.labels, w: 1 }];
    const role = this.roleOf.get(s.labels.exported_instance) ?? '';
    const relabel = (p: Process, extra: Record<string, string> = {}) => ({ ...s.labels, ...extra, exported_instance: p.uuid, service_instance_id: p.uuid });
    if (role === 'scheduler') {
      const scheds = this.byRole.get('scheduler')!;
      const ws = this.weights(`sched:${fam.name}`, scheds.length);
      if (s.labels.execution_instance === undefined) return scheds.map((p, i) => ({ labels: relabel(p), w: ws[i] }));
      const out: Array<{ labels: Record<string, string>; w: number }> = [];
      scheds.forEach((p, i) => {
        const workers = this.workersOf.get(p.uuid)!;
        const ww = this.weights(`work:${p.uuid}`, workers.length);
        workers.forEach((wk, j) => out.push({ labels: relabel(p, { execution_worker_id: wk.uuid }), w: ws[i] * ww[j] }));
      });
      return out;
    }
    if (role === 'cas') {
      const members = WORKER_CACHE_TYPES.has(s.labels.cache_type ?? '') ? this.byRole.get('worker')! : this.byRole.get('cas')!;
      const ws = this.weights(`cas:${s.labels.cache_type}:${members.length}`, members.length);
      return members.map((p, i) => ({ labels: relabel(p), w: ws[i] }));
    }
    return [{ labels: s.labels, w: 1 }];
  }

  /** A member's part of a base value: gauges rounded, `_sum` to 3 decimals, counters/buckets floored (monotonic). */
  share(fam: Family, name: string, v: number, w: number): number {
    if (w === 1) return v;
    if (fam.type === 'gauge') return Math.round(v * w);
    if (name.endsWith('_sum')) return Math.round(v * w * 1000) / 1000;
    return Math.floor(v * w);
  }

  private readonly weightCache = new Map<string, number[]>();

  /** Deterministic uneven weights summing to 1 (±40 % around the mean). */
  private weights(key: string, n: number): number[] {
    let w = this.weightCache.get(key);
    if (!w) {
      const raw = Array.from({ length: n }, (_, i) => 1 + 0.4 * noise(this.seed, key, i));
      const sum = raw.reduce((a, b) => a + b, 0);
      w = raw.map((x) => x / sum);
      this.weightCache.set(key, w);
    }
    return w;
  }

  /** Families before spreading over the processes of a scaled cluster (all samples of the first process of a role). */
  baseFamilies(): Family[] {
    const nd = this.spec.spelling === 'no-suffixes';
    const name = (base: string, unit: string | undefined, kind: 'counter' | 'gauge' | 'histogram') => {
      let n = `nativelink_${base}`;
      if (!nd && unit) n += `_${unit}`;
      if (!nd && kind === 'counter') n += '_total';
      return n;
    };
    const ctype = nd ? 'unknown' : 'counter';
    const fams: Family[] = [];
    // NativeLink v1.6.6 records only success and failure here (simple_scheduler_state_manager.rs): a command that
    // hits its timeout completes as a failure, and action-cache hits are answered by the cache-lookup scheduler
    // before this counter (cache_lookup_scheduler.rs), so they show up only as GetActionResult calls below.
    const results: Record<'success' | 'failure', (p: Params) => number> = { success: (p) => p.mix.success, failure: (p) => p.mix.failure + p.mix.timeout };

    fams.push({
      name: name('execution_completed_count', undefined, 'counter'),
      type: ctype,
      help: 'Completed executions by result',
      samples: (t) =>
        (Object.keys(results) as Array<keyof typeof results>).map((r) => ({
          name: name('execution_completed_count', undefined, 'counter'),
          labels: this.labels('scheduler', { execution_result: r, execution_stage: 'completed', execution_instance: 'main', execution_priority: '0' }),
          value: Math.floor(this.integrate(`exec:${r}`, t, (p) => p.execPerSec * results[r](p))),
        })),
    });
    fams.push({
      name: name('execution_active_count', undefined, 'gauge'),
      type: 'gauge',
      help: 'Actions in each execution stage',
      samples: (t) => {
        const p = this.params(t);
        const workers = this.connectedWorkers(t);
        const stages: Record<string, number> = {
          cache_check: this.gauge('cc', 2, t, 0.5),
          queued: this.spec.backlogGrows && this.sickness(t) > 0 ? this.gauge('queued', Math.max(HEALTHY.queued, p.queued * this.backlogShare(t)), t, 0.05) : this.gauge('queued', p.queued, t, 0.35),
          executing: Math.min(workers, this.gauge('executing', p.executing, t, 0.12)),
          completed: 0,
        };
        return Object.entries(stages).map(([stage, v]) => ({ name: name('execution_active_count', undefined, 'gauge'), labels: this.labels('scheduler', { execution_stage: stage }), value: v }));
      },
    });
    fams.push(this.histogram(name('execution_queue_time', 'seconds', 'histogram'), 'Time actions wait in the queue', 'scheduler', { execution_instance: 'main', execution_priority: '0' }, QUEUE_TIME_LE_S, 'qt', (p) => p.execPerSec * (1 - p.mix.cache_hit), (p) => [p.queueTimeMedianS, 0.9]));
    fams.push({
      name: name('execution_retry_count', undefined, 'counter'),
      type: ctype,
      help: 'Failed attempts that were re-queued',
      samples: (t) => [{ name: name('execution_retry_count', undefined, 'counter'), labels: this.labels('scheduler', { execution_instance: 'main', execution_priority: '0' }), value: Math.floor(this.integrate('retry', t, (p) => p.execPerSec * p.retriesPerExec)) }],
    });
    fams.push({
      name: name('worker_connected_count', undefined, 'gauge'),
      type: 'gauge',
      help: 'Connected workers',
      samples: (t) => [{ name: name('worker_connected_count', undefined, 'gauge'), labels: this.labels('scheduler'), value: this.connectedWorkers(t) }],
    });
    for (const [base, help, key] of [['worker_connections', 'Worker connections', 'conn'], ['worker_disconnections', 'Worker disconnections', 'disc']] as const) {
      fams.push({
        name: name(base, undefined, 'counter'),
        type: ctype,
        help,
        samples: (t) => [{ name: name(base, undefined, 'counter'), labels: this.labels('scheduler', base === 'worker_disconnections' ? { worker_disconnect_reason: 'disconnected' } : {}), value: 16 + Math.floor(this.integrate(key, t, (p) => p.disconnectsPerSec)) }],
      });
    }
    if (this.spec.cacheMetrics) {
      const ops: Array<[string, string, (p: Params) => number]> = this.scale?.allCacheTypes
        ? [
            ['read', 'hit', (p) => p.cacheReadsPerSec * p.cacheHit],
            ['read', 'miss', (p) => p.cacheReadsPerSec * (1 - p.cacheHit) * 0.97],
            ['read', 'expired', (p) => p.cacheReadsPerSec * (1 - p.cacheHit) * 0.03],
            ['write', 'success', (p) => p.cacheWritesPerSec * 0.999],
            ['write', 'error', (p) => p.cacheWritesPerSec * 0.001],
            ['delete', 'success', (p) => p.cacheWritesPerSec * 0.02],
            ['evict', 'success', (p) => p.evictsPerSec],
          ]
        : [
            ['read', 'hit', (p) => p.cacheReadsPerSec * p.cacheHit],
            ['read', 'miss', (p) => p.cacheReadsPerSec * (1 - p.cacheHit)],
            ['write', 'success', (p) => p.cacheWritesPerSec],
            ['evict', 'success', (p) => p.evictsPerSec],
          ];
      const types: ReadonlyArray<readonly [string, number]> = this.scale?.allCacheTypes ? SCALED_CACHE_TYPES : [['cas', 0.8], ['ac', 0.2]];
      fams.push({
        name: name('cache_operations', undefined, 'counter'),
        type: ctype,
        help: 'Cache operations',
        samples: (t) =>
          types.flatMap(([ct, share]) =>
            ops.map(([op, res, rate]) => ({
              name: name('cache_operations', undefined, 'counter'),
              labels: this.labels('cas', { cache_type: ct, cache_operation_name: op, cache_operation_result: res }),
              value: Math.floor(this.integrate(`cop:${ct}:${op}:${res}`, t, (p) => rate(p) * share)),
            })),
          ),
      });
      fams.push({
        name: name('cache_io', 'bytes', 'counter'),
        type: ctype,
        help: 'Cache bytes moved',
        samples: (t) =>
          types.flatMap(([ct, share]) =>
            (['read', 'write'] as const).map((op) => ({
              name: name('cache_io', 'bytes', 'counter'),
              labels: this.labels('cas', { cache_type: ct, cache_operation_name: op }),
              value: Math.floor(this.integrate(`cio:${ct}:${op}`, t, (p) => (op === 'read' ? p.cacheReadsPerSec * p.cacheHit : p.cacheWritesPerSec) * share * 65536)),
            })),
          ),
      });
      for (const [ct, share] of types) {
        for (const op of ['read', 'write']) {
          fams.push(this.histogram(name('cache_operation_duration', 'milliseconds', 'histogram'), 'Cache operation latency', 'cas', { cache_type: ct, cache_operation_name: op }, CACHE_LATENCY_LE_MS, `cd:${ct}:${op}`, (p) => (op === 'read' ? p.cacheReadsPerSec : p.cacheWritesPerSec) * share, (p) => [p.cacheLatencyMedianMs * (op === 'write' ? 1.5 : 1), p.cacheLatencySigma]));
        }
      }
    }
    // fast_slow reads by tier (nativelink-store/src/fast_slow_store.rs: fast hit, fast miss then slow hit, fast
    // stale): the fast tier serves most reads of a warm worker; a thrashing cache pushes reads to the slow tier.
    const tierOps: Array<[string, string, (p: Params) => number]> = [
      ['fast', 'hit', (p) => p.cacheReadsPerSec * p.cacheHit],
      ['fast', 'miss', (p) => p.cacheReadsPerSec * (1 - p.cacheHit)],
      ['slow', 'hit', (p) => p.cacheReadsPerSec * (1 - p.cacheHit)],
    ];
    fams.push({
      name: name('store_tier_operations', undefined, 'counter'),
      type: ctype,
      help: 'fast_slow store reads by tier and result',
      samples: (t) =>
        tierOps.map(([tier, res, rate]) => ({
          name: name('store_tier_operations', undefined, 'counter'),
          labels: this.labels('cas', { store_tier: tier, store_result: res }),
          value: Math.floor(this.integrate(`tier:${tier}:${res}`, t, rate)),
        })),
    });
    fams.push(...this.instrumentFamilies(name, ctype));
    fams.push({
      name: 'nativelink_target_info',
      type: 'info',
      help: 'Target metadata',
      samples: () =>
        this.processes.map((p) => ({
          name: 'nativelink_target_info',
          labels: this.targetInfoLabels(p),
          value: 1,
        })),
    });
    fams.push({
      name: 'up',
      type: 'gauge',
      help: 'Scrape health of the collector',
      samples: () => [{ name: 'up', labels: { instance: this.collectorInstance, job: 'otel-collector' }, value: 1 }],
    });
    return fams;
  }

  /**
   * The v1.6.6 instruments beyond execution/cache/worker counts (nativelink-util/src/metrics.rs and their call
   * sites): gRPC calls, matching passes, tier I/O, connection pools, keepalives, worker states, health checks and
   * per-stage durations. They derive from the same Params, so a sick scenario shows through them too: a thrashing
   * cache slows the cache services and input fetches.
   */
  private instrumentFamilies(name: (base: string, unit: string | undefined, kind: 'counter' | 'gauge' | 'histogram') => string, ctype: Family['type']): Family[] {
    const fams: Family[] = [];
    const counter = (base: string, unit: string | undefined, help: string, role: string, series: Array<[Record<string, string>, (p: Params) => number]>): Family => ({
      name: name(base, unit, 'counter'),
      type: ctype,
      help,
      samples: (t) => series.map(([labels, rate]) => ({ name: name(base, unit, 'counter'), labels: this.labels(role, labels), value: Math.floor(this.integrate(`${base}:${JSON.stringify(labels)}`, t, rate)) })),
    });
    // rpc.server.duration: status codes are integers (NOT_FOUND = 5 is a GetActionResult miss, UNAVAILABLE = 14).
    const rpcLatency = (p: Params): [number, number] => [0.002 + (p.cacheLatencyMedianMs / 1000) * 1.3, p.cacheLatencySigma];
    const calls: Array<[string, string, string, string, (p: Params) => number]> = [
      ['cas', CAS_SERVICE, 'FindMissingBlobs', '0', (p) => p.execPerSec * 2],
      ['cas', BYTESTREAM_SERVICE, 'Read', '0', (p) => p.cacheReadsPerSec * 0.3 * 0.9995],
      ['cas', BYTESTREAM_SERVICE, 'Read', '14', (p) => p.cacheReadsPerSec * 0.3 * 0.0005],
      ['cas', BYTESTREAM_SERVICE, 'Write', '0', (p) => p.cacheWritesPerSec],
      ['cas', AC_SERVICE, 'GetActionResult', '0', (p) => p.execPerSec * p.mix.cache_hit],
      ['cas', AC_SERVICE, 'GetActionResult', '5', (p) => p.execPerSec * (1 - p.mix.cache_hit)],
      ['scheduler', EXEC_SERVICE, 'Execute', '0', (p) => p.execPerSec * (1 - p.mix.cache_hit)],
    ];
    for (const [role, service, method, code, rate] of calls) {
      fams.push(this.histogram(name('rpc_server_duration', 'seconds', 'histogram'), 'Duration of inbound gRPC calls', role, { rpc_service: service, rpc_method: method, rpc_grpc_status_code: code }, RPC_LE_S, `rpc:${service}:${method}:${code}`, rate, rpcLatency));
    }
    fams.push(counter('scheduler_matching_passes', undefined, 'Matching passes by result', 'scheduler', [[{ scheduler_match_result: 'ok' }, () => 4], [{ scheduler_match_result: 'error' }, () => 0]]));
    fams.push(this.histogram(name('scheduler_matching_duration', 'seconds', 'histogram'), 'Duration of one matching pass', 'scheduler', {}, MATCHING_LE_S, 'match', () => 4, (p) => [0.002 * (1 + p.queued / 50), 0.8]));
    fams.push(counter('store_tier_io', 'bytes', 'Bytes moved through each tier', 'cas', [
      [{ store_tier: 'fast', store_direction: 'read' }, (p) => p.cacheReadsPerSec * p.cacheHit * 65536],
      [{ store_tier: 'slow', store_direction: 'read' }, (p) => p.cacheReadsPerSec * (1 - p.cacheHit) * 65536],
    ]));
    fams.push(counter('connection_pool_acquisitions', undefined, 'Connection acquisitions by pool and result', 'cas', [
      [{ connection_pool: 'grpc', connection_result: 'immediate' }, (p) => p.cacheReadsPerSec * 0.1 * 0.995],
      [{ connection_pool: 'grpc', connection_result: 'queued' }, (p) => p.cacheReadsPerSec * 0.1 * 0.005],
      [{ connection_pool: 'redis', connection_result: 'immediate' }, (p) => p.execPerSec * 2],
      [{ connection_pool: 'redis', connection_result: 'queued' }, () => 0],
    ]));
    fams.push(this.histogram(name('connection_pool_available', undefined, 'histogram'), 'Free slots in a connection pool', 'cas', { connection_pool: 'grpc' }, POOL_AVAILABLE_LE, 'pool:grpc', (p) => p.cacheReadsPerSec * 0.1, () => [6, 0.5]));
    fams.push(counter('connection_reconnects', undefined, 'Reconnects by pool', 'cas', [[{ connection_pool: 'redis' }, () => 0.0005]]));
    // A worker sends a keepalive every half of its endpoint timeout (5 s default): 0.4/s each.
    fams.push(counter('worker_keepalives', undefined, 'Keepalives received from workers', 'scheduler', [[{}, (p) => p.workers * 0.4]]));
    fams.push({
      name: name('worker_state_count', undefined, 'gauge'),
      type: 'gauge',
      help: 'Workers draining or paused',
      samples: () => ['draining', 'paused'].map((st) => ({ name: name('worker_state_count', undefined, 'gauge'), labels: this.labels('scheduler', { worker_state: st }), value: 0 })),
    });
    // Health namespaces are `/nativelink/stores/<store name>/<indicator>` (src/bin/nativelink.rs, health_utils.rs);
    // a kubelet probe every 10 s evaluates them.
    fams.push(counter('health_checks', undefined, 'Health check results', 'cas', [
      [{ health_namespace: '/nativelink/stores/CAS_MAIN_STORE/FilesystemStore', health_status: 'ok' }, () => 0.1],
      [{ health_namespace: '/nativelink/stores/AC_MAIN_STORE/MemoryStore', health_status: 'ok' }, () => 0.1],
    ]));
    // Stage durations: input fetch and upload go through the CAS, so they slow down with it.
    const stages: Array<[string, (p: Params) => number]> = [
      ['input_fetch', (p) => 0.2 + (p.cacheLatencyMedianMs / 1000) * 10],
      ['execution', () => 4],
      ['output_upload', (p) => 0.1 + (p.cacheLatencyMedianMs / 1000) * 2],
    ];
    for (const [stage, median] of stages) {
      fams.push(this.histogram(name('execution_stage_duration', 'seconds', 'histogram'), 'Time per execution stage', 'scheduler', { execution_instance: 'main', execution_priority: '0', execution_stage: stage }, STAGE_LE_S, `stage:${stage}`, (p) => p.execPerSec * (1 - p.mix.cache_hit), (p) => [median(p), 0.7]));
    }
    return fams;
  }

  private histogram(fname: string, help: string, role: string, extra: Record<string, string>, les: number[], key: string, rate: (p: Params) => number, dist: (p: Params) => [number, number]): Family {
    return {
      name: fname,
      type: 'histogram',
      help,
      samples: (t) => {
        // Cumulative count and per-bucket counts integrated with the distribution at each step.
        const count = this.integrate(`${key}:n`, t, rate);
        const out: Sample[] = [];
        for (const le of les) {
          const c = this.integrate(`${key}:le${le}`, t, (p) => rate(p) * lognormCdf(le, ...dist(p)), `${key}:n`);
          out.push({ name: `${fname}_bucket`, labels: this.labels(role, { ...extra, le: String(le) }), value: Math.floor(Math.min(c, count)) });
        }
        out.push({ name: `${fname}_bucket`, labels: this.labels(role, { ...extra, le: '+Inf' }), value: Math.floor(count) });
        const sum = this.integrate(`${key}:sum`, t, (p) => {
          const [m, s] = dist(p);
          return rate(p) * m * Math.exp((s * s) / 2);
        }, `${key}:n`);
        out.push({ name: `${fname}_sum`, labels: this.labels(role, extra), value: Math.round(sum * 1000) / 1000 });
        out.push({ name: `${fname}_count`, labels: this.labels(role, extra), value: Math.floor(count) });
        return out;
      },
    };
  }
}
