/**
 * Shared access to the collector's own metrics: from Prometheus when it scrapes them (otelcol_* series), else from
 * a direct scrape of the collector's metrics URL.
 */
import type { CheckEnv } from '../types';
import { parseExposition, pickName, sumOf, type ExpositionSample } from '../util';

export interface CollectorSource {
  kind: 'prometheus' | 'scrape';
  /** otelcol_* names in Prometheus (kind prometheus). */
  names: string[];
  /** Samples of one scrape (kind scrape). */
  samples?: ExpositionSample[];
  url?: string;
}

export async function collectorSource(ctx: CheckEnv): Promise<CollectorSource | { error: string } | undefined> {
  const names = await ctx.metricNames(/^otelcol_/);
  if (names.length) return { kind: 'prometheus', names };
  if (!ctx.collectorMetricsUrl) return undefined;
  const res = await ctx.httpGet(ctx.collectorMetricsUrl).catch((e: unknown) => ({ status: 0, contentType: '', text: String((e as Error)?.message ?? e) }));
  if (res.status !== 200) return { error: res.status ? `HTTP ${res.status}` : res.text };
  const samples = parseExposition(res.text).filter((s) => s.name.startsWith('otelcol_'));
  if (!samples.length) return { error: 'the page holds no otelcol_* metrics' };
  return { kind: 'scrape', names: [...new Set(samples.map((s) => s.name))], samples, url: ctx.collectorMetricsUrl };
}

export const COLLECTOR_METRICS = {
  accepted: 'otelcol_receiver_accepted_metric_points',
  refused: 'otelcol_receiver_refused_metric_points',
  processorRefused: 'otelcol_processor_refused_metric_points',
  sent: 'otelcol_exporter_sent_metric_points',
  sendFailed: 'otelcol_exporter_send_failed_metric_points',
  enqueueFailed: 'otelcol_exporter_enqueue_failed_metric_points',
  rss: 'otelcol_process_memory_rss',
} as const;

/** Name in Prometheus for a collector metric base (with or without `_total` / `_bytes`). */
export function collectorName(src: CollectorSource, base: string): string | undefined {
  return pickName(src.names, base, `${base}_bytes`);
}

/** Total of a collector counter in a direct scrape. */
export function scrapedTotal(src: CollectorSource, base: string): number | undefined {
  return src.samples ? sumOf(src.samples, base) ?? sumOf(src.samples, `${base}_bytes`) : undefined;
}
