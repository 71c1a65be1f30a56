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

/**
 * Corpus files that genuinely fail the binary's startup checks, with the findings we expect there.
 * Everything else must produce no error-severity finding from our rules.
 */
export const NATIVELINK_KNOWN_BAD: Readonly<Record<string, readonly string[]>> = {
  // Negative upstream test fixture: "CAS and AC use the same store 'MAIN_STORE'".
  'duplicate_servers.json5': ['nativelink/cas-ac-same-store'],
  // Parse-only example: `stores: []` and no schedulers, yet its services name CAS_MAIN_STORE, MAIN_SCHEDULER, ...;
  // the binary fails with "'cas_store': 'CAS_MAIN_STORE' does not exist".
  'legacy_service_config.json5': ['nativelink/undefined-scheduler', 'nativelink/undefined-store'],
  // Generated from doc-comment snippets (stores named "0".."22"); its ref_store entries point at
  // CAS_MAIN_STORE / FS_CONTENT_STORE, which the file never defines, so post_init would fail.
  'stores-config.json5': ['nativelink/undefined-store'],
};

