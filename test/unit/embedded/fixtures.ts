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

/**
 * A multi-document manifest in the shape of NativeLink's deployment-examples/metrics/kubernetes/otel-collector.yaml
 * (v1.6.6): a ConfigMap holding `collector.yaml`, then a Service and a Deployment mounting it. Our own text.
 */
export const NATIVELINK_STYLE_MANIFEST = `# Collector for NativeLink metrics
apiVersion: v1
kind: ConfigMap
metadata:
  name: metrics-collector
  namespace: build
data:
  collector.yaml: |
    receivers:
      otlp:
        protocols:
          grpc:
            endpoint: 0.0.0.0:4317

    processors:
      memory_limiter:
        check_interval: 1s
        limit_mib: 1024
        spike_limit_mib: 256
      batch:
        timeout: 10s
        send_batch_size: 512
        send_batch_max_size: 1024
      attributes/drop_digest:
        actions:
          - key: execution_action_digest
            action: delete

    exporters:
      prometheus:
        endpoint: 0.0.0.0:9090
        namespace: nativelink

    extensions:
      health_check:
        endpoint: 0.0.0.0:13133

    service:
      extensions: [health_check]
      pipelines:
        metrics:
          receivers: [otlp]
          processors: [memory_limiter, attributes/drop_digest, batch]
          exporters: [prometheus]
      telemetry:
        metrics:
          readers:
            - pull:
                exporter:
                  prometheus:
                    host: 0.0.0.0
                    port: 8888

---
apiVersion: v1
kind: Service
metadata:
  name: metrics-collector
  namespace: build
spec:
  selector:
    app: metrics-collector
  ports:
    - name: otlp-grpc
      port: 4317
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-collector
  namespace: build
spec:
  replicas: 1
  selector:
    matchLabels:
      app: metrics-collector
  template:
    metadata:
      labels:
        app: metrics-collector
    spec:
      containers:
        - name: collector
          image: otel/opentelemetry-collector-contrib:0.98.0
          args: ["--config=/conf/collector.yaml"]
          volumeMounts:
            - name: config
              mountPath: /conf
      volumes:
        - name: config
          configMap:
            name: metrics-collector
`;
