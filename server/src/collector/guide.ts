/** Links to the NativeLink troubleshooting guide and the collector docs that rules cite. */
export const GUIDE_BASE = 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting';

/** Anchor from a guide section title: lower-cased, spaces → '-'. */
export function guideAnchor(title: string): string {
  return `${GUIDE_BASE}#${title.trim().toLowerCase().replace(/\s+/g, '-')}`;
}

export const GUIDE = {
  highMemory: guideAnchor('High Memory Usage'),
  batchSize: guideAnchor('Adjust Collector Batch Size'),
  memoryLimits: guideAnchor('Increase Memory Limits'),
  cardinality: guideAnchor('Reduce Metric Cardinality'),
  collectorHealth: guideAnchor('Check Collector Health'),
  metricsMissing: guideAnchor('Metrics Not Appearing'),
  collectorLogs: guideAnchor('Inspect Collector Logs'),
};

const COLLECTOR_DOCS = 'https://opentelemetry.io/docs/collector/configuration/';
export const DOCS = {
  configuration: COLLECTOR_DOCS,
  pipelines: `${COLLECTOR_DOCS}#pipelines`,
  service: `${COLLECTOR_DOCS}#service`,
  connectors: `${COLLECTOR_DOCS}#connectors`,
  receivers: `${COLLECTOR_DOCS}#receivers`,
  processors: `${COLLECTOR_DOCS}#processors`,
  exporters: `${COLLECTOR_DOCS}#exporters`,
  extensions: `${COLLECTOR_DOCS}#extensions`,
  envVars: `${COLLECTOR_DOCS}#environment-variables`,
  telemetry: 'https://opentelemetry.io/docs/collector/internal-telemetry/',
  batch: 'https://github.com/open-telemetry/opentelemetry-collector/blob/v0.159.0/processor/batchprocessor/README.md',
  memoryLimiter: 'https://github.com/open-telemetry/opentelemetry-collector/blob/v0.159.0/processor/memorylimiterprocessor/README.md',
  otlpReceiver: 'https://github.com/open-telemetry/opentelemetry-collector/blob/v0.159.0/receiver/otlpreceiver/README.md',
  processorOrder: 'https://github.com/open-telemetry/opentelemetry-collector/blob/v0.159.0/processor/README.md#recommended-processors',
  renames: 'https://github.com/open-telemetry/opentelemetry-collector-contrib/issues/45339',
};
