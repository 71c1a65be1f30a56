/** Metrics Not Appearing: are there NativeLink series at all, how fresh are they, is the collector target up? */
import { nl, NL_TELEMETRY, PROM_EXPORTER } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, lv, promEv } from '../util';

const SECTION = 'Metrics Not Appearing';

export const nativelinkMetrics: DiagnoseCheck = {
  id: 'nativelink-metrics',
  section: SECTION,
  title: 'NativeLink metrics reach Prometheus and are current',
  docs: sectionDocs(SECTION),
  upstream: [NL_TELEMETRY, nl('nativelink-util/Cargo.toml'), PROM_EXPORTER],
  async run(ctx) {
    const [fresh, up] = await Promise.all([ctx.health('data-freshness'), ctx.health('component-up')]);
    if (fresh.status !== 'critical' && up.status !== 'critical') {
      // Unknown (e.g. NaN from Prometheus) is not "current": no pass without a measurement.
      const unknown = [fresh, up].find((r) => r.status === 'unknown');
      return unknown ? { skipped: unknown.reason ?? unknown.display } : 'passed';
    }
    const names = await ctx.names();
    const evidence: Evidence[] = [];
    const none = names.nativelinkNames.length === 0;
    evidence.push(healthEv(fresh, none ? 'last 1h' : undefined));
    if (up.status === 'critical') evidence.push(healthEv(up));
    // When did it stop? A trend of the number of reporting processes over the last hour.
    const info = ctx.sel(names, 'targetInfo') ?? ctx.sel(names, 'executionCompleted') ?? ctx.sel(names, 'workerConnected');
    if (info) {
      const q = `count(${info})`;
      const series = await ctx.trend(q, 3600, 30).catch(() => []);
      if (series.length) evidence.push(promEv(q, 'reporting series over the last hour (see chart)', '1h', series));
    }
    // Scrape targets that are down explain most "no metrics" cases.
    if (ctx.client.targets) {
      const tg = await ctx.client.targets({ signal: ctx.signal }).catch(() => undefined);
      for (const target of (tg?.activeTargets ?? []).filter((x) => x.health === 'down').slice(0, 5)) {
        evidence.push({ kind: 'http', url: `${ctx.prometheusUrl.replace(/\/+$/, '')}/api/v1/targets`, value: `scrape target ${lv(target.scrapeUrl)} (job ${lv(target.labels?.job)}) is down: ${lv(target.lastError)}` });
      }
    }
    const stale = !none && fresh.status === 'critical';
    return [
      finding({
        id: 'nativelink-metrics',
        section: SECTION,
        severity: 'critical',
        title: none ? 'No NativeLink metrics in Prometheus' : stale ? 'NativeLink metrics stopped arriving' : 'No NativeLink process is reporting',
        summary: none
          ? 'Prometheus holds no NativeLink series for the last hour, so every dashboard, rule and check below is blind.'
          : `${fresh.display}; ${up.display}. Dashboards show old values (the collector keeps exporting the last value for a while after a process stops).`,
        evidence,
        causes: [
          'NativeLink is started without OTEL_EXPORTER_OTLP_ENDPOINT, or it points at the wrong host or port. NativeLink exports OTLP over gRPC only, so it must name the collector\'s OTLP gRPC port (4317 by default), never the HTTP port 4318.',
          'The OpenTelemetry collector is down, or its metrics pipeline does not end in the prometheus exporter.',
          'Prometheus does not scrape the collector\'s exporter port, or that scrape target is down.',
          'NativeLink processes stopped or crash-loop.',
        ],
        actions: [
          'Check the environment of the NativeLink processes for OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://otel-collector:4317) and restart them after setting it.',
          'Check the collector: its health endpoint, its logs, and whether otelcol_receiver_accepted_metric_points grows.',
          'Open Status → Targets in Prometheus and make sure the collector\'s job is up.',
        ],
      }),
    ];
  },
};
