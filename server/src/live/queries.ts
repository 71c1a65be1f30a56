/**
 * The PromQL behind each live number. One single-value query per number (wrapped in `sum`), built from the names
 * resolved at run time, so every spelling the collector may produce works.
 */
import { labelName, selector } from '../cluster/names';
import type { ResolvedMetric, ResolvedNames } from '../cluster/types';
import type { LiveFormat, LiveTarget } from './types';

export interface LiveQuery {
  key: string;
  label: string;
  promql: string;
  format: LiveFormat;
  /** The value is expected to be absent when nothing happened (a ratio with a zero denominator). */
  emptyMeans?: string;
}

export type QueryPlan = { queries: LiveQuery[]; reason?: undefined } | { queries: []; reason: string };

/** Collector self-metric names present in Prometheus (`otelcol_*`), and how to pick one of several spellings. */
export interface CollectorNames {
  names: ReadonlySet<string>;
}

/** First existing spelling: counters may or may not carry `_total`; v0.155.0 renamed the memory_limiter counters. */
export function pickCollectorName(c: CollectorNames, ...bases: string[]): string | undefined {
  for (const b of bases) {
    if (c.names.has(`${b}_total`)) return `${b}_total`;
    if (c.names.has(b)) return b;
  }
  return undefined;
}

function sel(names: ResolvedNames, m: ResolvedMetric, part: 'value' | 'bucket', match: Record<string, string>): string {
  const matchers: Record<string, string> = {};
  for (const [k, v] of Object.entries(match)) matchers[labelName(names, k)] = v;
  return selector(part === 'bucket' ? m.bucket! : m.value!, matchers, m.utf8);
}

function missingInstrument(what: string): QueryPlan {
  return { queries: [], reason: `${what} is not in Prometheus` };
}

/** Queries for a NativeLink target. */
export function nativelinkQueries(t: LiveTarget, names: ResolvedNames, w: string): QueryPlan {
  if (t.reason) return { queries: [], reason: t.reason };
  const m = names.metrics;
  if (t.kind === 'cache') {
    const ops = m.cacheOperations;
    if (!ops?.value) return missingInstrument('cache.operations');
    const rate = (extra: Record<string, string>) => `sum(rate(${sel(names, ops, 'value', { ...t.match, ...extra })}[${w}]))`;
    const q: LiveQuery[] = [
      { key: 'hitRate', label: 'hit', promql: `${rate({ cache_operation_result: 'hit' })} / ${rate({ cache_operation_name: 'read' })}`, format: 'percent', emptyMeans: 'no reads' },
    ];
    const dur = m.cacheOperationDuration;
    if (dur?.bucket) {
      const scale = dur.unitScale === 1 ? '' : ` * ${dur.unitScale}`;
      q.push({ key: 'p95', label: 'p95', promql: `histogram_quantile(0.95, sum by (le) (rate(${sel(names, dur, 'bucket', { ...t.match, cache_operation_name: 'read' })}[${w}])))${scale}`, format: 'seconds', emptyMeans: 'no reads' });
    }
    q.push({ key: 'ops', label: 'ops', promql: rate({}), format: 'perSecond' });
    q.push({ key: 'errors', label: 'errors', promql: `${rate({ cache_operation_result: 'error' })} or vector(0) * ${rate({})}`, format: 'perSecond' });
    return { queries: q };
  }
  if (t.kind === 'execution') {
    const done = m.executionCompleted;
    if (!done?.value) return missingInstrument('execution.completed.count');
    const rate = (extra: Record<string, string>) => `sum(rate(${sel(names, done, 'value', { ...t.match, ...extra })}[${w}]))`;
    const q: LiveQuery[] = [
      { key: 'completions', label: 'done', promql: rate({}), format: 'perSecond' },
      { key: 'failureShare', label: 'failed', promql: `(${rate({ execution_result: 'failure' })} or vector(0) * ${rate({})}) / ${rate({})}`, format: 'percent', emptyMeans: 'nothing finished' },
    ];
    const active = m.executionActive;
    if (active?.value) {
      q.push({ key: 'queued', label: 'queued', promql: `sum(${sel(names, active, 'value', { execution_stage: 'queued' })})`, format: 'count' });
      q.push({ key: 'executing', label: 'executing', promql: `sum(${sel(names, active, 'value', { execution_stage: 'executing' })})`, format: 'count' });
    }
    const workers = m.workerConnected;
    if (workers?.value) q.push({ key: 'workers', label: 'workers', promql: `sum(${sel(names, workers, 'value', {})})`, format: 'count' });
    return { queries: q };
  }
  if (t.kind === 'fast-slow') {
    const tier = m.storeTierOperations;
    if (!tier?.value) return missingInstrument('store.tier.operations');
    const rate = (extra: Record<string, string>) => `sum(rate(${sel(names, tier, 'value', extra)}[${w}]))`;
    return {
      queries: [
        { key: 'fastShare', label: 'fast tier', promql: `${rate({ store_tier: 'fast', store_result: 'hit' })} / ${rate({ store_result: 'hit' })}`, format: 'percent', emptyMeans: 'no reads' },
        { key: 'reads', label: 'reads', promql: rate({ store_result: 'hit' }), format: 'perSecond' },
      ],
    };
  }
  return { queries: [], reason: 'no live numbers for this entry' };
}

