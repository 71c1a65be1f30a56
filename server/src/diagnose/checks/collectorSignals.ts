/**
 * Shared access to the collector's own metrics: from Prometheus when it scrapes them (otelcol_* series), else from
 * a direct scrape of the collector's metrics URL.
 */
import { otelcol } from '../../cluster/upstream';
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

/**
 * The collector's own metric names we read, each with every spelling a supported collector emits (current first).
 * Checked against the metadata.yaml files at the pinned release (see COLLECTOR_METRICS_UPSTREAM); the Prometheus
 * exposition adds `_total` to counters and may add a `_bytes` unit suffix, both resolved at run time.
 */
export const COLLECTOR_METRICS = {
  accepted: ['otelcol_receiver_accepted_metric_points'],
  refused: ['otelcol_receiver_refused_metric_points'],
  /** Renamed in v0.155.0 (processor/memorylimiterprocessor/metadata.yaml); older collectors use the short name. */
  processorRefused: ['otelcol_processor_memory_limiter_refused_metric_points', 'otelcol_processor_refused_metric_points'],
  sent: ['otelcol_exporter_sent_metric_points'],
  sendFailed: ['otelcol_exporter_send_failed_metric_points'],
  enqueueFailed: ['otelcol_exporter_enqueue_failed_metric_points'],
  rss: ['otelcol_process_memory_rss'],
  /** Go heap in use: what the memory_limiter compares with its limits (internal/memorylimiter). */
  heap: ['otelcol_process_runtime_heap_alloc_bytes'],
} as const satisfies Record<string, readonly string[]>;

export const COLLECTOR_METRICS_UPSTREAM = [
  otelcol('receiver/receiverhelper/metadata.yaml'),
  otelcol('processor/memorylimiterprocessor/metadata.yaml'),
  otelcol('exporter/exporterhelper/metadata.yaml'),
  otelcol('service/metadata.yaml'),
];

function spellings(bases: readonly string[]): string[] {
  return bases.flatMap((b) => [b, `${b}_bytes`]);
}

/** Name in Prometheus for a collector metric (first spelling present, with or without `_total` / `_bytes`). */
export function collectorName(src: CollectorSource, bases: readonly string[]): string | undefined {
  return pickName(src.names, ...spellings(bases));
}

/**
 * Selector over every spelling of a collector metric present in Prometheus: after a collector upgrade the old and
 * the new name both sit in the retention window, and a rate over one of them alone would read zero.
 */
export function collectorSelector(src: CollectorSource, bases: readonly string[]): string | undefined {
  const present = [...new Set(spellings(bases).map((b) => pickName(src.names, b)).filter((n): n is string => !!n))];
  if (present.length <= 1) return present[0];
  return `{__name__=~"${present.join('|')}"}`;
}

/** Total of a collector counter in a direct scrape (over every spelling). */
export function scrapedTotal(src: CollectorSource, bases: readonly string[]): number | undefined {
  if (!src.samples) return undefined;
  let found = false;
  let total = 0;
  for (const b of spellings(bases)) {
    const v = sumOf(src.samples, b);
    if (v !== undefined) {
      found = true;
      total += v;
    }
  }
  return found ? total : undefined;
}
