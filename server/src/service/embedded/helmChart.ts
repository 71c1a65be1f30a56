/**
 * The opentelemetry-collector Helm chart's own contribution to the collector config, so a values file is
 * checked as the chart renders it, not as a fragment.
 *
 * Pinned: chart 0.170.0 (appVersion 0.158.0),
 * open-telemetry/opentelemetry-helm-charts@opentelemetry-collector-0.170.0:charts/opentelemetry-collector/values.yaml
 * (`config:`), templates/_config.tpl (presets, alternateConfig) and templates/_helpers.tpl (component renames).
 * Helm coalesces the user's values onto these defaults: maps merge recursively, scalars and lists are
 * replaced whole, and a user `null` deletes the key (helm/helm@v4.2.4:pkg/chart/common/util/coalesce.go).
 */
import { isPlainKey } from './yamlText';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const env = (v: string) => `\${env:${v}}`;

/** `config:` of values.yaml at chart 0.170.0 (the same data; pipeline lists shown in flow style). */
export const CHART_DEFAULT_CONFIG: { [k: string]: Json } = {
  exporters: { debug: {} },
  extensions: { health_check: { endpoint: `${env('MY_POD_IP')}:13133` } },
  processors: { batch: {}, memory_limiter: { check_interval: '5s', limit_percentage: 80, spike_limit_percentage: 25 } },
  receivers: {
    jaeger: {
      protocols: {
        grpc: { endpoint: `${env('MY_POD_IP')}:14250` },
        thrift_http: { endpoint: `${env('MY_POD_IP')}:14268` },
        thrift_compact: { endpoint: `${env('MY_POD_IP')}:6831` },
      },
    },
    otlp: { protocols: { grpc: { endpoint: `${env('MY_POD_IP')}:4317` }, http: { endpoint: `${env('MY_POD_IP')}:4318` } } },
    prometheus: {
      config: {
        scrape_configs: [{ job_name: 'opentelemetry-collector', scrape_interval: '10s', static_configs: [{ targets: [`${env('MY_POD_IP')}:8888`] }] }],
      },
    },
    zipkin: { endpoint: `${env('MY_POD_IP')}:9411` },
  },
  service: {
    telemetry: {
      resource: {
        'k8s.namespace.name': env('OTEL_K8S_NAMESPACE'),
        'k8s.node.name': env('OTEL_K8S_NODE_NAME'),
        'k8s.node.ip': env('OTEL_K8S_NODE_IP'),
        'k8s.pod.name': env('OTEL_K8S_POD_NAME'),
        'k8s.pod.ip': env('OTEL_K8S_POD_IP'),
        'host.name': env('OTEL_K8S_NODE_NAME'),
      },
      metrics: { readers: [{ pull: { exporter: { prometheus: { host: env('MY_POD_IP'), port: 8888 } } } }] },
    },
    extensions: ['health_check'],
    pipelines: {
      logs: { exporters: ['debug'], processors: ['memory_limiter', 'batch'], receivers: ['otlp'] },
      metrics: { exporters: ['debug'], processors: ['memory_limiter', 'batch'], receivers: ['otlp', 'prometheus'] },
      traces: { exporters: ['debug'], processors: ['memory_limiter', 'batch'], receivers: ['otlp', 'jaeger', 'zipkin'] },
    },
  },
};

/**
 * Components each enabled preset defines (templates/_config.tpl at 0.170.0). Only the definitions are
 * added: the chart also appends them to pipeline lists, which we do not replay, so a preset never makes a
 * reference "undefined" and never adds findings of its own (text we add is not checked, see helmValues.ts).
 * Names after `rewriteDeprecatedComponentNames` (default true): filelog→file_log, k8sattributes→k8s_attributes.
 */
function presetComponents(preset: string, rewrite: boolean, options: Record<string, unknown>): [string, string][] {
  switch (preset) {
    case 'logsCollection':
      return [['receivers', rewrite ? 'file_log' : 'filelog'], ...(options.storeCheckpoints ? ([['extensions', 'file_storage']] as [string, string][]) : [])];
    case 'hostMetrics':
      return [['receivers', 'hostmetrics']];
    case 'profiling':
      return [['receivers', 'profiling'], ['exporters', 'debug']];
    case 'kubeletMetrics':
      return [['receivers', 'kubeletstats']];
    case 'kubernetesAttributes':
      return [['processors', rewrite ? 'k8s_attributes' : 'k8sattributes']];
    case 'kubernetesEvents':
      return [['receivers', options.useK8sEventsReceiver ? 'k8s_events' : 'k8sobjects']];
    case 'kubernetesObjects':
      return [['receivers', 'k8sobjects']];
    case 'clusterMetrics':
      return [['receivers', 'k8s_cluster']];
    case 'resourceDetection':
      return [['processors', 'resourcedetection/env']];
    case 'annotationDiscovery':
      return [
        ['extensions', 'k8s_observer'],
        ...(isObj(options.logs) && options.logs.enabled ? ([['receivers', 'receiver_creator/logs']] as [string, string][]) : []),
        ...(isObj(options.metrics) && options.metrics.enabled ? ([['receivers', 'receiver_creator/metrics']] as [string, string][]) : []),
      ];
    default:
      return [];
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * What the chart puts under the user's config: the default `config` (unless `alternateConfig` is used, which
 * the chart takes as is) plus the components of enabled presets.
 */
export function chartBase(values: Record<string, unknown>, alternate: boolean): { [k: string]: Json } {
  const base: { [k: string]: Json } = alternate ? {} : JSON.parse(JSON.stringify(CHART_DEFAULT_CONFIG));
  const rewrite = values.rewriteDeprecatedComponentNames !== false;
  const presets = isObj(values.presets) ? values.presets : {};
  for (const [name, opts] of Object.entries(presets)) {
    if (!isObj(opts)) continue;
    const on = (v: unknown) => isObj(v) && v.enabled === true;
    // annotationDiscovery is switched on per signal (`logs.enabled`, `metrics.enabled`), the others as a whole.
    if (name === 'annotationDiscovery' ? !on(opts.logs) && !on(opts.metrics) : opts.enabled !== true) continue;
    for (const [section, id] of presetComponents(name, rewrite, opts)) {
      const sec = (base[section] ??= {}) as { [k: string]: Json };
      sec[id] ??= {};
    }
  }
  return base;
}

/** One `key: value` line of YAML for text we add (JSON is YAML flow syntax, so values need no emitter). */
export function yamlLine(key: string, value: Json): string {
  return `${isPlainKey(key) ? key : JSON.stringify(key)}: ${JSON.stringify(value)}`;
}

export type { Json };
