/**
 * The one table of NativeLink v1.6.6's OpenTelemetry instruments, and how the collector's prometheus exporter spells
 * them at default settings. The PromQL checker (rule files, dashboards) and the cluster engine (`cluster/names.ts`)
 * both read it, so "which metrics exist" has one answer.
 *
 * Sources (all at tag v1.6.6): the declarations and attribute constants in
 * `TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs`; the call sites named in `where`/`upstream`.
 * Translation: `open-telemetry/opentelemetry-collector-contrib@v0.159.0:pkg/translator/prometheus/README.md`
 * (units appended as `_seconds`/`_milliseconds`/`_bytes`, braces units dropped, `_total` after the unit on
 * monotonic sums, up-down counters become gauges, histograms `_bucket`/`_sum`/`_count`), with the shipped
 * collector's `namespace: nativelink` (`deployment-examples/metrics/otel-collector-config.yaml`).
 */

export type InstrumentKind = 'counter' | 'updowncounter' | 'histogram';

export interface Instrument {
  /** OTel instrument name, dotted. */
  otel: string;
  kind: InstrumentKind;
  /** OTel unit as declared (`s`, `ms`, `By`, or a `{annotation}` the translator drops). */
  unit: string;
  description: string;
  /** Attribute keys the instrument is recorded with (dotted, as NativeLink sets them). */
  attributes: string[];
  /**
   * Closed sets of the attribute values NativeLink really records, where the call sites fix them. Attributes not
   * listed here take free values (instance names, worker ids, digests).
   */
  values?: Record<string, string[]>;
  /** False for instruments declared in metrics.rs that no code path records. */
  emitted: boolean;
  /** Which processes/config produce it. */
  where: string;
  /** Why a value is missing from `values`, shown beside a label-value finding. */
  valueNotes?: Record<string, string>;
  upstream: string[];
}

const METRICS_RS = 'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs';
const CACHE_STORE = 'TraceMachina/nativelink@v1.6.6:nativelink-store/src/cache_metrics_store.rs';
const STATE_MANAGER = 'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/simple_scheduler_state_manager.rs';
const AWAITED_DB = 'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/memory_awaited_action_db.rs';
const CACHE_LOOKUP = 'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/cache_lookup_scheduler.rs';
const WORKER_SCHED = 'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/api_worker_scheduler.rs';

const EXEC_ATTRS = ['execution.instance', 'execution.worker_id', 'execution.priority'];
/** `CacheMetricAttrs` in metrics.rs builds read/write/delete/evict sets, but cache_metrics_store.rs uses only read_* and write_*. */
const CACHE_ATTRS = ['cache.type', 'cache.operation.name', 'cache.operation.result'];
const CACHE_VALUES = { 'cache.operation.name': ['read', 'write'], 'cache.operation.result': ['hit', 'miss', 'error', 'success'] };
const CACHE_NOTES = {
  'cache.operation.name': '"delete" and "evict" attribute sets are declared in metrics.rs but cache_metrics_store.rs records only reads and writes',
  'cache.operation.result': '"expired" is declared in metrics.rs but no call site records it',
};
const STAGES = ['unknown', 'cache_check', 'queued', 'executing', 'completed'];