/** Queries for a collector component, from the collector's own `otelcol_*` metrics. */
export function collectorQueries(t: LiveTarget, c: CollectorNames, w: string): QueryPlan {
  if (t.reason) return { queries: [], reason: t.reason };
  if (!c.names.size) return { queries: [], reason: 'the collector\'s own metrics (otelcol_*) are not in Prometheus' };
  const id = t.match[t.kind] ?? '';
  const rate = (name: string | undefined, label: string) => (name ? `sum(rate(${selector(name, { [label]: id })}[${w}]))` : undefined);
  const q: LiveQuery[] = [];
  const add = (key: string, label: string, promql: string | undefined, format: LiveFormat, emptyMeans?: string) => {
    if (promql) q.push({ key, label, promql, format, ...(emptyMeans ? { emptyMeans } : {}) });
  };
  if (t.kind === 'receiver') {
    add('accepted', 'accepted', rate(pickCollectorName(c, 'otelcol_receiver_accepted_metric_points'), 'receiver'), 'perSecond');
    add('refused', 'refused', rate(pickCollectorName(c, 'otelcol_receiver_refused_metric_points'), 'receiver'), 'perSecond');
  } else if (t.kind === 'processor') {
    const type = id.split('/')[0];
    if (type === 'memory_limiter') {
      // Renamed in v0.155.0 (processor/memorylimiterprocessor/metadata.yaml); older collectors use the generic name.
      add('refused', 'refused', rate(pickCollectorName(c, 'otelcol_processor_memory_limiter_refused_metric_points', 'otelcol_processor_refused_metric_points'), 'processor'), 'perSecond');
    }
    if (type === 'batch') {
      const sum = pickCollectorName(c, 'otelcol_processor_batch_batch_send_size_sum');
      const count = pickCollectorName(c, 'otelcol_processor_batch_batch_send_size_count');
      if (sum && count) add('batchSize', 'avg batch', `sum(rate(${selector(sum, { processor: id })}[${w}])) / sum(rate(${selector(count, { processor: id })}[${w}]))`, 'count', 'no batch sent');
    }
    add('incoming', 'in', rate(pickCollectorName(c, 'otelcol_processor_incoming_items'), 'processor'), 'perSecond');
  } else if (t.kind === 'exporter') {
    add('sent', 'sent', rate(pickCollectorName(c, 'otelcol_exporter_sent_metric_points'), 'exporter'), 'perSecond');
    add('failed', 'failed', rate(pickCollectorName(c, 'otelcol_exporter_send_failed_metric_points'), 'exporter'), 'perSecond');
    const queue = pickCollectorName(c, 'otelcol_exporter_queue_size');
    if (queue) add('queue', 'queue', `sum(${selector(queue, { exporter: id })})`, 'count');
  }
  if (!q.length) return { queries: [], reason: `the collector reports no ${t.kind} metrics this lens knows` };
  return { queries: q };
}
