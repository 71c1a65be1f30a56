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
 * What each enabled preset adds (templates/_config.tpl at 0.170.0): component definitions, and the pipelines
 * it wires them into. The chart appends receivers and prepends processors to the pipeline lists after the
 * merge; we add them where the user's pipeline has no such list (a user's list keeps its own items: the
 * components it leaves out are then only "unused", which we do not report for text we add, see helmValues.ts).
 * Names after `rewriteDeprecatedComponentNames` (default true): filelog→file_log, k8sattributes→k8s_attributes.
 */
interface PresetPart {
  section: string;
  id: string;
  /** [signal, list] this component is wired into. */
  wire: [string, 'receivers' | 'processors' | 'exporters'][];
}

const ALL_SIGNALS = ['logs', 'metrics', 'traces', 'profiles'];

function presetParts(preset: string, rewrite: boolean, options: Record<string, unknown>): PresetPart[] {
  const on = (v: unknown) => isObj(v) && v.enabled === true;
  const receiver = (id: string, ...signals: string[]): PresetPart => ({ section: 'receivers', id, wire: signals.map((s) => [s, 'receivers']) });
  switch (preset) {
    case 'logsCollection':
      return [receiver(rewrite ? 'file_log' : 'filelog', 'logs'), ...(options.storeCheckpoints ? [{ section: 'extensions', id: 'file_storage', wire: [] }] : [])];
    case 'hostMetrics':
      return [receiver('hostmetrics', 'metrics')];
    case 'profiling':
      return [receiver('profiling', 'profiles'), { section: 'exporters', id: 'debug', wire: [['profiles', 'exporters']] }];
    case 'kubeletMetrics':
      return [receiver('kubeletstats', 'metrics')];
    case 'kubernetesAttributes':
      return [{ section: 'processors', id: rewrite ? 'k8s_attributes' : 'k8sattributes', wire: ALL_SIGNALS.map((s) => [s, 'processors']) }];
    case 'kubernetesEvents':
      return [receiver(options.useK8sEventsReceiver ? 'k8s_events' : 'k8sobjects', 'logs')];
    case 'kubernetesObjects':
      return [receiver('k8sobjects', 'logs')];
    case 'clusterMetrics':
      return [receiver('k8s_cluster', 'metrics')];
    case 'resourceDetection':
      return [{ section: 'processors', id: 'resourcedetection/env', wire: ['logs', 'metrics', 'traces'].map((s) => [s, 'processors']) }];
    case 'annotationDiscovery':
      return [
        { section: 'extensions', id: 'k8s_observer', wire: [] },
        ...(on(options.logs) ? [receiver('receiver_creator/logs', 'logs')] : []),
        ...(on(options.metrics) ? [receiver('receiver_creator/metrics', 'metrics')] : []),
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
 * the chart takes as is) plus what enabled presets add. `user` is the user's config (to know which pipelines exist).
 */
export function chartBase(values: Record<string, unknown>, alternate: boolean, user: unknown): { [k: string]: Json } {
  const base: { [k: string]: Json } = alternate ? {} : JSON.parse(JSON.stringify(CHART_DEFAULT_CONFIG));
  const rewrite = values.rewriteDeprecatedComponentNames !== false;
  const presets = isObj(values.presets) ? values.presets : {};
  const userPipelines = isObj(user) && isObj(user.service) && isObj(user.service.pipelines) ? user.service.pipelines : {};
  for (const [name, opts] of Object.entries(presets)) {
    if (!isObj(opts)) continue;
    const on = (v: unknown) => isObj(v) && v.enabled === true;
    // annotationDiscovery is switched on per signal (`logs.enabled`, `metrics.enabled`), the others as a whole.
    if (name === 'annotationDiscovery' ? !on(opts.logs) && !on(opts.metrics) : opts.enabled !== true) continue;
    for (const part of presetParts(name, rewrite, opts)) {
      const sec = (base[part.section] ??= {}) as { [k: string]: Json };
      sec[part.id] ??= {};
      for (const [signal, list] of part.wire) {
        const service = (base.service ??= {}) as { [k: string]: Json };
        const pipelines = (service.pipelines ??= {}) as { [k: string]: Json };
        // Processors go only into pipelines that exist; receivers create theirs (the chart's fragment does).
        if (list === 'processors' && !(signal in pipelines) && !(signal in userPipelines)) continue;
        const p = (pipelines[signal] ??= {}) as { [k: string]: Json };
        const items = (p[list] ??= []) as Json[];
        if (!items.includes(part.id)) {
          if (list === 'processors') items.unshift(part.id);
          else items.push(part.id);
        }
      }
    }
  }
  return base;
}

/** One `key: value` line of YAML for text we add (JSON is YAML flow syntax, so values need no emitter). */
export function yamlLine(key: string, value: Json): string {
  return `${isPlainKey(key) ? key : JSON.stringify(key)}: ${JSON.stringify(value)}`;
}

export type { Json };
