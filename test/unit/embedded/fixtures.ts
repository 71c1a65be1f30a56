/** Our own fixtures for embedded-document tests (modelled on real manifests; none copied). */

/** A collector config with one broken reference, ordering advice and a high-cardinality pipeline. */
export const COLLECTOR = `receivers:
  otlp:
    protocols:
      grpc:
        endpoint: \${env:MY_POD_IP}:4317

processors:
  batch:
    send_batch_size: 512
    send_batch_max_size: 1024
  memory_limiter:
    check_interval: 1s
    limit_mib: 1024
    spike_limit_mib: 256
exporters:
  prometheus:
    endpoint: 0.0.0.0:9090
  debug: {}
extensions:
  health_check: {}
service:
  extensions: [health_check]
  pipelines:
    metrics:
      receivers: [otlp]
      processors: [batch, memory_limiter]
      exporters: [prometheus, debugg]
`;

/** A NativeLink config (JSON5) whose AC service names a store that does not exist; `\${VAR}` expansion inside. */
export const NATIVELINK = `// NativeLink CAS, kept in a ConfigMap
{
  stores: [
    { name: "CAS", memory: { eviction_policy: { max_bytes: "1gb" } } },
    { name: "AC", memory: { eviction_policy: { max_bytes: "100mb" } } },
  ],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:\${PORT:-50051}" } },
    services: {
      cas: [{ instance_name: "main", cas_store: "CAS" }],
      ac: [{ instance_name: "main", ac_store: "ACC" }],
    },
  }],
}
`;

/** `text` indented by `n` spaces, blank lines left empty (as editors save them). */
export function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');
}

export function configMap(key: string, body: string, header = '|'): string {
  return `# a ConfigMap beside its Deployment
apiVersion: v1
kind: ConfigMap
metadata:
  name: otel-collector-config
  namespace: nativelink
data:
  ${key}: ${header}
${indent(body, 4)}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: otel-collector
spec:
  template:
    spec:
      containers:
        - name: otel-collector
          image: otel/opentelemetry-collector-contrib:0.98.0
          args: ["--config=/conf/${key}"]
`;
}

export function operatorV1alpha1(body: string): string {
  return `apiVersion: opentelemetry.io/v1alpha1
kind: OpenTelemetryCollector
metadata:
  name: otel
spec:
  mode: deployment
  config: |
${indent(body, 4)}`;
}

export function operatorV1beta1(body: string): string {
  return `apiVersion: opentelemetry.io/v1beta1
kind: OpenTelemetryCollector
metadata:
  name: otel
spec:
  mode: deployment
  config:
${indent(body, 4)}`;
}
