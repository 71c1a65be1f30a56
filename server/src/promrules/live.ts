/**
 * The live check of a rule's `expr` against a Prometheus: does it return series now, and if not, which of its
 * metrics this cluster does not have at all (then an alert on it can never fire here). Shared by the editor's
 * CodeLens and `nativelink-check config --prometheus`.
 */
import type { PromApi, RequestOptions } from '../cluster/types';
import { lookupSeries } from '../metrics/instruments';
import { parsePromQL } from '../promql/parse';

export interface LiveResult {
  /** 'series': returns data now; 'empty': returns nothing now; 'never': a metric it needs does not exist here; 'error'. */
  status: 'series' | 'empty' | 'never' | 'error';
  series: number;
  /** First sample's value (instant vector or scalar). */
  value?: number;
  /** Metric names the expression reads that have no series on this cluster. */
  missing: string[];
  /** Names this cluster really has for the same NativeLink instruments (e.g. the suffixed spelling). */
  available: string[];
  message: string;
}

/** Names with samples in the last hour: one request per file, then every rule is judged against it. */
export async function clusterNames(client: PromApi, opts: RequestOptions = {}): Promise<Set<string>> {
  const now = Date.now();
  return new Set(await client.labelValues('__name__', { ...opts, start: new Date(now - 3600_000), end: new Date(now) }));
}

const MAX_LISTED = 6;

export async function liveCheck(client: PromApi, expr: string, names: ReadonlySet<string>, opts: RequestOptions = {}): Promise<LiveResult> {
  const parsed = parsePromQL(expr);
  if (parsed.errors.length) return { status: 'error', series: 0, missing: [], available: [], message: 'not evaluated: the expression does not parse' };
  const used = [...new Set(parsed.selectors.map((s) => s.name).filter((n): n is string => !!n))];
  const missing = used.filter((n) => !names.has(n) && !n.includes(':'));
  const available = new Set<string>();
  for (const n of missing) {
    const m = lookupSeries(n);
    // The instrument's stem ("execution_queue_time") finds whatever spelling this cluster uses.
    const stem = m ? m.inst.otel.replace(/\./g, '_') : n.replace(/^nativelink_/, '').replace(/_(total|bucket|sum|count)$/, '');
    for (const have of names) if (have.replace(/\./g, '_').includes(stem)) available.add(have);
  }
  let series = 0;
  let value: number | undefined;
  try {
    const r = await client.query(expr, undefined, opts);
    if (r.resultType === 'vector') {
      series = r.result.length;
      if (series) value = Number(r.result[0].value[1]);
    } else if (r.resultType === 'scalar') {
      series = 1;
      value = Number(r.result[1]);
    } else if (r.resultType === 'matrix') series = r.result.length;
  } catch (e) {
    return { status: 'error', series: 0, missing, available: [...available], message: `query failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const list = (xs: string[]) => xs.slice(0, MAX_LISTED).join(', ') + (xs.length > MAX_LISTED ? `, … (${xs.length - MAX_LISTED} more)` : '');
  if (series) return { status: 'series', series, value, missing, available: [...available], message: `${series} series now${value !== undefined ? `, value ${formatValue(value)}` : ''}` };
  if (missing.length) {
    const alt = [...available].sort();
    return {
      status: 'never',
      series: 0,
      missing,
      available: alt,
      message: `can never fire here: no series of ${list(missing)} on this cluster in the last hour${alt.length ? `; it has ${list(alt)}` : ''}`,
    };
  }
  return { status: 'empty', series: 0, missing, available: [], message: 'no series now (the condition is false, or its selectors match nothing at the moment)' };
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(3);
}
