/**
 * Pure health model: resolves metric names, runs every check in parallel on the client's one pool, and turns
 * missing data into `unknown` with a reason (never a false green).
 */
import { ALL_CHECKS, type CheckDef } from './checks';
import { DEFAULT_THRESHOLDS, makeContext } from './checks/common';
import { resolveNames } from './names';
import { PromError, toMs } from './prometheus';
import { isNonFinite, valueText } from './samples';
import type { CheckResult, CheckStatus, HealthOptions, HealthReport, PromApi, RequestOptions, Thresholds, TrendSeries } from './types';

export { DEFAULT_THRESHOLDS, GUIDE_BASE, guide } from './checks/common';
export { ALL_CHECKS } from './checks';

/**
 * The one severity order of check statuses: ok < unknown < warning < critical. `unknown` ranks above `ok` so
 * that a check that could not be measured is never hidden behind a green summary. Shared with the VS Code tree.
 */
export const STATUS_RANK: Readonly<Record<CheckStatus, number>> = Object.freeze({ ok: 0, unknown: 1, warning: 2, critical: 3 });

/** Checks without which "healthy" cannot be claimed: no fresh NativeLink data means nothing else was really seen. */
const CORE_CHECKS: ReadonlySet<string> = new Set(['component-up', 'data-freshness']);

/**
 * A cluster's (or an area's) status. Problems always win. Otherwise it is `ok` only when something was
 * measured ok and no core check is unknown; a check that cannot be measured in this setup (e.g.
 * out-of-order samples without a self-scraping Prometheus, evictions NativeLink does not record)
 * stays visible as unknown on its own row instead of turning every cluster grey forever. A check
 * whose query failed still makes the whole unknown.
 */
export function rollupStatus(checks: readonly (Pick<CheckResult, 'id' | 'status'> & { errorKind?: string })[]): CheckStatus {
  const worst = worstStatus(checks.map((c) => c.status));
  if (worst === 'critical' || worst === 'warning') return worst;
  if (!checks.some((c) => c.status === 'ok')) return 'unknown';
  // A query that failed is not "not measurable here": something is wrong, so no green.
  if (checks.some((c) => c.status === 'unknown' && (CORE_CHECKS.has(c.id) || c.errorKind))) return 'unknown';
  return 'ok';
}

/**
 * Status of a group of checks shown as one node (an area of the tree): the worst of its children, so a group is
 * never "ok" while one of its own checks is unknown. (The cluster rollup above is lenient about optional checks
 * because it also shows how many were not measured.)
 */
export function areaStatus(checks: readonly Pick<CheckResult, 'status'>[]): CheckStatus {
  return worstStatus(checks.map((c) => c.status));
}

/** Worst status by STATUS_RANK; `unknown` for an empty list (nothing was measured). */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (!statuses.length) return 'unknown';
  let worst: CheckStatus = 'ok';
  for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}

