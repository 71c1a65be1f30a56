/**
 * Pinned upstream sources that checks cite in their `upstream` field (repository@tag:path), so every claim a
 * check encodes can be re-read at the exact version it was written against.
 */
export const NATIVELINK_TAG = 'v1.6.6';
/** Collector core and contrib are released in lockstep; the reference notes pin a core commit just after this tag. */
export const COLLECTOR_TAG = 'v0.159.0';
export const PROMETHEUS_TAG = 'v3.14.0';

export const nl = (path: string): string => `TraceMachina/nativelink@${NATIVELINK_TAG}:${path}`;
export const otelcol = (path: string): string => `open-telemetry/opentelemetry-collector@${COLLECTOR_TAG}:${path}`;
export const contrib = (path: string): string => `open-telemetry/opentelemetry-collector-contrib@${COLLECTOR_TAG}:${path}`;
export const prom = (path: string): string => `prometheus/prometheus@${PROMETHEUS_TAG}:${path}`;

/** Sources most checks share. */
export const NL_METRICS = nl('nativelink-util/src/metrics.rs');
export const NL_TELEMETRY = nl('nativelink-util/src/telemetry.rs');
export const PROM_EXPORTER = contrib('exporter/prometheusexporter/collector.go');
export const PROM_TRANSLATOR = contrib('pkg/translator/prometheus/normalize_name.go');
