/** Shared plumbing for the health checks: context, query helpers, formatting. */
import { labelName, selector } from '../names';
import { instantScalar, instantVector, valueText } from '../samples';
import type { CheckArea, CheckId, CheckStatus, LogicalMetricId, PromApi, ResolvedMetric, ResolvedNames, Surface, Thresholds } from '../types';

export const GUIDE_BASE = 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting';

export function guide(anchor: string): string {
  return `${GUIDE_BASE}#${anchor}`;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  errorRate: 0.05,
  errorRateCritical: 0.2,
  cacheHitRate: 0.5,
  cacheHitRateCritical: 0.2,
  queueDepth: 100,
  queueDepthCritical: 500,
  workerUtilization: 0.3,
  workerSaturation: 0.9,
  workerDisconnectsPerMinute: 1,
  workerDisconnectsPerMinuteCritical: 10,
  retryRate: 0.05,
  retryRateCritical: 0.2,
  evictionRate: 10,
  cacheLatencyP95Seconds: 1,
  cacheLatencyP95SecondsCritical: 5,
  freshnessMinutes: 5,
  rateWindow: '5m',
};

/** What a check returns; the runner adds id, area, title, docs and measuredAt. */
export interface CheckOutcome {
  status: CheckStatus;
  value?: number;
  display: string;
  threshold?: string;
  promql: string;
  reason?: string;
  /** Override the default docs anchor (e.g. the cache-metrics-missing workaround). */
  docs?: string;
}

export interface CheckContext {
  client: PromApi;
  names: ResolvedNames;
  t: Thresholds;
  /** Evaluation time, unix seconds. */
  time: number;
  signal?: AbortSignal;
  /** Front end that shows the text (hints name CLI flags or VS Code settings); undefined: both. */
  surface?: Surface;
  metric(id: LogicalMetricId): ResolvedMetric | undefined;
  /** Selector for a logical metric's series (value/bucket/…) with matchers on underscore label names. */
  sel(id: LogicalMetricId, matchers?: Record<string, string | [string, string]>, part?: 'value' | 'bucket' | 'sum' | 'count'): string | undefined;
  /** Label name in the spelling in use. */
  label(underscored: string): string;
  /**
   * Run an instant query; returns the first sample's value or undefined when the answer is empty. NaN/±Inf throw
   * NonFiniteSample, which the runner reports as unknown: a check never sees a non-finite number.
   */
  scalar(promql: string): Promise<number | undefined>;
  /** Run an instant query; returns all samples (NaN/±Inf throw, as for `scalar`). */
  vector(promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>>;
}

export interface CheckDef {
  id: CheckId;
  area: CheckArea;
  title: string;
  docs: string;
  /** Upstream sources the check's claims rest on (`owner/repo@tag:path`, see ../upstream.ts). */
  upstream: readonly string[];
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export function makeContext(client: PromApi, names: ResolvedNames, t: Thresholds, time: number, signal?: AbortSignal, surface?: Surface): CheckContext {
  const ctx: CheckContext = {
    client,
    names,
    t,
    time,
    signal,
    surface,
    metric: (id) => names.metrics[id],
    sel: (id, matchers = {}, part = 'value') => {
      const m = names.metrics[id];
      const n = m?.[part];
      if (!m || !n) return undefined;
      const mapped: Record<string, string | [string, string]> = {};
      for (const [k, v] of Object.entries(matchers)) mapped[labelName(names, k)] = v;
      return selector(n, mapped, m.utf8);
    },
    label: (l) => labelName(names, l),
    scalar: (promql) => instantScalar(client, promql, time, signal),
    vector: (promql) => instantVector(client, promql, time, signal),
  };
  return ctx;
}

// Formatters print a non-finite value as Prometheus writes it ("NaN", "+Inf"), never "Infinity%".
export function pct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return valueText(x);
  return `${(x * 100).toFixed(digits)}%`;
}

export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return valueText(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  return Number(x.toFixed(digits)).toString();
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return valueText(seconds);
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${Number(seconds.toFixed(2))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Outcome for a metric that is not in Prometheus at all. */
export function missing(promql: string, what: string, why: string): CheckOutcome {
  return { status: 'unknown', display: 'no data', promql, reason: `${what} is not in Prometheus. ${why}` };
}

/** `above` thresholds: warning > warn, critical > crit. A non-finite value passes no test: unknown. */
export function above(v: number, warn: number, crit?: number): CheckStatus {
  if (!Number.isFinite(v)) return 'unknown';
  if (crit !== undefined && v > crit) return 'critical';
  return v > warn ? 'warning' : 'ok';
}

/** `below` thresholds: warning < warn, critical < crit. A non-finite value passes no test: unknown. */
export function below(v: number, warn: number, crit?: number): CheckStatus {
  if (!Number.isFinite(v)) return 'unknown';
  if (crit !== undefined && v < crit) return 'critical';
  return v < warn ? 'warning' : 'ok';
}