export const INSTRUMENTS: readonly Instrument[] = [
  { otel: 'cache.operation.duration', kind: 'histogram', unit: 'ms', description: 'Latency of cache operations.', attributes: CACHE_ATTRS, values: CACHE_VALUES, valueNotes: CACHE_NOTES, emitted: true, where: 'stores wrapped in cache_metrics', upstream: [METRICS_RS, CACHE_STORE] },
  { otel: 'cache.operations', kind: 'counter', unit: '', description: 'Cache operations by name and result.', attributes: CACHE_ATTRS, values: CACHE_VALUES, valueNotes: CACHE_NOTES, emitted: true, where: 'stores wrapped in cache_metrics', upstream: [METRICS_RS, CACHE_STORE] },
  { otel: 'cache.io', kind: 'counter', unit: 'By', description: 'Bytes read from and written to caches.', attributes: CACHE_ATTRS, values: { 'cache.operation.name': ['read', 'write'], 'cache.operation.result': ['hit', 'success'] }, valueNotes: CACHE_NOTES, emitted: true, where: 'stores wrapped in cache_metrics', upstream: [METRICS_RS, CACHE_STORE] },
  { otel: 'cache.size', kind: 'updowncounter', unit: 'By', description: 'Declared cache size in bytes.', attributes: ['cache.type'], emitted: false, where: 'nowhere: declared, no call site records it', upstream: [METRICS_RS] },
  { otel: 'cache.entries', kind: 'updowncounter', unit: '{entry}', description: 'Declared number of cache entries.', attributes: ['cache.type'], emitted: false, where: 'nowhere: declared, no call site records it', upstream: [METRICS_RS] },
  { otel: 'cache.item.size', kind: 'histogram', unit: 'By', description: 'Size of items written to caches.', attributes: CACHE_ATTRS, values: { 'cache.operation.name': ['write'], 'cache.operation.result': ['success'] }, emitted: true, where: 'stores wrapped in cache_metrics (writes)', upstream: [METRICS_RS, CACHE_STORE] },
  { otel: 'execution.stage.duration', kind: 'histogram', unit: 's', description: 'Time spent in each phase of an execution on the worker.', attributes: [...EXEC_ATTRS, 'execution.stage'], values: { 'execution.stage': ['input_fetch', 'execution', 'output_upload'] }, emitted: true, where: 'scheduler, on completion', upstream: [METRICS_RS, STATE_MANAGER] },
  { otel: 'execution.total.duration', kind: 'histogram', unit: 's', description: 'Queued-to-completed time of an execution.', attributes: EXEC_ATTRS, emitted: true, where: 'scheduler, on completion', upstream: [METRICS_RS, STATE_MANAGER] },
  { otel: 'execution.queue.time', kind: 'histogram', unit: 's', description: 'Time an action waits in the queue before a worker starts it.', attributes: EXEC_ATTRS, emitted: true, where: 'scheduler, on completion', upstream: [METRICS_RS, STATE_MANAGER] },
  { otel: 'execution.active.count', kind: 'updowncounter', unit: '{action}', description: 'Actions currently in each execution stage.', attributes: ['execution.stage'], values: { 'execution.stage': STAGES }, emitted: true, where: 'scheduler (memory awaited-action db)', upstream: [METRICS_RS, AWAITED_DB] },
  {
    otel: 'execution.completed.count',
    kind: 'counter',
    unit: '{action}',
    description: 'Completed executions by result.',
    // Two call sites: the state manager (execution attributes + stage) and the awaited-action db (result + action digest).
    attributes: ['execution.result', ...EXEC_ATTRS, 'execution.stage', 'execution.action_digest'],
    values: { 'execution.result': ['success', 'failure'], 'execution.stage': ['completed'] },
    valueNotes: {
      'execution.result':
        '"cancelled" and "timeout" are declared in metrics.rs but never recorded; "cache_hit" is recorded only for the CompletedFromCache stage, which cache_lookup_scheduler.rs sends straight to the client and NativeLink\'s workers never report (they send Completed)',
    },
    emitted: true,
    where: 'scheduler',
    upstream: [METRICS_RS, STATE_MANAGER, AWAITED_DB, CACHE_LOOKUP],
  },
  { otel: 'execution.stage.transitions', kind: 'counter', unit: '{transition}', description: 'Execution stage transitions.', attributes: [...EXEC_ATTRS, 'execution.stage'], values: { 'execution.stage': STAGES }, emitted: true, where: 'scheduler', upstream: [METRICS_RS, STATE_MANAGER] },
  { otel: 'execution.cpu.time', kind: 'histogram', unit: 's', description: 'CPU time of executions as reported by workers.', attributes: ['execution.instance'], emitted: true, where: 'scheduler (worker-reported resource usage)', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'execution.peak.memory', kind: 'histogram', unit: 'By', description: 'Peak memory of executions as reported by workers.', attributes: ['execution.instance'], emitted: true, where: 'scheduler (worker-reported resource usage)', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'execution.output.size', kind: 'histogram', unit: 'By', description: 'Bytes an execution produced (outputs, stdout, stderr).', attributes: EXEC_ATTRS, emitted: true, where: 'scheduler, on completion', upstream: [METRICS_RS, STATE_MANAGER] },
  { otel: 'execution.retry.count', kind: 'counter', unit: '{retry}', description: 'Failed attempts that were re-queued.', attributes: EXEC_ATTRS, emitted: true, where: 'scheduler', upstream: [METRICS_RS, STATE_MANAGER] },
  { otel: 'worker.connected.count', kind: 'updowncounter', unit: '{worker}', description: 'Workers connected to the scheduler.', attributes: [], emitted: true, where: 'scheduler', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'worker.connections', kind: 'counter', unit: '{worker}', description: 'Worker connections.', attributes: [], emitted: true, where: 'scheduler', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'worker.disconnections', kind: 'counter', unit: '{worker}', description: 'Worker disconnections by reason.', attributes: ['worker.disconnect.reason'], values: { 'worker.disconnect.reason': ['disconnected', 'evicted'] }, emitted: true, where: 'scheduler', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'worker.keepalives', kind: 'counter', unit: '{keepalive}', description: 'Worker keepalives received.', attributes: [], emitted: true, where: 'scheduler', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'worker.state.count', kind: 'updowncounter', unit: '{worker}', description: 'Workers draining or paused.', attributes: ['worker.state'], values: { 'worker.state': ['draining', 'paused'] }, emitted: true, where: 'scheduler', upstream: [METRICS_RS, WORKER_SCHED] },
  { otel: 'rpc.server.duration', kind: 'histogram', unit: 's', description: 'Duration of served gRPC calls.', attributes: ['rpc.service', 'rpc.method', 'rpc.grpc.status_code'], emitted: true, where: 'every gRPC server', upstream: [METRICS_RS] },
  { otel: 'scheduler.matching.duration', kind: 'histogram', unit: 's', description: 'Duration of a scheduler matching pass.', attributes: [], emitted: true, where: 'scheduler', upstream: [METRICS_RS] },
  { otel: 'scheduler.matching.passes', kind: 'counter', unit: '{pass}', description: 'Scheduler matching passes by result.', attributes: ['scheduler.match.result'], values: { 'scheduler.match.result': ['ok', 'error'] }, emitted: true, where: 'scheduler', upstream: [METRICS_RS] },
  { otel: 'store.tier.operations', kind: 'counter', unit: '{operation}', description: 'Reads per tier of fast_slow stores.', attributes: ['store.tier', 'store.result'], values: { 'store.tier': ['fast', 'slow'], 'store.result': ['hit', 'miss', 'stale'] }, emitted: true, where: 'fast_slow stores', upstream: [METRICS_RS, 'TraceMachina/nativelink@v1.6.6:nativelink-store/src/fast_slow_store.rs'] },
  { otel: 'store.tier.io', kind: 'counter', unit: 'By', description: 'Bytes read per tier of fast_slow stores.', attributes: ['store.tier', 'store.direction'], values: { 'store.tier': ['fast', 'slow'], 'store.direction': ['read'] }, emitted: true, where: 'fast_slow stores', upstream: [METRICS_RS, 'TraceMachina/nativelink@v1.6.6:nativelink-store/src/fast_slow_store.rs'] },
  { otel: 'health.checks', kind: 'counter', unit: '{check}', description: 'Health check runs by status.', attributes: ['health.namespace', 'health.status'], emitted: true, where: 'every process', upstream: [METRICS_RS] },
  { otel: 'connection.pool.available', kind: 'histogram', unit: '{connection}', description: 'Free connections seen at acquisition.', attributes: ['connection.pool'], values: { 'connection.pool': ['grpc', 'redis'] }, emitted: true, where: 'gRPC connection manager, Redis store', upstream: [METRICS_RS] },
  { otel: 'connection.pool.acquisitions', kind: 'counter', unit: '{acquisition}', description: 'Connection acquisitions, queued or immediate.', attributes: ['connection.pool', 'connection.result'], values: { 'connection.pool': ['grpc', 'redis'], 'connection.result': ['queued', 'immediate'] }, emitted: true, where: 'gRPC connection manager, Redis store', upstream: [METRICS_RS] },
  { otel: 'connection.reconnects', kind: 'counter', unit: '{reconnect}', description: 'Backend reconnects (Redis failovers).', attributes: ['connection.pool'], values: { 'connection.pool': ['redis'] }, emitted: true, where: 'Redis store', upstream: [METRICS_RS, 'TraceMachina/nativelink@v1.6.6:nativelink-store/src/redis_store.rs'] },
];

