/**
 * Fill live targets with numbers: every query bounded by the request timeout and a small concurrency limit, so a
 * config with hundreds of entries never floods Prometheus. A number is shown only when Prometheus returned a
 * finite value; otherwise the entry says why (never a made-up zero).
 */
import { duration, num, pct } from '../cluster/checks/common';
import type { PromApi, QueryResult, ResolvedNames } from '../cluster/types';
import { collectorQueries, nativelinkQueries, type CollectorNames, type LiveQuery } from './queries';
import type { LiveEntryValues, LiveFormat, LiveMetricValue, LiveTarget } from './types';

export interface LiveEnv {
  api: PromApi;
  /** NativeLink names resolved at run time (cluster engine); needed for NativeLink targets. */
  names?: ResolvedNames;
  /** `otelcol_*` names in Prometheus; needed for collector targets. */
  collector?: CollectorNames;
  /** Rate window, e.g. "5m" (the health view's). */
  window: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Parallel queries (default 6). */
  concurrency?: number;
  /** Query time (default now). */
  time?: number;
}

export function formatValue(v: number, f: LiveFormat): string {
  switch (f) {
    case 'percent':
      return pct(v);
    case 'perSecond':
      return `${num(v)}/s`;
    case 'seconds':
      return duration(v);
    case 'bytes':
      return `${num(v / (1024 * 1024))} MiB`;
    default:
      return num(v, 1);
  }
}

/** The single value of an instant query, or why there is none. */
export function singleValue(r: QueryResult): { value?: number; missing?: string } {
  let v: number | undefined;
  if (r.resultType === 'scalar') v = r.result[1];
  else if (r.resultType === 'vector') {
    if (!r.result.length) return { missing: 'no series' };
    v = r.result[0].value[1];
  } else return { missing: `unexpected ${r.resultType} result` };
  if (v === undefined || Number.isNaN(v)) return { missing: 'NaN from Prometheus' };
  if (!Number.isFinite(v)) return { missing: `${v > 0 ? '+Inf' : '-Inf'} from Prometheus` };
  return { value: v };
}

async function pool<T, R>(xs: T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, xs.length) }, worker));
  return out;
}

function summaryOf(metrics: LiveMetricValue[]): string {
  return metrics.map((m) => `${m.label} ${m.display}`).join(' · ');
}

export async function evaluateTargets(targets: readonly LiveTarget[], env: LiveEnv): Promise<LiveEntryValues[]> {
  const plans = targets.map((t) => {
    const isCollector = t.kind === 'receiver' || t.kind === 'processor' || t.kind === 'exporter';
    if (isCollector) return collectorQueries(t, env.collector ?? { names: new Set() }, env.window);
    if (!env.names) return { queries: [] as LiveQuery[], reason: 'NativeLink metric names are not resolved yet' };
    return nativelinkQueries(t, env.names, env.window);
  });
  const jobs: { ti: number; q: LiveQuery }[] = [];
  plans.forEach((p, ti) => p.queries.forEach((q) => jobs.push({ ti, q })));
  const results = await pool(jobs, env.concurrency ?? 6, async ({ q }): Promise<LiveMetricValue> => {
    try {
      const r = await env.api.query(q.promql, env.time, { signal: env.signal, timeoutMs: env.timeoutMs });
      const { value, missing } = singleValue(r);
      if (value === undefined) {
        // A ratio over nothing is NaN (0/0) or empty: that means "nothing happened", not a broken metric.
        const why = q.emptyMeans && (missing === 'no series' || missing === 'NaN from Prometheus') ? q.emptyMeans : missing!;
        return { key: q.key, label: q.label, promql: q.promql, format: q.format, display: why, missing: why };
      }
      return { key: q.key, label: q.label, promql: q.promql, format: q.format, value, display: formatValue(value, q.format) };
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return { key: q.key, label: q.label, promql: q.promql, format: q.format, display: 'query failed', missing: why };
    }
  });
  const byTarget = new Map<number, LiveMetricValue[]>();
  jobs.forEach((j, i) => byTarget.set(j.ti, [...(byTarget.get(j.ti) ?? []), results[i]]));
  return targets.map((target, i) => {
    const plan = plans[i];
    if (plan.reason) return { target, metrics: [], reason: plan.reason, summary: plan.reason };
    const metrics = byTarget.get(i) ?? [];
    // Nothing at all for this entry: one reason instead of a row of "no series".
    if (metrics.length && metrics.every((m) => m.value === undefined)) {
      const failed = metrics.find((m) => m.display === 'query failed');
      const sel = Object.entries(target.match).map(([k, v]) => `${k}="${v}"`).join(', ');
      const odd = metrics.find((m) => /Inf|NaN/.test(m.missing ?? ''));
      const reason = failed ? `query failed: ${failed.missing}` : odd ? `Prometheus returned ${odd.missing!.replace(' from Prometheus', '')} for ${odd.label}: no number to show` : `no series${sel ? ` with ${sel}` : ''} over the last ${env.window}: not deployed, not used, or not exported`;
      return { target, metrics, reason, summary: reason };
    }
    return { target, metrics, summary: summaryOf(metrics) };
  });
}

/** `otelcol_*` names present in Prometheus over the last hour. */
export async function collectorNamesFrom(api: PromApi, opts: { signal?: AbortSignal; timeoutMs?: number; now?: number } = {}): Promise<CollectorNames> {
  const now = opts.now ?? Date.now();
  const all = await api.labelValues('__name__', { start: new Date(now - 3600_000), end: new Date(now), signal: opts.signal, timeoutMs: opts.timeoutMs });
  return { names: new Set(all.filter((n) => n.startsWith('otelcol_'))) };
}