export function mergeThresholds(over?: Partial<Thresholds>): Thresholds {
  const t = { ...DEFAULT_THRESHOLDS };
  for (const [k, v] of Object.entries(over ?? {})) {
    if (v === undefined || v === null) continue;
    if (k === 'rateWindow' ? typeof v === 'string' && /^\d+[smh]$/.test(v) : typeof v === 'number' && Number.isFinite(v)) {
      (t as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return t;
}

async function runCheck(def: CheckDef, ctx: ReturnType<typeof makeContext>, measuredAt: number): Promise<CheckResult> {
  const base = { id: def.id, area: def.area, title: def.title, docs: def.docs, measuredAt };
  try {
    const o = await def.run(ctx);
    const r: CheckResult = { ...base, status: o.status, display: o.display, promql: o.promql, docs: o.docs ?? def.docs };
    if (o.value !== undefined && Number.isFinite(o.value)) r.value = o.value;
    if (o.threshold) r.threshold = o.threshold;
    if (o.reason) r.reason = o.reason;
    return r;
  } catch (e) {
    // NaN/±Inf: measured, but meaningless. Unknown with the query that gave it; not a failed query.
    if (isNonFinite(e)) return { ...base, status: 'unknown', display: `unknown (${valueText(e.value)})`, promql: e.query, reason: e.message };
    const msg = e instanceof PromError ? e.message : `Unexpected error: ${(e as Error)?.message ?? String(e)}`;
    return { ...base, status: 'unknown', display: e instanceof PromError && e.kind === 'cancelled' ? 'cancelled' : 'query failed', promql: '', reason: msg, errorKind: e instanceof PromError ? e.kind : 'internal' };
  }
}

/** Evaluate every check against one Prometheus. Never throws for Prometheus errors: they become `report.error`. */
export async function evaluateHealth(client: PromApi, opts: HealthOptions & { thresholds?: Partial<Thresholds> } = {}): Promise<HealthReport> {
  const started = Date.now();
  const nowMs = toMs(opts.now);
  const thresholds = mergeThresholds(opts.thresholds);
  const defs = opts.only ? ALL_CHECKS.filter((c) => opts.only!.includes(c.id)) : ALL_CHECKS;
  let names = opts.names ?? null;
  const finish = (checks: CheckResult[], error?: HealthReport['error']): HealthReport => {
    const counts: Record<CheckStatus, number> = { ok: 0, warning: 0, critical: 0, unknown: 0 };
    for (const c of checks) counts[c.status]++;
    // Label values and server messages in the results may echo a secret: redact here, not in each caller.
    const shown = client.redactor ? { checks: client.redactor.redactDeep(checks), error: client.redactor.redactDeep(error) } : { checks, error };
    return { status: rollupStatus(checks), checks: shown.checks, measuredAt: nowMs, durationMs: Date.now() - started, names, counts, ...(shown.error ? { error: shown.error } : {}) };
  };
  if (!names) {
    try {
      names = await resolveNames(client, { now: nowMs, signal: opts.signal });
    } catch (e) {
      const err = e instanceof PromError ? { kind: e.kind, message: e.message } : { kind: 'server' as const, message: `Unexpected error: ${(e as Error)?.message ?? String(e)}` };
      const checks = defs.map<CheckResult>((d) => ({ id: d.id, area: d.area, title: d.title, status: 'unknown', display: 'Prometheus not available', promql: '', reason: err.message, errorKind: err.kind, docs: d.docs, measuredAt: nowMs }));
      return finish(checks, err);
    }
  }
  const ctx = makeContext(client, names, thresholds, nowMs / 1000, opts.signal, opts.surface);
  const checks = await Promise.all(defs.map((d) => runCheck(d, ctx, nowMs)));
  return finish(checks);
}

/**
 * A trend for charts: `promql` over the last `rangeSeconds` (default 1 h) with about `points` samples (default
 * 120). Values are [unix ms, value].
 */
export async function queryRangeSeries(client: PromApi, promql: string, opts: RequestOptions & { rangeSeconds?: number; end?: Date | number; points?: number } = {}): Promise<TrendSeries[]> {
  const endMs = toMs(opts.end);
  const range = opts.rangeSeconds ?? 3600;
  const points = Math.max(2, Math.min(opts.points ?? 120, 11_000));
  const step = Math.max(1, Math.ceil(range / points));
  const r = await client.queryRange(promql, new Date(endMs - range * 1000), new Date(endMs), step, { signal: opts.signal, timeoutMs: opts.timeoutMs });
  const labels = (l: Record<string, string>) => client.redactor?.redactDeep(l) ?? l;
  if (r.resultType === 'matrix') return r.result.map((s) => ({ labels: labels(s.metric), points: s.values.map(([t, v]) => [Math.round(t * 1000), v] as [number, number]) }));
  if (r.resultType === 'vector') return r.result.map((s) => ({ labels: labels(s.metric), points: [[Math.round(s.value[0] * 1000), s.value[1]]] }));
  return [];
}
