/** High Memory Usage: the collector's Go heap close to its memory_limiter limit, points refused by the limiter. */
import { otelcol } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, httpEv, mib, num, promEv } from '../util';
import { collectorName, collectorSelector, collectorSource, COLLECTOR_METRICS, COLLECTOR_METRICS_UPSTREAM, scrapedTotal } from './collectorSignals';
import { hint } from '../hints';

const SECTION = 'High Memory Usage';

export const collectorMemory: DiagnoseCheck = {
  id: 'collector-memory',
  section: SECTION,
  title: 'The collector stays below its memory limit',
  docs: sectionDocs(SECTION),
  upstream: [...COLLECTOR_METRICS_UPSTREAM, otelcol('internal/memorylimiter/memorylimiter.go'), otelcol('internal/memorylimiter/config.go')],
  async run(ctx) {
    const src = await collectorSource(ctx);
    if (!src) return { skipped: `The collector's own metrics are not in Prometheus and ${hint(ctx.surface, 'collectorMetrics')} is not set.` };
    if ('error' in src) return { skipped: `The collector's metrics page cannot be read (${src.error}).` };
    const ml = ctx.config?.memoryLimiter;
    const limitBytes = ml?.limitMib ? ml.limitMib * 1024 * 1024 : undefined;
    const spikeBytes = ml?.spikeLimitMib !== undefined ? ml.spikeLimitMib * 1024 * 1024 : limitBytes ? limitBytes * 0.2 : undefined;
    const softBytes = limitBytes !== undefined && spikeBytes !== undefined ? limitBytes - spikeBytes : undefined;
    const evidence: Evidence[] = [];
    // The limiter compares Go heap in use (runtime.MemStats.Alloc, internal/memorylimiter) with its limits. RSS is
    // larger (runtime overhead, freed pages not yet returned), so it is only an estimate of what the limiter sees.
    let heap: number | undefined;
    let rss: number | undefined;
    let refused = 0;
    if (src.kind === 'scrape') {
      heap = scrapedTotal(src, COLLECTOR_METRICS.heap);
      if (heap === undefined) rss = scrapedTotal(src, COLLECTOR_METRICS.rss);
      if (heap !== undefined) evidence.push(httpEv(src.url ?? '', `Go heap in use ${mib(heap)}`));
      else if (rss !== undefined) evidence.push(httpEv(src.url ?? '', `resident memory ${mib(rss)} (an upper estimate of the heap the limiter measures)`));
      refused = scrapedTotal(src, COLLECTOR_METRICS.processorRefused) ?? 0;
      if (refused > 0) evidence.push(httpEv(src.url ?? '', `${num(refused, 0)} points refused by the memory_limiter since start`));
    } else {
      const heapName = collectorName(src, COLLECTOR_METRICS.heap);
      const rssName = heapName ? undefined : collectorName(src, COLLECTOR_METRICS.rss);
      const name = heapName ?? rssName;
      if (name) {
        const q = `max(max_over_time(${name}[15m]))`;
        const v = await ctx.scalar(q);
        const series = await ctx.trend(`max(${name})`, 3600, 30).catch(() => []);
        if (heapName) heap = v;
        else rss = v;
        if (v !== undefined) evidence.push(promEv(q, heapName ? `peak Go heap in use ${mib(v)}` : `peak resident memory ${mib(v)} (an upper estimate of the heap the limiter measures)`, '15m', series));
      }
      const refusedSel = collectorSelector(src, COLLECTOR_METRICS.processorRefused);
      if (refusedSel) {
        const q = `sum(rate(${refusedSel}[15m]))`;
        refused = (await ctx.scalar(q)) ?? 0;
        if (refused > 0) evidence.push(promEv(q, `${num(refused, 2)} points/s refused by the memory_limiter`, '15m'));
      }
    }
    const used = heap ?? rss;
    if (used === undefined && refused <= 0) return { skipped: 'The collector reports neither its heap (otelcol_process_runtime_heap_alloc_bytes) nor its resident memory (otelcol_process_memory_rss).' };
    const nearLimit = used !== undefined && softBytes !== undefined && used >= softBytes * 0.9;
    if (!nearLimit && refused <= 0) return 'passed';
    if (limitBytes !== undefined) evidence.push({ kind: 'http', url: 'collector config', value: `memory_limiter limit_mib ${ml?.limitMib}, spike_limit_mib ${ml?.spikeLimitMib ?? `(default ${Math.round((spikeBytes ?? 0) / 1048576)})`}: data is refused while the heap is above ${mib(softBytes ?? 0)}` });
    const suggested = Math.max(1024, (ml?.limitMib ?? 512) * 2);
    const batch = ctx.config?.batch;
    return [
      finding({
        id: 'collector-memory',
        section: SECTION,
        severity: refused > 0 ? 'critical' : 'warning',
        title: refused > 0 ? 'The collector is refusing data to protect its memory' : 'The collector runs close to its memory limit',
        summary:
          (heap !== undefined ? `The collector's Go heap holds ${mib(heap)}` : rss !== undefined ? `The collector's resident memory is ${mib(rss)} (the heap the limiter measures is somewhat smaller; this collector does not report it)` : 'The collector') +
          (softBytes !== undefined ? `; its memory_limiter starts refusing data when the heap reaches ${mib(softBytes)} (limit minus spike limit).` : '.') +
          (refused > 0 ? ' Points are being refused, so NativeLink metrics get lost.' : ' A burst of metrics will make it refuse points.'),
        evidence,
        causes: ['The memory_limiter is set too low for the metric volume.', 'Large batches hold many points in memory at once.', 'High-cardinality labels (execution_action_digest) multiply the number of series.'],
        actions: [
          `Raise processors.memory_limiter.limit_mib (e.g. to ${suggested}) together with spike_limit_mib (about a quarter of it), and the container memory limit above it.`,
          `Shrink processors.batch send_batch_size / send_batch_max_size${batch?.sendBatchSize ? ` (now ${batch.sendBatchSize}${batch.sendBatchMaxSize ? `/${batch.sendBatchMaxSize}` : ''})` : ''}, e.g. to 512 / 1024.`,
          'Drop high-cardinality attributes with an attributes processor (see "Metric cardinality").',
        ],
        config: { kind: 'collector', key: ml?.key ?? 'processors.memory_limiter.limit_mib', suggested },
      }),
    ];
  },
};
