/** High Memory Usage: collector memory close to its memory_limiter limit, points refused by the limiter. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, httpEv, mib, num, promEv } from '../util';
import { collectorName, collectorSource, COLLECTOR_METRICS, scrapedTotal } from './collectorSignals';

const SECTION = 'High Memory Usage';

export const collectorMemory: DiagnoseCheck = {
  id: 'collector-memory',
  section: SECTION,
  title: 'The collector stays below its memory limit',
  docs: sectionDocs(SECTION),
  async run(ctx) {
    const src = await collectorSource(ctx);
    if (!src) return { skipped: 'The collector\'s own metrics are not in Prometheus and no --collector-metrics URL was given.' };
    if ('error' in src) return { skipped: `The collector's metrics page cannot be read (${src.error}).` };
    const ml = ctx.config?.memoryLimiter;
    const limitBytes = ml?.limitMib ? ml.limitMib * 1024 * 1024 : undefined;
    const spikeBytes = ml?.spikeLimitMib !== undefined ? ml.spikeLimitMib * 1024 * 1024 : limitBytes ? limitBytes * 0.2 : undefined;
    const softBytes = limitBytes !== undefined && spikeBytes !== undefined ? limitBytes - spikeBytes : undefined;
    const evidence: Evidence[] = [];
    let rss: number | undefined;
    let refused = 0;
    if (src.kind === 'scrape') {
      rss = scrapedTotal(src, COLLECTOR_METRICS.rss);
      if (rss !== undefined) evidence.push(httpEv(src.url ?? '', `resident memory ${mib(rss)}`));
      refused = scrapedTotal(src, COLLECTOR_METRICS.processorRefused) ?? 0;
      if (refused > 0) evidence.push(httpEv(src.url ?? '', `${num(refused, 0)} points refused by processors since start`));
    } else {
      const rssName = collectorName(src, COLLECTOR_METRICS.rss);
      if (rssName) {
        const q = `max(max_over_time(${rssName}[15m]))`;
        rss = await ctx.scalar(q);
        const series = await ctx.trend(`max(${rssName})`, 3600, 30).catch(() => []);
        if (rss !== undefined) evidence.push(promEv(q, `peak resident memory ${mib(rss)}`, '15m', series));
      }
      const refusedName = collectorName(src, COLLECTOR_METRICS.processorRefused);
      if (refusedName) {
        const q = `sum(rate(${refusedName}[15m]))`;
        refused = (await ctx.scalar(q)) ?? 0;
        if (refused > 0) evidence.push(promEv(q, `${num(refused, 2)} points/s refused by processors`, '15m'));
      }
    }
    if (rss === undefined && refused <= 0) return { skipped: 'The collector does not report its memory use (otelcol_process_memory_rss).' };
    const nearLimit = rss !== undefined && softBytes !== undefined && rss >= softBytes * 0.9;
    if (!nearLimit && refused <= 0) return 'passed';
    if (limitBytes !== undefined) evidence.push({ kind: 'http', url: 'collector config', value: `memory_limiter limit_mib ${ml?.limitMib}, spike_limit_mib ${ml?.spikeLimitMib ?? `(default ${Math.round((spikeBytes ?? 0) / 1048576)})`}: data is refused above ${mib(softBytes ?? 0)}` });
    const suggested = Math.max(1024, (ml?.limitMib ?? 512) * 2);
    const batch = ctx.config?.batch;
    return [
      finding({
        id: 'collector-memory',
        section: SECTION,
        severity: refused > 0 ? 'critical' : 'warning',
        title: refused > 0 ? 'The collector is refusing data to protect its memory' : 'The collector runs close to its memory limit',
        summary:
          (rss !== undefined ? `The collector uses ${mib(rss)}` : 'The collector') +
          (softBytes !== undefined ? `; its memory_limiter starts refusing data at ${mib(softBytes)} (limit minus spike limit).` : '.') +
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
