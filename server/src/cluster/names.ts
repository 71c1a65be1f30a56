/**
 * Run-time metric name resolution. The OpenTelemetry collector (and other ingestion paths) spell NativeLink's
 * instruments differently: unit suffixes (`_seconds`, `_milliseconds`, `_bytes`, `_ratio`) or none, `_total` or
 * none, a `nativelink_` namespace or none, dots kept (Prometheus 3 UTF-8). We never hard-code one spelling:
 * we read `/api/v1/label/__name__/values` and match each logical metric against what exists.
 */
import { INSTRUMENTS } from '../metrics/instruments';
import { toMs } from './prometheus';
import type { Labels, LogicalMetricId, MetricKind, PromApi, RequestOptions, ResolvedMetric, ResolvedNames, Spelling } from './types';

export interface LogicalMetricDef {
  id: LogicalMetricId;
  /** OTel instrument name (dots). */
  otel: string;
  kind: MetricKind;
  /** OTel unit; decides the possible unit suffix and the scale to base units. */
  unit?: 's' | 'ms' | 'By' | '1';
  description: string;
}

/** Kind and unit come from the instrument table (metrics/instruments.ts), so the two engines cannot disagree. */
function fromTable(id: LogicalMetricId, otel: string, description: string): LogicalMetricDef {
  const inst = INSTRUMENTS.find((i) => i.otel === otel);
  if (!inst) throw new Error(`no instrument ${otel}`);
  const kind: MetricKind = inst.kind === 'updowncounter' ? 'gauge' : inst.kind;
  const unit = inst.unit === 's' || inst.unit === 'ms' || inst.unit === 'By' ? inst.unit : undefined;
  return { id, otel, kind, unit, description };
}

export const LOGICAL_METRICS: readonly LogicalMetricDef[] = [
  fromTable('executionCompleted', 'execution.completed.count', 'completed executions by execution_result'),
  fromTable('executionActive', 'execution.active.count', 'actions currently in each execution_stage'),
  fromTable('executionQueueTime', 'execution.queue.time', 'time actions wait in the queue'),
  fromTable('executionTotalDuration', 'execution.total.duration', 'end-to-end execution time'),
  fromTable('executionRetries', 'execution.retry.count', 'failed attempts that were re-queued'),
  fromTable('stageTransitions', 'execution.stage.transitions', 'execution stage transitions'),
  fromTable('cacheOperations', 'cache.operations', 'cache operations by name and result (read/write/evict, hit/miss/…)'),
  fromTable('cacheOperationDuration', 'cache.operation.duration', 'cache operation latency'),
  fromTable('cacheIo', 'cache.io', 'bytes read from / written to caches'),
  fromTable('workerConnected', 'worker.connected.count', 'workers connected to the scheduler'),
  fromTable('workerConnections', 'worker.connections', 'worker connections'),
  fromTable('workerDisconnections', 'worker.disconnections', 'worker disconnections by reason'),
  fromTable('healthChecks', 'health.checks', 'health check runs by status'),
  fromTable('storeTierOperations', 'store.tier.operations', 'fast_slow reads by tier (fast/slow) and result (hit/miss/stale)'),
  fromTable('rpcServerDuration', 'rpc.server.duration', 'inbound gRPC calls by service, method and status code'),
  // The rest of the v1.6.6 instruments; call sites are cited by the checks using them.
  fromTable('storeTierIo', 'store.tier.io', 'bytes moved through each fast_slow tier (store_tier, store_direction)'),
  fromTable('schedulerMatchingPasses', 'scheduler.matching.passes', 'scheduler matching passes by scheduler_match_result (ok/error)'),
  fromTable('schedulerMatchingDuration', 'scheduler.matching.duration', 'duration of one matching pass'),
  fromTable('connectionPoolAvailable', 'connection.pool.available', 'free slots of a connection pool when one is taken (connection_pool)'),
  fromTable('connectionPoolAcquisitions', 'connection.pool.acquisitions', 'connection acquisitions by connection_pool and connection_result (immediate/queued)'),
  fromTable('connectionReconnects', 'connection.reconnects', 'reconnects by connection_pool'),
  fromTable('workerKeepalives', 'worker.keepalives', 'keepalives received from workers'),
  fromTable('workerStateCount', 'worker.state.count', 'workers draining or paused (worker_state)'),
  fromTable('executionStageDuration', 'execution.stage.duration', 'time per execution phase (execution_stage = input_fetch/execution/output_upload)'),
  { id: 'targetInfo', otel: 'target.info', kind: 'info', description: 'one series per NativeLink process (resource attributes)' },
];

