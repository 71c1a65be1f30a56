/**
 * Short texts for the health tree and chart units. At the default side-bar width a tree row shows the check title
 * and about twenty more characters, so the row carries the number and its unit; the tooltip keeps the full
 * sentence, the threshold and the PromQL. No `vscode` import: unit-tested in plain Node.
 */
import { duration, num, pct } from '../../../server/src/cluster/checks/common';
import type { CheckId, CheckResult, TrendSeries } from '../../../server/src/cluster/types';

/** Per check: the row text from its value, or undefined to fall back to the display. */
const SHORT: Partial<Record<CheckId, (v: number, c: CheckResult) => string | undefined>> = {
  'execution-error-rate': (v) => `${pct(v)} failed`,
  'retry-rate': (v) => `${(v * 100).toFixed(1)}%`,
  'queue-depth': (v) => `${num(v, 0)} queued`,
  'worker-utilization': (v) => `${pct(Math.min(v, 1), 0)} busy`,
  'workers-connected': (v) => num(v, 0),
  'worker-disconnects': (v) => `${num(v, 1)}/min`,
  'cache-hit-rate': (v) => `${pct(v)} hits`,
  'cache-eviction-rate': (v) => `${num(v, 2)}/s`,
  'cache-latency-p95': (v) => duration(v),
  'component-up': (v, c) => (c.status === 'ok' ? `${num(v, 0)} up` : undefined),
  'data-freshness': (v) => `${duration(Math.max(0, v))} old`,
  'out-of-order-samples': (v) => (v > 0 ? `${num(v, 2)}/s dropped` : 'none'),
  'rpc-error-rate': (v) => `${pct(v, 2)} failed`,
  'rpc-cache-latency-p95': (v) => duration(v),
  'scheduler-matching': (v) => `${pct(v)} failed`,
  'fast-tier-hit-rate': (v) => `${pct(v)} fast`,
  'worker-keepalives': (v) => `every ${duration(v)}`,
  'workers-draining': (v) => `${num(v, 0)} away`,
  'component-health': (v, c) => (c.status === 'ok' ? 'all healthy' : undefined),
  'execution-stage-split': (v) => pct(v, 0),
  'backend-connections': (v, c) => (c.display.startsWith(pct(v)) ? `${pct(v)} waited` : `${num(v, 1)} reconn/min`),
};

/** Row labels for checks whose title does not leave room for the value (the tooltip has the full title). */
const SHORT_TITLE: Partial<Record<CheckId, string>> = {
  'component-up': 'NativeLink processes',
  'data-freshness': 'Newest sample',
  'cache-latency-p95': 'Cache latency p95',
  'rpc-error-rate': 'gRPC errors',
  'rpc-cache-latency-p95': 'Client cache p95',
  'execution-stage-split': 'Stage time in input/output',
  'fast-tier-hit-rate': 'Fast tier reads',
  'backend-connections': 'Backend pools',
  'workers-draining': 'Draining/paused',
  'component-health': 'Component health',
};

export function shortTitle(c: CheckResult): string {
  return SHORT_TITLE[c.id] ?? c.title;
}

/** A row description: the value with its unit, or the display without its "(last 5m)" and after-thoughts. */
export function shortDescription(c: CheckResult): string {
  if (c.status !== 'unknown' && c.value !== undefined && Number.isFinite(c.value)) {
    const s = SHORT[c.id]?.(c.value, c);
    if (s) return s;
  }
  return c.display.replace(/\s*\([^)]*\)/g, '').split(';')[0].trim();
}

/** Unit of a chart of a check's PromQL: `scale` turns the query's value into the unit. */
export interface ChartUnit {
  label: string;
  scale: number;
}

const UNITS: Partial<Record<CheckId, ChartUnit>> = {
  'execution-error-rate': { label: '% failed', scale: 100 },
  'retry-rate': { label: 'retries per 100 runs', scale: 100 },
  'queue-depth': { label: 'actions queued', scale: 1 },
  'worker-utilization': { label: '% busy', scale: 100 },
  'workers-connected': { label: 'workers', scale: 1 },
  'worker-disconnects': { label: 'disconnects/min', scale: 1 },
  'cache-hit-rate': { label: '% hits', scale: 100 },
  'cache-eviction-rate': { label: 'evictions/s', scale: 1 },
  'cache-latency-p95': { label: 'seconds', scale: 1 },
  'component-up': { label: 'processes', scale: 1 },
  'data-freshness': { label: 'seconds old', scale: 1 },
  'out-of-order-samples': { label: 'samples/s', scale: 1 },
};

export function checkUnit(id: string): ChartUnit | undefined {
  return UNITS[id as CheckId];
}

/**
 * Unit of a diagnosis evidence chart, read from the evidence's value text ("357 actions queued, rising",
 * "12.5% of reads", "0.35 disconnects/s"). A percentage over a series of ratios scales by 100.
 */
export function evidenceUnit(value: string, series: readonly TrendSeries[]): ChartUnit | undefined {
  const m = /^\s*[-+]?[\d.,]+\s*(%|[A-Za-z][\w/]*(?: [a-z][\w/]*)?)/.exec(value);
  if (!m) return undefined;
  const word = m[1].replace(/,$/, '');
  if (word === '%') {
    const vals = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
    return { label: '%', scale: vals.length && vals.every((v) => Math.abs(v) <= 1.5) ? 100 : 1 };
  }
  return { label: word, scale: 1 };
}

/** The series in the unit's scale. */
export function scaled(series: readonly TrendSeries[], unit: ChartUnit | undefined): TrendSeries[] {
  if (!unit || unit.scale === 1) return [...series];
  return series.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, v * unit.scale] as [number, number]) }));
}

/** One line for a cluster: its health as the tree and the cluster picker show it. */
export function clusterSummary(s: { report?: { status: string; counts: Record<'ok' | 'warning' | 'critical' | 'unknown', number> }; error?: string; refreshing: boolean }): string {
  const r = s.report;
  if (s.refreshing && !r) return 'checking…';
  if (s.error) return s.error;
  if (!r) return 'not checked yet';
  const { critical, warning, unknown } = r.counts;
  const parts = [critical ? `${critical} critical` : '', warning ? `${warning} warning${warning > 1 ? 's' : ''}` : '', unknown ? `${unknown} not measured` : ''].filter(Boolean);
  if (critical || warning) return parts.join(', ');
  return r.status === 'ok' ? ['healthy', ...parts].join(', ') : `${unknown} unknown`;
}