export const NAMESPACE = 'nativelink_';
const UNIT_SUFFIX: Record<string, string> = { s: '_seconds', ms: '_milliseconds', By: '_bytes' };

/** Generated reference page; per-instrument headings are slugged without dots (github-slugger). */
export function instrumentDocs(inst: Instrument): string {
  return `https://docs.nativelink.com/reference/metrics#${inst.otel.replace(/\./g, '')}`;
}

/** Prometheus label for an attribute key: unsupported characters become `_`. */
export function labelFor(attribute: string): string {
  return attribute.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Family name as the default translator spells it, without `_total`/`_bucket`/…. */
export function familyName(inst: Instrument, namespace = NAMESPACE): string {
  return namespace + inst.otel.replace(/\./g, '_') + (UNIT_SUFFIX[inst.unit] ?? '');
}

export type SeriesPart = 'value' | 'bucket' | 'sum' | 'count';

/** Every series name the default translation produces for the instrument. */
export function seriesNames(inst: Instrument, namespace = NAMESPACE): { name: string; part: SeriesPart }[] {
  const fam = familyName(inst, namespace);
  if (inst.kind === 'counter') return [{ name: `${fam}_total`, part: 'value' }];
  if (inst.kind === 'updowncounter') return [{ name: fam, part: 'value' }];
  return (['bucket', 'sum', 'count'] as const).map((p) => ({ name: `${fam}_${p}`, part: p }));
}

/** How a Prometheus series behaves in PromQL: `_bucket`/`_sum`/`_count` of a histogram are counters too. */
export function promKind(inst: Instrument, part: SeriesPart): 'counter' | 'gauge' {
  if (inst.kind === 'updowncounter') return 'gauge';
  return inst.kind === 'counter' || part !== 'value' ? 'counter' : 'gauge';
}

/** Every Prometheus label any NativeLink instrument carries as an attribute (not resource or scrape labels). */
export const ATTRIBUTE_LABELS: ReadonlySet<string> = new Set(INSTRUMENTS.flatMap((i) => i.attributes.map(labelFor)));

export interface SeriesMatch {
  inst: Instrument;
  part: SeriesPart;
  /** The name the default translation produces, when `name` is a known misspelling of it. */
  correct?: string;
  /** Why the spelling is wrong, in our words. */
  reason?: string;
}

let index: Map<string, SeriesMatch> | undefined;

/**
 * Known names: the default spelling of each series, and the spellings other settings or the shipped docs use
 * (no unit suffix, no `_total`) mapped to the default one. Built once.
 */
function buildIndex(): Map<string, SeriesMatch> {
  const m = new Map<string, SeriesMatch>();
  for (const inst of INSTRUMENTS) {
    const base = NAMESPACE + inst.otel.replace(/\./g, '_');
    const unit = UNIT_SUFFIX[inst.unit] ?? '';
    for (const s of seriesNames(inst)) m.set(s.name, { inst, part: s.part });
    const wrong = (name: string, part: SeriesPart, correct: string, reason: string) => {
      if (!m.has(name)) m.set(name, { inst, part, correct, reason });
    };
    if (inst.kind === 'counter') {
      const right = `${base}${unit}_total`;
      if (unit) wrong(`${base}_total`, 'value', right, `the collector's prometheus exporter appends the unit suffix "${unit}" before "_total" (OTel unit "${inst.unit}")`);
      wrong(`${base}${unit}`, 'value', right, 'the collector\'s prometheus exporter appends "_total" to monotonic counters');
      if (unit) wrong(base, 'value', right, `the collector's prometheus exporter appends "${unit}_total" (OTel unit "${inst.unit}", monotonic counter)`);
    } else if (inst.kind === 'histogram' && unit) {
      for (const p of ['bucket', 'sum', 'count'] as const) {
        wrong(`${base}_${p}`, p, `${base}${unit}_${p}`, `the collector's prometheus exporter appends the unit suffix "${unit}" (OTel unit "${inst.unit}") before "_${p}"`);
      }
    } else if (inst.kind === 'updowncounter' && unit) {
      wrong(base, 'value', `${base}${unit}`, `the collector's prometheus exporter appends the unit suffix "${unit}" (OTel unit "${inst.unit}")`);
    }
    if (inst.kind === 'updowncounter') wrong(`${base}${unit}_total`, 'value', `${base}${unit}`, 'an up-down counter becomes a gauge, which gets no "_total"');
  }
  // The same names without the namespace: the shipped collector sets `namespace: nativelink`.
  for (const [name, match] of [...m]) {
    const bare = name.slice(NAMESPACE.length);
    if (!m.has(bare)) m.set(bare, { ...match, correct: match.correct ?? name, reason: match.reason ? `${match.reason}, and the shipped collector's "namespace: nativelink" adds the "nativelink_" prefix` : 'the shipped collector\'s prometheus exporter sets "namespace: nativelink", which adds the "nativelink_" prefix' });
  }
  return m;
}

/** What a series name in PromQL is, as far as NativeLink's instruments go. */
export function lookupSeries(name: string): SeriesMatch | undefined {
  index ??= buildIndex();
  return index.get(name);
}

/** `nativelink_target_info`: the info series the exporter adds per resource (`createTargetInfoMetrics`). */
export const TARGET_INFO = 'nativelink_target_info';
