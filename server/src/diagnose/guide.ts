/**
 * The troubleshooting guide's sections, their links, and which diagnosis check (or config rule / hover) covers
 * each one.
 */
import { GUIDE_BASE } from '../cluster/health';

/** Every section title of the guide, in guide order (H2 sections followed by their H3 subsections). */
export const GUIDE_SECTIONS = [
  'Metrics Not Appearing',
  'Verify OTEL Configuration',
  'Check Collector Health',
  'Inspect Collector Logs',
  'Cache Metrics Missing',
  'Workaround',
  'High Memory Usage',
  'Adjust Collector Batch Size',
  'Increase Memory Limits',
  'Reduce Metric Cardinality',
  'Out-of-Order Samples',
  'Enable Out-of-Order Ingestion',
  'Worker Connection Issues',
  'Workers Not Connecting to Scheduler',
  'Worker Disconnecting Frequently',
  'Execution Failures',
  'Actions Timing Out',
  'High Retry Rate',
  'Cache Issues',
  'Low Cache Hit Rate',
  'Cache Operation Errors',
  'Performance Issues',
  'High Queue Depth',
  'Slow Cache Operations',
  'Alert Rules',
  'High Error Rate',
  'Cache Miss Rate High',
  'Queue Backlog',
  'Worker Utilization Low',
  'Component Health Failed',
  'Getting Help',
] as const;

export type GuideSection = (typeof GUIDE_SECTIONS)[number];

/** Anchor of a section: lower-cased, whitespace → '-'. */
export function sectionAnchor(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, '-');
}

export function sectionDocs(title: string): string {
  return `${GUIDE_BASE}#${sectionAnchor(title)}`;
}

/**
 * Section → what covers it. Plain ids are diagnosis checks of this engine; `config:<rule id>` entries are
 * config diagnostics/hovers of the language server; `report:<part>` is part of the rendered report itself.
 */
export const GUIDE_COVERAGE: Readonly<Record<GuideSection, readonly string[]>> = {
  'Metrics Not Appearing': ['prometheus-ready', 'nativelink-metrics', 'otel-resource', 'collector-health', 'collector-receiving', 'collector-exports'],
  'Verify OTEL Configuration': ['otel-resource', 'nativelink-metrics', 'config:collector/otlp-ports'],
  'Check Collector Health': ['collector-health', 'collector-receiving', 'config:collector/health-check-enabled', 'config:collector/internal-telemetry'],
  'Inspect Collector Logs': ['collector-exports', 'collector-memory', 'config:collector/exporter-endpoint', 'config:collector/metrics-to-prometheus'],
  'Cache Metrics Missing': ['cache-metrics', 'config:nativelink/cache-metrics-missing'],
  Workaround: ['cache-metrics', 'cache-hit-rate'],
  'High Memory Usage': ['collector-memory', 'metric-cardinality'],
  'Adjust Collector Batch Size': ['collector-memory', 'config:collector/batch-tuning', 'config:collector/batch-config'],
  'Increase Memory Limits': ['collector-memory', 'config:collector/memory-limit-tuning', 'config:collector/memory-limiter-config'],
  'Reduce Metric Cardinality': ['metric-cardinality', 'config:collector/high-cardinality-labels'],
  'Out-of-Order Samples': ['out-of-order'],
  'Enable Out-of-Order Ingestion': ['out-of-order'],
  'Worker Connection Issues': ['workers-available', 'worker-disconnects'],
  'Workers Not Connecting to Scheduler': ['workers-available', 'workers-draining', 'scheduler-matching', 'config:nativelink/worker-timeout-default', 'config:nativelink/worker-api-scheduler', 'config:nativelink/platform-properties'],
  'Worker Disconnecting Frequently': ['worker-disconnects', 'worker-keepalives', 'config:nativelink/worker-timeout-default'],
  'Execution Failures': ['execution-failures', 'execution-timeouts', 'execution-retries'],
  'Actions Timing Out': ['execution-timeouts', 'execution-stages', 'config:nativelink/client-action-timeout', 'config:nativelink/action-executing-timeout'],
  'High Retry Rate': ['execution-retries', 'execution-failures', 'config:nativelink/max-job-retries'],
  'Cache Issues': ['cache-hit-rate', 'cache-evictions', 'cache-errors'],
  'Low Cache Hit Rate': ['cache-hit-rate', 'cache-evictions', 'fast-tier', 'config:nativelink/memory-store-unbounded'],
  'Cache Operation Errors': ['cache-errors', 'backend-connections', 'rpc-errors', 'config:nativelink/redis-config'],
  'Performance Issues': ['queue-depth', 'worker-utilization', 'cache-latency', 'execution-stages', 'rpc-cache-latency'],
  'High Queue Depth': ['queue-depth', 'worker-utilization', 'scheduler-matching', 'config:nativelink/allocation-strategy'],
  'Slow Cache Operations': ['cache-latency', 'rpc-cache-latency'],
  'Alert Rules': ['alert-rules', 'alert-rules-loaded'],
  'High Error Rate': ['alert-rules', 'execution-failures', 'rpc-errors'],
  'Cache Miss Rate High': ['alert-rules', 'cache-hit-rate'],
  'Queue Backlog': ['alert-rules', 'queue-depth'],
  'Worker Utilization Low': ['alert-rules', 'worker-utilization'],
  'Component Health Failed': ['alert-rules', 'nativelink-metrics', 'component-health'],
  'Getting Help': ['report:help-links'],
};

/** Where to get help; printed at the end of every report. */
export const HELP_LINKS: ReadonlyArray<{ title: string; url: string }> = [
  { title: 'Troubleshooting guide', url: GUIDE_BASE },
  { title: 'NativeLink issues on GitHub', url: 'https://github.com/TraceMachina/nativelink/issues' },
  { title: 'NativeLink documentation', url: 'https://docs.nativelink.com' },
  { title: 'Performance tuning', url: 'https://docs.nativelink.com/operate/tuning' },
];
