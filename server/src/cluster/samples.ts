/**
 * The one place where a sample value of a query answer becomes a number for a check. Prometheus answers NaN
 * (0/0, a NaN sample) and ±Inf (x/0) as ordinary samples; compared with a threshold they pass every test
 * (`NaN > 5` and `NaN < 5` are both false), and summed as 0 they claim "nothing happened". So a non-finite value
 * never becomes a number here: it raises NonFiniteSample, which the runners turn into "unknown, because …".
 */
import type { PromApi } from './types';

/** "NaN", "+Inf" or "-Inf" as Prometheus writes them (finite numbers as themselves). */
export function valueText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class NonFiniteSample extends Error {
  constructor(
    readonly value: number,
    /** The PromQL (or metric name of a scrape) that gave it. */
    readonly query: string,
    /** Who answered: "Prometheus", or "the collector's metrics page". */
    readonly source = 'Prometheus',
  ) {
    const hint = Number.isNaN(value)
      ? ' NaN usually means a division by zero (nothing happened in the window) or a NaN sample.'
      : ' An infinite value usually means a division by zero or a broken counter.';
    super(`unknown, because ${source} returned ${valueText(value)} for ${query}.${hint}`);
    this.name = 'NonFiniteSample';
  }
}

export function isNonFinite(e: unknown): e is NonFiniteSample {
  return e instanceof NonFiniteSample;
}

/** `v` when finite; otherwise throws NonFiniteSample naming `query`. */
export function finite(v: number, query: string, source?: string): number {
  if (!Number.isFinite(v)) throw new NonFiniteSample(v, query, source);
  return v;
}

/** Instant query: the first sample's value, `undefined` when the answer is empty; throws on NaN/±Inf. */
export async function instantScalar(client: PromApi, promql: string, time: number, signal?: AbortSignal): Promise<number | undefined> {
  const r = await client.query(promql, time, { signal });
  if (r.resultType === 'scalar') return finite(r.result[1], promql);
  if (r.resultType === 'vector') return r.result.length ? finite(r.result[0].value[1], promql) : undefined;
  return undefined;
}

/** Instant query: every sample; throws on the first NaN/±Inf, so no row is silently read as 0 or dropped. */
export async function instantVector(client: PromApi, promql: string, time: number, signal?: AbortSignal): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const r = await client.query(promql, time, { signal });
  if (r.resultType === 'vector') return r.result.map((s) => ({ metric: s.metric, value: finite(s.value[1], promql) }));
  if (r.resultType === 'scalar') return [{ metric: {}, value: finite(r.result[1], promql) }];
  return [];
}