const UNIT_SUFFIX: Record<string, string> = { s: 'seconds', ms: 'milliseconds', By: 'bytes', '1': 'ratio' };
const SUFFIX_SCALE: Record<string, number> = { seconds: 1, milliseconds: 0.001, bytes: 1, ratio: 1 };
const UNIT_SCALE: Record<string, number> = { s: 1, ms: 0.001, By: 1, '1': 1 };

export interface ResolveOptions extends RequestOptions {
  /** Namespaces to try, best first (default `['nativelink_', '']`). */
  prefixes?: string[];
  /** Only names with samples in this window are considered (default 1 h before `now`). */
  windowSeconds?: number;
  now?: Date | number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Candidate {
  name: string;
  prefix: string;
  dotted: boolean;
  unitSuffix?: string;
  typeSuffix?: string;
}

/**
 * Pure matching step: given all metric names, resolve every logical metric. Exported for unit tests and for
 * callers that already have the name list.
 */
export function resolveFromNames(allNames: string[], opts: { prefixes?: string[] } = {}): Pick<ResolvedNames, 'metrics' | 'nativelinkNames' | 'totalNames' | 'utf8Labels'> {
  const prefixes = opts.prefixes ?? ['nativelink_', ''];
  const metrics: ResolvedNames['metrics'] = {};
  const nl = new Set<string>();
  let anyDotted = false;

  for (const def of LOGICAL_METRICS) {
    const base = def.otel.replace(/\./g, '_');
    const re = new RegExp(`^${escapeRe(base)}(?:_(seconds|milliseconds|bytes|ratio))?(?:_(total|bucket|sum|count|info))?$`);
    // Group candidate names into families keyed by prefix + dotted + unit suffix.
    const families = new Map<string, { prefix: string; dotted: boolean; unitSuffix?: string; members: Candidate[]; rank: number }>();
    for (const name of allNames) {
      const dotted = name.includes('.');
      const norm = name.replace(/\./g, '_');
      prefixes.forEach((prefix, pi) => {
        if (prefix && !norm.startsWith(prefix)) return;
        // An un-namespaced `target_info` is every OpenTelemetry service's (the collector's own telemetry, any SDK
        // app behind a prometheus exporter): counting it as NativeLink's would report processes that are down as
        // up. Only the exporter's namespace (`nativelink_target_info`) makes it NativeLink's.
        if (!prefix && def.kind === 'info') return;
        const rest = norm.slice(prefix.length);
        const m = re.exec(rest);
        if (!m) return;
        // `target_info` without namespace must not be taken for a `nativelink_`-prefixed family and vice versa.
        const unitSuffix = m[1];
        const typeSuffix = m[2];
        if (typeSuffix === 'info' && def.kind !== 'info') return;
        if (unitSuffix && def.unit && UNIT_SUFFIX[def.unit] !== unitSuffix && !(def.unit === 'ms' && unitSuffix === 'seconds')) return;
        if (unitSuffix && !def.unit) return;
        const key = `${prefix}|${dotted}|${unitSuffix ?? ''}`;
        let fam = families.get(key);
        if (!fam) {
          fam = { prefix, dotted, unitSuffix, members: [], rank: pi * 10 + (dotted ? 5 : 0) };
          families.set(key, fam);
        }
        fam.members.push({ name, prefix, dotted, unitSuffix, typeSuffix });
      });
    }
    const usable = [...families.values()].filter((f) => {
      const suffixes = new Set(f.members.map((m) => m.typeSuffix));
      if (def.kind === 'histogram') return suffixes.has('bucket');
      if (def.kind === 'counter') return suffixes.has('total') || suffixes.has(undefined);
      if (def.kind === 'info') return suffixes.has(undefined) || suffixes.has('info');
      return suffixes.has(undefined);
    });
    if (!usable.length) continue;
    // Rank: preferred prefix first, then underscore names, then a family whose unit suffix matches the instrument.
    usable.sort((a, b) => a.rank - b.rank || score(b) - score(a));
    const best = usable[0];
    const find = (t: string | undefined) => best.members.find((m) => m.typeSuffix === t)?.name;
    const sample = best.members[0].name;
    const baseName = sample.replace(/(_(total|bucket|sum|count|info))$/, '');
    let value: string | undefined;
    if (def.kind === 'counter') value = find('total') ?? find(undefined);
    else if (def.kind === 'info') value = find(undefined) ?? find('info');
    else if (def.kind === 'gauge') value = find(undefined);
    const spellings: Spelling[] = [];
    if (best.dotted) spellings.push('utf8');
    if (!best.prefix) spellings.push('no-prefix');
    const hasTotal = best.members.some((m) => m.typeSuffix === 'total');
    if (best.unitSuffix) spellings.push('collector-default');
    else if (def.unit && def.unit !== '1') spellings.push(def.kind === 'histogram' ? 'shipped' : hasTotal ? 'shipped' : 'no-suffixes');
    else if (def.kind === 'counter') spellings.push(hasTotal ? 'collector-default' : 'no-suffixes');
    const unitScale = best.unitSuffix ? SUFFIX_SCALE[best.unitSuffix] : def.unit ? UNIT_SCALE[def.unit] : 1;
    const resolved: ResolvedMetric = {
      id: def.id,
      kind: def.kind,
      base: def.kind === 'histogram' ? (find('bucket') ?? baseName).replace(/_bucket$/, '') : (value ?? baseName),
      value,
      bucket: def.kind === 'histogram' ? find('bucket') : undefined,
      sum: def.kind === 'histogram' ? find('sum') : undefined,
      count: def.kind === 'histogram' ? find('count') : undefined,
      unitScale,
      utf8: best.dotted || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(value ?? find('bucket') ?? sample),
      spellings,
      alternatives: usable.slice(1).map((f) => f.members[0].name.replace(/(_(total|bucket|sum|count))$/, '')),
    };
    if (resolved.utf8) anyDotted = true;
    for (const fam of usable) for (const m of fam.members) nl.add(m.name);
    metrics[def.id] = resolved;
  }
  for (const n of allNames) if (/^nativelink[_.]/.test(n)) nl.add(n);
  return { metrics, nativelinkNames: [...nl].sort(), totalNames: allNames.length, utf8Labels: anyDotted };

  function score(f: { unitSuffix?: string }): number {
    return f.unitSuffix ? 1 : 0;
  }
}

/**
 * Pick the label that distinguishes NativeLink processes from a sample of target_info/metric label sets.
 * Defensive about shapes: entries that are not label maps and label values that are not strings are ignored.
 */
export function pickInstanceLabel(labelSets: readonly unknown[]): { instanceLabel: string | null; collectorJob: string | null } {
  const sets: Labels[] = (Array.isArray(labelSets) ? labelSets : [])
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s))
    .map((s) => Object.fromEntries(Object.entries(s).filter((e): e is [string, string] => typeof e[1] === 'string')));
  const has = (l: string) => sets.some((s) => s[l] !== undefined && s[l] !== '');
  let instanceLabel: string | null = null;
  for (const l of ['service_instance_id', 'exported_instance', 'service.instance.id']) {
    if (has(l)) {
      instanceLabel = l;
      break;
    }
  }
  // Direct OTLP ingestion (no collector scrape): `instance` *is* the service.instance.id there, recognisable by a
  // NativeLink job (`<namespace>/nativelink` or `nativelink`). A scraped collector's `instance` is never used.
  if (!instanceLabel && sets.some((s) => /(^|\/)nativelink$/.test(s.job ?? '') && s.instance)) instanceLabel = 'instance';
  const jobs = sets.map((s) => s.job).filter((j): j is string => !!j && !/(^|\/)nativelink$/.test(j));
  return { instanceLabel, collectorJob: jobs.length ? mostCommon(jobs) : null };
}

