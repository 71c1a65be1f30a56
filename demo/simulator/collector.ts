/**
 * The simulated OpenTelemetry Collector's own side: its internal metrics page (what `service.telemetry.metrics`
 * serves on :8888) and its `health_check` extension. The demo's collector config names both, so the demo serves
 * both, and they agree with the NativeLink data: while the collector is scraped its health endpoint answers, and
 * when NativeLink stops exporting (telemetry-stopped) the receiver's accepted-points counter stops growing.
 *
 * Names and labels as the current collector serves them on its metrics page (names without unit or `_total`
 * suffix: its default pull reader sets without_units / without_type_suffix; no scope labels, no resource labels):
 *   open-telemetry/opentelemetry-collector@v0.159.0:service/telemetry/otelconftelemetry/config.go (default reader)
 *   open-telemetry/opentelemetry-collector@v0.159.0:internal/e2e/metric_stability_test.go (names on the page)
 *   open-telemetry/opentelemetry-collector@v0.159.0:receiver/receiverhelper/metadata.yaml (receiver, transport)
 *   open-telemetry/opentelemetry-collector@v0.159.0:exporter/exporterhelper/metadata.yaml (exporter)
 *   open-telemetry/opentelemetry-collector@v0.159.0:service/metadata.yaml (process_* metrics)
 * The page also carries `target_info` (service_name="otelcol-contrib"); it is left out here because a Prometheus
 * name lookup without the `nativelink_` prefix could take it for NativeLink's target_info once NativeLink's own
 * series have aged out (telemetry-stopped scenario).
 */
import { noise, STEP_S, type ClusterModel, type Family, type Sample } from './model';

/** Prometheus `instance` label of the collector's metrics page (the NativeLink series come from :9464). */
export const COLLECTOR_TELEMETRY_INSTANCE = 'otel-collector:8888';
/** NativeLink's default OTLP metric export interval (OTEL_METRIC_EXPORT_INTERVAL, 60 s). */
const EXPORT_INTERVAL_S = 60;
const MIB = 1024 * 1024;

export interface CollectorSim {
  /** Families for the history (counters typed `unknown` so their names stay suffix-free, as the live page has them). */
  families(job: string): Family[];
  /** The metrics page at t (Prometheus text format 0.0.4). */
  page(tMs: number): string;
  /** The health_check extension's answer (always healthy: the simulated collector itself never fails). */
  health(tMs: number): { status: number; body: string };
}

export function collectorSim(model: ClusterModel): CollectorSim {
  const startS = model.startMs / 1000 - 2 * 3600;
  // One OTLP push carries one data point per NativeLink series (a histogram series is one point).
  const points = model
    .families()
    .filter((f) => f.name !== 'up')
    .reduce((n, f) => n + f.samples(model.startMs / 1000).filter((s) => !/_(bucket|sum)$/.test(s.name)).length, 0);
  const pointsPerS = points / EXPORT_INTERVAL_S;
  const stopS = model.spec.stopBeforeEndS > 0 ? model.anchorMs / 1000 - model.spec.stopBeforeEndS : Infinity;
  const accepted = (t: number) => Math.floor(pointsPerS * Math.max(0, Math.min(t, stopS) - startS));
  const step = (t: number) => Math.floor(t / STEP_S);
  const rss = (t: number) => Math.round((138 + 6 * noise(model.seed, 'otelcol-rss', step(t))) * MIB);

  const defs = (job: string): Array<{ name: string; type: 'counter' | 'gauge'; help: string; samples: (t: number) => Array<[Record<string, string>, number]> }> => {
    const l = (extra: Record<string, string> = {}) => ({ ...extra, instance: COLLECTOR_TELEMETRY_INSTANCE, job });
    const otlp = l({ receiver: 'otlp', transport: 'grpc' });
    const prom = l({ exporter: 'prometheus' });
    return [
      { name: 'otelcol_process_uptime', type: 'counter', help: 'Uptime of the process', samples: (t) => [[l(), Math.round((t - startS) * 1000) / 1000]] },
      { name: 'otelcol_process_cpu_seconds', type: 'counter', help: 'Total CPU user and system time in seconds', samples: (t) => [[l(), Math.round((t - startS) * 0.04 * 100) / 100]] },
      { name: 'otelcol_process_memory_rss', type: 'gauge', help: 'Total physical memory (resident set size)', samples: (t) => [[l(), rss(t)]] },
      { name: 'otelcol_process_runtime_heap_alloc_bytes', type: 'gauge', help: 'Bytes of allocated heap objects', samples: (t) => [[l(), Math.round(rss(t) * 0.45)]] },
      { name: 'otelcol_process_runtime_total_sys_memory_bytes', type: 'gauge', help: 'Total bytes of memory obtained from the OS', samples: (t) => [[l(), Math.round(rss(t) * 1.25)]] },
      { name: 'otelcol_receiver_accepted_metric_points', type: 'counter', help: 'Number of metric points successfully pushed into the pipeline.', samples: (t) => [[otlp, accepted(t)]] },
      { name: 'otelcol_receiver_refused_metric_points', type: 'counter', help: 'Number of metric points that could not be pushed into the pipeline.', samples: () => [[otlp, 0]] },
      { name: 'otelcol_receiver_failed_metric_points', type: 'counter', help: 'The number of metric points that failed to be processed by the receiver due to internal errors.', samples: () => [[otlp, 0]] },
      { name: 'otelcol_exporter_sent_metric_points', type: 'counter', help: 'Number of metric points successfully sent to destination.', samples: (t) => [[prom, accepted(t)]] },
      { name: 'otelcol_exporter_send_failed_metric_points', type: 'counter', help: 'Number of metric points in failed attempts to send to destination.', samples: () => [[prom, 0]] },
    ];
  };

  return {
    families: (job) =>
      defs(job).map((d) => ({
        name: d.name,
        type: d.type === 'counter' ? 'unknown' : 'gauge',
        help: d.help,
        samples: (t: number): Sample[] => d.samples(t).map(([labels, value]) => ({ name: d.name, labels, value })),
      })),
    page: (tMs) => {
      const t = tMs / 1000;
      const out: string[] = [];
      for (const d of defs('')) {
        out.push(`# HELP ${d.name} ${d.help}`, `# TYPE ${d.name} ${d.type}`);
        for (const [labels, v] of d.samples(t)) {
          const ls = Object.entries(labels).filter(([k]) => k !== 'job' && k !== 'instance');
          out.push(`${d.name}${ls.length ? `{${ls.map(([k, x]) => `${k}="${x}"`).join(',')}}` : ''} ${v}`);
        }
      }
      return `${out.join('\n')}\n`;
    },
    health: (tMs) => {
      const up = Math.max(0, tMs / 1000 - startS);
      const body = { status: 'Server available', upSince: new Date(startS * 1000).toISOString(), uptime: `${up.toFixed(3)}s` };
      return { status: 200, body: JSON.stringify(body) };
    },
  };
}
