/**
 * Files of the shared corpus (see sharedPaths.ts) that both the collector rules and the OTel schema
 * are tested against. Kept in one list so the two suites cannot drift apart on what counts as valid.
 */

/** Whole collector configs under corpus/otel that the real collector accepts (per corpus SOURCES.md). */
export const VALID_OTEL_CONFIGS: readonly string[] = [
  'opentelemetry-collector__otelcol-testdata-otelcol-nop.yaml',
  'opentelemetry-collector__otelcol-testdata-otelcol-valid-connector-use.yaml',
  'opentelemetry-collector__otelcol-testdata-otelcol-log-to-file.yaml',
  'opentelemetry-collector__otelcol-testdata-otelcol-otelconftelemetry.yaml',
  'opentelemetry-collector__examples-local-otel-config.yaml',
  'otelbin__packages-otelbin-validation-test-assets-config-default.yaml',
  'otelbin__packages-otelbin-validation-test-assets-config-env-interpolation.yaml',
  'opentelemetry-demo__src-otel-collector-otelcol-config.yaml',
  'opentelemetry-demo__src-otel-collector-otelcol-ebpf-profiling.yaml',
  'opentelemetry-collector-contrib__examples-fault-tolerant-logs-collection-otel-col-config.yaml',
  'opentelemetry-collector-contrib__examples-logline-filtering-otel-col-config-filter-out-logs.yaml',
];
