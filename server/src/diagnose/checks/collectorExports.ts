/** Inspect Collector Logs (the metric side of it): points refused by receivers/processors, failed exports. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence, Finding } from '../types';
import { finding, httpEv, num, promEv } from '../util';
import { collectorName, collectorSelector, collectorSource, COLLECTOR_METRICS, COLLECTOR_METRICS_UPSTREAM, scrapedTotal } from './collectorSignals';
import { hint } from '../hints';

const SECTION = 'Inspect Collector Logs';

export const collectorExports: DiagnoseCheck = {
  id: 'collector-exports',
  section: SECTION,
  title: 'The collector refuses no points and its exports succeed',
  docs: sectionDocs(SECTION),
  upstream: [...COLLECTOR_METRICS_UPSTREAM],
  async run(ctx) {
    const src = await collectorSource(ctx);
    if (!src) return { skipped: `The collector's own metrics are not in Prometheus and ${hint(ctx.surface, 'collectorMetrics')} is not set.` };
    if ('error' in src) return { skipped: `The collector's metrics page cannot be read (${src.error}).` };
    const out: Finding[] = [];
    const refusedEv: Evidence[] = [];
    const failedEv: Evidence[] = [];
    let failedShare = 0;
    if (src.kind === 'scrape') {
      const url = src.url ?? '';
      for (const base of [COLLECTOR_METRICS.refused, COLLECTOR_METRICS.processorRefused]) {
        const v = scrapedTotal(src, base);
        if (v) refusedEv.push(httpEv(url, `${base[0]} = ${num(v, 0)} since the collector started`));
      }
      for (const base of [COLLECTOR_METRICS.sendFailed, COLLECTOR_METRICS.enqueueFailed]) {
        const v = scrapedTotal(src, base);
        if (v) failedEv.push(httpEv(url, `${base[0]} = ${num(v, 0)} since the collector started`));
      }
      const sent = scrapedTotal(src, COLLECTOR_METRICS.sent) ?? 0;
      const failed = scrapedTotal(src, COLLECTOR_METRICS.sendFailed) ?? 0;
      failedShare = sent + failed > 0 ? failed / (sent + failed) : 0;
    } else {
      for (const base of [COLLECTOR_METRICS.refused, COLLECTOR_METRICS.processorRefused]) {
        const n = collectorSelector(src, base);
        if (!n) continue;
        const q = `sum(rate(${n}[15m]))`;
        const v = await ctx.scalar(q);
        if (v !== undefined && v > 0) refusedEv.push(promEv(q, `${num(v, 2)} points/s refused`, '15m'));
      }
      for (const base of [COLLECTOR_METRICS.sendFailed, COLLECTOR_METRICS.enqueueFailed]) {
        const n = collectorName(src, base);
        if (!n) continue;
        const q = `sum by (exporter) (rate(${n}[15m]))`;
        const rows = (await ctx.vector(q)).filter((r) => r.value > 0);
        for (const r of rows) failedEv.push(promEv(q, `${num(r.value, 2)} points/s failed${r.metric.exporter ? ` (exporter "${r.metric.exporter}")` : ''}`, '15m'));
      }
      const sent = collectorName(src, COLLECTOR_METRICS.sent);
      const failed = collectorName(src, COLLECTOR_METRICS.sendFailed);
      if (sent && failed && failedEv.length) {
        const share = await ctx.scalar(`sum(rate(${failed}[15m])) / (sum(rate(${failed}[15m])) + sum(rate(${sent}[15m])))`);
        if (share !== undefined && Number.isFinite(share)) failedShare = share;
      }
    }
    if (refusedEv.length) {
      out.push(
        finding({
          id: 'collector-exports/refused',
          section: SECTION,
          severity: 'warning',
          title: 'The collector refuses metric points',
          summary: 'Receivers or processors of the collector turn data away. The memory_limiter refuses points when the collector is close to its memory limit; the data is lost unless the sender retries.',
          evidence: refusedEv,
          causes: ['The collector is at its memory_limiter soft limit (see "High Memory Usage").', 'Malformed or oversized requests from a sender.'],
          actions: ['Look in the collector logs for "refused" and memory limiter messages.', 'Give the collector more memory or shrink batches (see the memory check).'],
          config: { kind: 'collector', key: 'processors.memory_limiter' },
        }),
      );
    }
    if (failedEv.length) {
      out.push(
        finding({
          id: 'collector-exports/failed',
          section: SECTION,
          severity: failedShare > 0.5 ? 'critical' : 'warning',
          title: 'The collector fails to export metrics',
          summary: `Exporters of the collector fail to send or enqueue points${failedShare ? ` (${(failedShare * 100).toFixed(0)}% of attempts)` : ''}. Points that exhaust their retries are dropped, leaving gaps in Prometheus.`,
          evidence: failedEv,
          causes: ['The export destination (Prometheus remote write, another collector, a vendor) is down or rejects the data.', 'The exporter\'s sending queue is full.'],
          actions: ['Read the collector logs for exporter errors and check the destination\'s endpoint and credentials.'],
          config: { kind: 'collector', key: 'exporters' },
        }),
      );
    }
    return out.length ? out : 'passed';
  },
};