function mostCommon(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/** Resolve all logical metrics against the server. Two requests: label values, then one series lookup. */
export async function resolveNames(client: PromApi, opts: ResolveOptions = {}): Promise<ResolvedNames> {
  const nowMs = toMs(opts.now);
  const window = opts.windowSeconds ?? 3600;
  const names = await client.labelValues('__name__', { start: new Date(nowMs - window * 1000), end: new Date(nowMs), signal: opts.signal, timeoutMs: opts.timeoutMs });
  const partial = resolveFromNames(names, { prefixes: opts.prefixes });
  let instanceLabel: string | null = null;
  let collectorJob: string | null = null;
  const probe = partial.metrics.targetInfo ?? partial.metrics.executionCompleted ?? partial.metrics.executionActive ?? partial.metrics.workerConnected;
  const probeName = probe?.value ?? probe?.bucket;
  if (probeName) {
    const sets = await client.series([selector(probeName, {}, probe!.utf8)], { start: new Date(nowMs - window * 1000), end: new Date(nowMs), signal: opts.signal, timeoutMs: opts.timeoutMs });
    ({ instanceLabel, collectorJob } = pickInstanceLabel(sets.slice(0, 500)));
  }
  return { ...partial, instanceLabel, collectorJob, resolvedAt: nowMs };
}

/** True when a name/label needs Prometheus 3 quoting. */
export function needsQuoting(name: string): boolean {
  return !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Label key as PromQL (quoted when it holds dots). */
export function labelKey(key: string): string {
  return needsQuoting(key) ? quote(key) : key;
}

/**
 * Build a selector. Matchers: `{ label: 'value' }` for `=`, `{ label: ['=~', 'a|b'] }` for other operators.
 * UTF-8 names use the Prometheus 3 form `{"name", matchers…}`.
 */
export function selector(name: string, matchers: Record<string, string | [string, string]> = {}, utf8 = needsQuoting(name)): string {
  const parts = Object.entries(matchers).map(([k, v]) => {
    const [op, val] = Array.isArray(v) ? v : ['=', v];
    return `${labelKey(k)}${op}${quote(val)}`;
  });
  if (utf8 || needsQuoting(name)) return `{${[quote(name), ...parts].join(', ')}}`;
  return parts.length ? `${name}{${parts.join(', ')}}` : name;
}

/**
 * Map an attribute name as the default translator spells it (`execution_result`) to the spelling in use: with
 * UTF-8 ingestion the dots are kept (`execution.result`).
 */
export function labelName(names: Pick<ResolvedNames, 'utf8Labels'>, underscored: string): string {
  if (!names.utf8Labels) return underscored;
  const dotted: Record<string, string> = {
    execution_result: 'execution.result',
    execution_stage: 'execution.stage',
    cache_operation_name: 'cache.operation.name',
    cache_operation_result: 'cache.operation.result',
    cache_type: 'cache.type',
    worker_disconnect_reason: 'worker.disconnect.reason',
    execution_instance: 'execution.instance',
    store_tier: 'store.tier',
    store_result: 'store.result',
    store_direction: 'store.direction',
    rpc_service: 'rpc.service',
    rpc_method: 'rpc.method',
    rpc_grpc_status_code: 'rpc.grpc.status_code',
    scheduler_match_result: 'scheduler.match.result',
    connection_pool: 'connection.pool',
    connection_result: 'connection.result',
    health_namespace: 'health.namespace',
    health_status: 'health.status',
    worker_state: 'worker.state',
  };
  return dotted[underscored] ?? underscored;
}

/** Series name for a resolved metric part. */
export function seriesName(m: ResolvedMetric | undefined, part: 'value' | 'bucket' | 'sum' | 'count' = 'value'): string | undefined {
  if (!m) return undefined;
  return m[part];
}
