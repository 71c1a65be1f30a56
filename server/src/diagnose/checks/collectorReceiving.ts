/** Check Collector Health: the collector accepts NativeLink's metric points (otelcol_receiver_accepted_metric_points grows). */
import { NL_TELEMETRY, nl } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, httpEv, num, promEv } from '../util';
import { collectorName, collectorSource, COLLECTOR_METRICS, COLLECTOR_METRICS_UPSTREAM, scrapedTotal } from './collectorSignals';
import { hint } from '../hints';

const SECTION = 'Check Collector Health';

export const collectorReceiving: DiagnoseCheck = {
  id: 'collector-receiving',
  section: SECTION,
  title: 'The collector accepts metric points',
  docs: sectionDocs(SECTION),
  upstream: [...COLLECTOR_METRICS_UPSTREAM, NL_TELEMETRY, nl('nativelink-util/Cargo.toml')],
  async run(ctx) {
    const src = await collectorSource(ctx);
    if (!src) return { skipped: `The collector's own metrics are not in Prometheus and ${hint(ctx.surface, 'collectorMetrics')} is not set.` };
    if ('error' in src) {
      return [
        finding({
          id: 'collector-receiving/unreadable',
          section: SECTION,
          severity: 'warning',
          title: 'The collector\'s metrics page cannot be read',
          summary: `Reading ${ctx.collectorMetricsUrl} failed (${src.error}), so it is unknown whether the collector receives NativeLink's metrics.`,
          evidence: [httpEv(ctx.collectorMetricsUrl ?? '', src.error)],
          causes: ['The collector is down, or its internal telemetry listens elsewhere (since v0.111 the default is localhost:8888, unreachable from outside the container).'],
          actions: ['Check service.telemetry.metrics in the collector config and expose the metrics port.'],
          config: { kind: 'collector', key: 'service.telemetry.metrics' },
        }),
      ];
    }
    if (src.kind === 'scrape') {
      const total = scrapedTotal(src, COLLECTOR_METRICS.accepted);
      if (total === undefined) return { skipped: 'The collector\'s metrics page has no otelcol_receiver_accepted_metric_points.' };
      if (total > 0) return 'passed';
      return [
        finding({
          id: 'collector-receiving',
          section: SECTION,
          severity: 'critical',
          title: 'The collector has not accepted a single metric point',
          summary: 'Since it started, the collector\'s receivers accepted no metric points: nothing sends metrics to it.',
          evidence: [httpEv(src.url ?? '', `otelcol_receiver_accepted_metric_points = ${num(total, 0)}`)],
          causes: ['NativeLink\'s OTEL_EXPORTER_OTLP_ENDPOINT points elsewhere, or a firewall blocks the OTLP gRPC port (4317 by default). NativeLink exports OTLP over gRPC only.', 'The collector has no metrics pipeline with the otlp receiver, or that receiver has no grpc protocol.'],
          actions: ['Check NativeLink\'s logs for export errors and that OTEL_EXPORTER_OTLP_ENDPOINT names the collector\'s OTLP gRPC endpoint (e.g. http://otel-collector:4317).', 'Check that an otlp receiver with protocols.grpc is listed in a metrics pipeline.'],
        }),
      ];
    }
    const accepted = collectorName(src, COLLECTOR_METRICS.accepted);
    if (!accepted) return { skipped: 'Prometheus has collector metrics but no otelcol_receiver_accepted_metric_points.' };
    const q = `sum by (receiver) (rate(${accepted}[5m]))`;
    const rows = await ctx.vector(q);
    if (!rows.length) return { skipped: 'otelcol_receiver_accepted_metric_points has no current samples.' };
    const total = rows.reduce((a, r) => a + r.value, 0);
    if (total > 0) return 'passed';
    const series = await ctx.trend(`sum(rate(${accepted}[5m]))`, 3600, 30).catch(() => []);
    return [
      finding({
        id: 'collector-receiving',
        section: SECTION,
        severity: 'critical',
        title: 'The collector accepts no metric points',
        summary: 'otelcol_receiver_accepted_metric_points did not grow over the last 5 minutes: NativeLink\'s metrics do not reach the collector.',
        evidence: [promEv(`sum(rate(${accepted}[5m]))`, `${num(total, 2)} points/s`, '5m', series)],
        causes: ['NativeLink stopped exporting or exports to another endpoint.', 'Network policy or firewall blocks the OTLP gRPC port (4317 by default).'],
        actions: ['Check NativeLink\'s logs for OTLP export errors and its OTEL_EXPORTER_OTLP_ENDPOINT.'],
      }),
    ];
  },
};
