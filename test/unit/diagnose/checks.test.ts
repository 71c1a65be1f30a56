import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PromError } from '../../../server/src/cluster/prometheus';
import { ALL_DIAGNOSE_CHECKS } from '../../../server/src/diagnose/checks';
import { GUIDE_COVERAGE, GUIDE_SECTIONS, sectionDocs } from '../../../server/src/diagnose/guide';
import type { DiagnosisReport, Finding } from '../../../server/src/diagnose/types';
import { diagnose, LOADED_ALERTS, NAMES, httpFake } from './fake';
import { GUIDE_PATH } from '../../sharedPaths';

function ids(r: DiagnosisReport): string[] {
  return r.findings.map((f) => `${f.severity}:${f.id}`);
}

function only(r: DiagnosisReport, id: string): Finding {
  const f = r.findings.find((x) => x.id === id);
  assert.ok(f, `no finding ${id}; got ${ids(r).join(', ')}`);
  assert.ok(f.title && f.summary && f.docs.startsWith('https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting#'), JSON.stringify(f));
  assert.ok(f.evidence.length >= 1, `${id} has evidence`);
  for (const e of f.evidence) assert.ok(e.kind === 'promql' ? !!e.query : !!e.url, JSON.stringify(e));
  return f;
}

const COLLECTOR_NAMES = [...NAMES, 'otelcol_receiver_accepted_metric_points', 'otelcol_receiver_refused_metric_points', 'otelcol_exporter_send_failed_metric_points', 'otelcol_exporter_sent_metric_points', 'otelcol_process_memory_rss', 'otelcol_processor_refused_metric_points'];

describe('diagnose: guide coverage', () => {
  it('every check has a unique id, a guide section and its anchor', () => {
    const seen = new Set<string>();
    for (const c of ALL_DIAGNOSE_CHECKS) {
      assert.ok(!seen.has(c.id), c.id);
      seen.add(c.id);
      assert.ok((GUIDE_SECTIONS as readonly string[]).includes(c.section), `${c.id}: ${c.section}`);
      assert.equal(c.docs, sectionDocs(c.section));
      assert.match(c.docs, /#[a-z0-9-]+$/);
    }
    assert.equal(sectionDocs('Out-of-Order Samples'), 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting#out-of-order-samples');
  });

  it('every section of the guide is covered, and every id in the table exists', function () {
    const file = GUIDE_PATH;
    if (!existsSync(file)) this.skip();
    const guide = readFileSync(file, 'utf8');
    const lines = new Set(guide.split('\n').map((l) => l.trim()));
    const checkIds = new Set(ALL_DIAGNOSE_CHECKS.map((c) => c.id));
    for (const s of GUIDE_SECTIONS) {
      assert.ok(lines.has(s), `section "${s}" is not a heading line of the guide`);
      const cov = GUIDE_COVERAGE[s];
      assert.ok(cov && cov.length > 0, `section ${s} is not covered`);
      for (const id of cov) assert.ok(checkIds.has(id) || /^(config|report):/.test(id), `${s}: unknown id ${id}`);
      if (s !== 'Getting Help') assert.ok(cov.some((id) => checkIds.has(id) || id.startsWith('config:')), s);
    }
    // Every check appears somewhere in the table.
    const all = new Set(Object.values(GUIDE_COVERAGE).flat());
    for (const id of checkIds) assert.ok(all.has(id), `${id} is missing from GUIDE_COVERAGE`);
  });
});

describe('diagnose checks against a fake Prometheus', () => {
  it('a healthy fake cluster: no finding; each check passed or says why it was skipped', async () => {
    const { report } = await diagnose({});
    assert.deepEqual(ids(report), []);
    for (const c of report.checks) assert.ok(c.state === 'passed' || (c.state === 'skipped' && (c.reason ?? '').length > 10), `${c.id}: ${c.state} ${c.reason}`);
    assert.ok(report.passed.includes('queue-depth'));
    assert.equal(report.prometheusVersion, '2.42.0');
    assert.deepEqual(report.counts, { critical: 0, warning: 0, info: 0 });
  });

  describe('prometheus-ready', () => {
    it('warning when /-/ready answers 503', async () => {
      const { report } = await diagnose({ ready: { ready: false, status: 503, text: 'Service Unavailable' } }, ['prometheus-ready']);
      assert.equal(only(report, 'prometheus-ready').severity, 'warning');
    });
    it('passes when readiness is not offered (404)', async () => {
      const { report } = await diagnose({ ready: { ready: null, status: 404, text: '' } }, ['prometheus-ready']);
      assert.deepEqual(report.passed, ['prometheus-ready']);
    });
    it('an error in the readiness call becomes a finding, not a crash', async () => {
      const { report } = await diagnose({ ready: new PromError('server', 'HTTP 500 from /-/ready') }, ['prometheus-ready']);
      const f = only(report, 'prometheus-ready');
      assert.equal(f.severity, 'warning');
      assert.match(f.summary, /HTTP 500/);
    });
  });

  describe('nativelink-metrics', () => {
    it('critical when no NativeLink series exist', async () => {
      const { report } = await diagnose({ names: ['up'] }, ['nativelink-metrics']);
      const f = only(report, 'nativelink-metrics');
      assert.equal(f.severity, 'critical');
      assert.match(f.title, /No NativeLink metrics/);
      assert.ok(f.actions.some((a) => /OTEL/.test(a)));
    });
    it('critical with a trend when samples are stale', async () => {
      const { report } = await diagnose({ rules: [[/time\(\) - max\(timestamp/, 1500], [/^count\(count by/, undefined]] }, ['nativelink-metrics']);
      const f = only(report, 'nativelink-metrics');
      assert.match(f.title, /stopped arriving/);
      assert.ok(f.evidence.some((e) => e.series && e.series[0].points.length === 30));
    });
  });

  describe('otel-resource', () => {
    // contrib exporter/prometheusexporter/collector.go (createTargetInfoMetrics) moves service.name/namespace/
    // instance.id into job/instance, so a correct deployment's target_info has no service_name at all; NativeLink
    // hard-codes service.name (nativelink-util/src/telemetry.rs), so OTEL_SERVICE_NAME advice would be false.
    it('passes on a correct deployment whose target_info has no service_name', async () => {
      const { report } = await diagnose({}, ['otel-resource']);
      assert.deepEqual(report.passed, ['otel-resource']);
    });
    it('never advises OTEL_SERVICE_NAME', async () => {
      const { report } = await diagnose({ series: [{ exported_instance: 'a', exported_job: 'nativelink/nativelink', job: 'otel-collector' }] }, ['otel-resource']);
      for (const f of report.findings) assert.doesNotMatch(`${f.summary} ${f.actions.join(' ')} ${f.causes.join(' ')}`, /OTEL_SERVICE_NAME|unknown_service/);
    });
    it('warning when the per-process instance id was dropped on the way', async () => {
      const { report } = await diagnose({ series: [{ job: 'otel-collector', instance: 'otel-collector:9464', instance_name: 'main' }] }, ['otel-resource']);
      const f = only(report, 'otel-resource/instance-id');
      assert.equal(f.severity, 'warning');
      assert.match(f.summary, /service\.instance\.id/);
    });
    it('info when instance_name is missing', async () => {
      const { report } = await diagnose({ series: [{ exported_instance: 'a', job: 'otel-collector' }] }, ['otel-resource']);
      assert.equal(only(report, 'otel-resource/instance-name').severity, 'info');
    });
    it('info when there is no target_info', async () => {
      const { report } = await diagnose({ names: NAMES.filter((n) => n !== 'nativelink_target_info') }, ['otel-resource']);
      assert.equal(only(report, 'otel-resource/no-target-info').severity, 'info');
    });
    it('without the namespace, says target_info cannot be attributed (never "no target_info" when one exists)', async () => {
      const names = [...NAMES.filter((n) => n.startsWith('nativelink_') && n !== 'nativelink_target_info').map((n) => n.slice('nativelink_'.length)), 'target_info'];
      const { report } = await diagnose({ names }, ['otel-resource']);
      const f = only(report, 'otel-resource/target-info-unattributable');
      assert.equal(f.severity, 'info');
      assert.match(f.actions.join(' '), /namespace: nativelink/);
      assert.ok(!report.findings.some((x) => x.id === 'otel-resource/no-target-info'));
    });
  });

  describe('collector-health', () => {
    it('skipped without a URL, passed on 200', async () => {
      let { report } = await diagnose({}, ['collector-health']);
      assert.equal(report.skipped[0].id, 'collector-health');
      const h = httpFake({ 'http://col:13133/': { status: 200, contentType: 'application/json', text: '{"status":"Server available"}' } });
      ({ report } = await diagnose({}, ['collector-health'], { collectorHealthUrl: 'http://col:13133/', http: h.fn }));
      assert.deepEqual(report.passed, ['collector-health']);
    });
    it('takes the URL from the collector config facts', async () => {
      const h = httpFake({ 'http://localhost:13133/': { status: 503, contentType: 'text/plain', text: 'unavailable' } });
      const { report } = await diagnose({}, ['collector-health'], { config: { healthCheckEndpoint: '0.0.0.0:13133/' }, http: h.fn });
      assert.equal(only(report, 'collector-health').severity, 'critical');
      assert.deepEqual(h.calls, ['http://localhost:13133/']);
    });
    it('warning when nothing answers', async () => {
      const h = httpFake({});
      const { report } = await diagnose({}, ['collector-health'], { collectorHealthUrl: 'http://col:13133/', http: h.fn });
      const f = only(report, 'collector-health');
      assert.equal(f.severity, 'warning');
      assert.match(f.summary, /refused/);
    });
    it('still runs when Prometheus is down', async () => {
      const h = httpFake({ 'http://col:13133/': { status: 200, contentType: 'text/plain', text: 'ok' } });
      const { report } = await diagnose({ buildinfo: new PromError('unreachable', 'Nothing is listening') }, undefined, { collectorHealthUrl: 'http://col:13133/', http: h.fn });
      assert.deepEqual(report.passed, ['collector-health']);
    });
  });

  describe('collector-receiving / collector-exports / collector-memory', () => {
    const scrape = [
      'otelcol_receiver_accepted_metric_points{receiver="otlp",transport="grpc"} 0',
      'otelcol_receiver_refused_metric_points{receiver="otlp"} 12',
      'otelcol_exporter_sent_metric_points{exporter="prometheus"} 10',
      'otelcol_exporter_send_failed_metric_points{exporter="prometheus"} 90',
      'otelcol_process_memory_rss 500000000',
      'otelcol_processor_refused_metric_points{processor="memory_limiter"} 3',
    ].join('\n');
    it('from a direct scrape: nothing accepted (critical), refused + failed exports, memory near the limit', async () => {
      const h = httpFake({ 'http://col:8888/metrics': { status: 200, contentType: 'text/plain', text: scrape } });
      const { report } = await diagnose({}, ['collector-receiving', 'collector-exports', 'collector-memory'], { collectorMetricsUrl: 'http://col:8888/metrics', http: h.fn, config: { memoryLimiter: { limitMib: 512, spikeLimitMib: 128 }, batch: { sendBatchSize: 8192 } } });
      assert.equal(only(report, 'collector-receiving').severity, 'critical');
      assert.equal(only(report, 'collector-exports/refused').severity, 'warning');
      assert.equal(only(report, 'collector-exports/failed').severity, 'critical');
      const mem = only(report, 'collector-memory');
      assert.equal(mem.severity, 'critical');
      assert.equal(mem.config?.kind, 'collector');
      assert.equal(mem.config?.suggested, 1024);
      assert.ok(mem.actions.some((a) => /8192/.test(a)));
    });
    it('from Prometheus: accepted rising passes; memory below the soft limit passes', async () => {
      const { report } = await diagnose({ names: COLLECTOR_NAMES, rules: [[/otelcol_receiver_accepted/, [{ metric: { receiver: 'otlp' }, value: 120 }]], [/otelcol_process_memory_rss/, 100 * 1048576], [/otelcol_/, 0]] }, ['collector-receiving', 'collector-exports', 'collector-memory'], { config: { memoryLimiter: { limitMib: 512, spikeLimitMib: 128 } } });
      assert.deepEqual(report.findings, []);
      assert.deepEqual(report.passed.sort(), ['collector-exports', 'collector-memory', 'collector-receiving']);
    });
    // processor/memorylimiterprocessor/metadata.yaml renamed the refusal counter in v0.155.0; both spellings count.
    it('refusals under the current memory_limiter name, and both spellings summed after an upgrade', async () => {
      const h = httpFake({ 'http://col:8888/metrics': { status: 200, contentType: 'text/plain', text: 'otelcol_process_runtime_heap_alloc_bytes 100000000\notelcol_processor_memory_limiter_refused_metric_points_total{processor="memory_limiter"} 7' } });
      let { report } = await diagnose({}, ['collector-memory'], { collectorMetricsUrl: 'http://col:8888/metrics', http: h.fn });
      assert.match(only(report, 'collector-memory').evidence.map((e) => e.value).join(' '), /7 points refused by the memory_limiter/);
      const names = [...NAMES, 'otelcol_processor_memory_limiter_refused_metric_points_total', 'otelcol_processor_refused_metric_points_total'];
      ({ report } = await diagnose({ names, rules: [[/\{__name__=~"otelcol_processor_memory_limiter_refused_metric_points_total\|otelcol_processor_refused_metric_points_total"\}/, 2], [/otelcol_/, undefined]] }, ['collector-memory']));
      assert.equal(only(report, 'collector-memory').severity, 'critical');
    });
    // internal/memorylimiter compares runtime.MemStats.Alloc (Go heap) with its limits, not RSS.
    it('compares the Go heap with the limiter threshold; RSS alone is worded as an estimate', async () => {
      const config = { memoryLimiter: { limitMib: 512, spikeLimitMib: 128 } };
      const heapNames = [...NAMES, 'otelcol_process_runtime_heap_alloc_bytes', 'otelcol_process_memory_rss_bytes'];
      let { report } = await diagnose({ names: heapNames, rules: [[/otelcol_process_runtime_heap_alloc_bytes/, 100 * 1048576], [/otelcol_process_memory_rss/, 500 * 1048576], [/otelcol_/, undefined]] }, ['collector-memory'], { config });
      assert.deepEqual(report.passed, ['collector-memory'], 'RSS near the limit but heap far below it: the limiter is not close to refusing');
      ({ report } = await diagnose({ names: heapNames, rules: [[/otelcol_process_runtime_heap_alloc_bytes/, 380 * 1048576], [/otelcol_/, undefined]] }, ['collector-memory'], { config }));
      assert.match(only(report, 'collector-memory').summary, /Go heap holds 380 MiB.*when the heap reaches 384 MiB/);
      ({ report } = await diagnose({ names: [...NAMES, 'otelcol_process_memory_rss_bytes'], rules: [[/otelcol_process_memory_rss/, 400 * 1048576], [/otelcol_/, undefined]] }, ['collector-memory'], { config }));
      assert.match(only(report, 'collector-memory').summary, /resident memory is 400 MiB \(the heap the limiter measures is somewhat smaller/);
    });
    it('names the VS Code setting inside VS Code and the flag on the command line', async () => {
      let { report } = await diagnose({}, ['collector-memory'], { surface: 'vscode' });
      assert.match(report.skipped[0].reason, /nativelink\.clusters\[\]\.collectorMetricsUrl setting/);
      assert.doesNotMatch(report.skipped[0].reason, /--collector-metrics/);
      ({ report } = await diagnose({}, ['collector-memory'], { surface: 'cli' }));
      assert.match(report.skipped[0].reason, /--collector-metrics/);
      assert.doesNotMatch(report.skipped[0].reason, /nativelink\.clusters/);
    });
    it('from Prometheus: accepted flat is critical; failed exports by exporter', async () => {
      const { report } = await diagnose({ names: COLLECTOR_NAMES, rules: [[/otelcol_receiver_accepted/, [{ metric: { receiver: 'otlp' }, value: 0 }]], [/sum by \(exporter\)/, [{ metric: { exporter: 'prometheusremotewrite' }, value: 5 }]], [/otelcol_/, 0]] }, ['collector-receiving', 'collector-exports']);
      assert.equal(only(report, 'collector-receiving').severity, 'critical');
      assert.match(only(report, 'collector-exports/failed').evidence[0].value, /prometheusremotewrite/);
    });
    it('skipped when no collector metrics exist anywhere; warning when the metrics URL fails', async () => {
      let { report } = await diagnose({}, ['collector-receiving']);
      assert.equal(report.skipped[0].id, 'collector-receiving');
      ({ report } = await diagnose({}, ['collector-receiving'], { collectorMetricsUrl: 'http://col:8888/metrics', http: httpFake({}).fn }));
      assert.equal(only(report, 'collector-receiving/unreadable').severity, 'warning');
    });
  });

  describe('cache-metrics', () => {
    it('warning with the workaround hit rate when only execution metrics exist', async () => {
      const names = NAMES.filter((n) => !n.startsWith('nativelink_cache'));
      const { report } = await diagnose({ names, rules: [[/execution_result="cache_hit"/, 0.6]] }, ['cache-metrics'], { config: { cacheMetricsWrapped: false, stores: [{ name: 'CAS_MAIN', kind: 'memory', key: 'stores[0].memory.eviction_policy.max_bytes' }] } });
      const f = only(report, 'cache-metrics');
      assert.equal(f.severity, 'warning');
      assert.match(f.summary, /cache_metrics/);
      assert.ok(f.evidence.some((e) => /cache_hit/.test(e.query ?? '') && /60\.0%/.test(e.value)), JSON.stringify(f.evidence));
      assert.ok(f.actions.some((a) => /CAS_MAIN/.test(a)));
    });
  });

  describe('metric-cardinality', () => {
    it('info with some digests, warning with many', async () => {
      let { report } = await diagnose({ rules: [[/execution_action_digest/, 200]] }, ['metric-cardinality']);
      assert.equal(only(report, 'metric-cardinality').severity, 'info');
      ({ report } = await diagnose({ rules: [[/execution_action_digest/, 50_000]] }, ['metric-cardinality']));
      assert.equal(only(report, 'metric-cardinality').severity, 'warning');
    });
  });

  describe('out-of-order', () => {
    const names = [...NAMES, 'prometheus_tsdb_out_of_order_samples_total'];
    it('skipped without self-scrape; passed at zero', async () => {
      let { report } = await diagnose({}, ['out-of-order']);
      assert.match(report.skipped[0].reason, /scrape its own/);
      ({ report } = await diagnose({ names }, ['out-of-order']));
      assert.deepEqual(report.passed, ['out-of-order']);
    });
    it('warning with the configured window from /api/v1/status/config', async () => {
      const { report } = await diagnose({ names, rules: [[/prometheus_tsdb_out_of_order/, 4.2]], statusConfigYaml: 'storage:\n  tsdb:\n    out_of_order_time_window: 10m\n' }, ['out-of-order']);
      const f = only(report, 'out-of-order');
      assert.equal(f.severity, 'warning');
      assert.ok(f.evidence.some((e) => /10m/.test(e.value)));
      assert.ok(f.actions.some((a) => /no command-line flag/.test(a)));
    });
  });

  describe('workers-available', () => {
    it('critical when no worker is connected while actions are queued', async () => {
      const { report } = await diagnose({ rules: [[/^sum\(nativelink_worker_connected_count\)$/, 0], [/execution_stage="queued"/, 42]] }, ['workers-available'], { config: { workerTimeoutS: 5 } });
      const f = only(report, 'workers-available');
      assert.equal(f.severity, 'critical');
      assert.match(f.title, /42 actions wait/);
      assert.deepEqual(f.config, { kind: 'nativelink', key: 'schedulers[0].simple.worker_timeout_s', suggested: 30 });
    });
    it('warning when far fewer workers than the last hour\'s peak', async () => {
      const { report } = await diagnose({ rules: [[/^sum\(nativelink_worker_connected_count\)$/, 4]] }, ['workers-available'], { config: { workerTimeoutS: 60, schedulerKey: 'schedulers[1].simple' } });
      const f = only(report, 'workers-available');
      assert.equal(f.severity, 'warning');
      assert.equal(f.config?.key, 'schedulers[1].simple.worker_timeout_s');
      assert.equal(f.config?.suggested, undefined);
    });
    it('skipped when the gauge is missing', async () => {
      const { report } = await diagnose({ names: NAMES.filter((n) => !n.startsWith('nativelink_worker')) }, ['workers-available']);
      assert.equal(report.skipped[0].id, 'workers-available');
    });
  });

  describe('worker-disconnects', () => {
    it('critical with reasons and worker_timeout_s advice', async () => {
      const { report } = await diagnose({ rules: [[/sum by \(worker_disconnect_reason\)/, [{ metric: { worker_disconnect_reason: 'evicted' }, value: 300 }]], [/worker_disconnections_total/, 20]] }, ['worker-disconnects']);
      const f = only(report, 'worker-disconnects');
      assert.equal(f.severity, 'critical');
      assert.match(f.summary, /evicted/);
      assert.match(f.summary, /not set \(default 5 s\)/);
      assert.equal(f.config?.suggested, 30);
    });
  });

  describe('execution-failures', () => {
    it('critical failure share, with concentration on one worker', async () => {
      const byWorker = [{ metric: { execution_worker_id: 'w-bad' }, value: 80 }, { metric: { execution_worker_id: 'w2' }, value: 10 }, { metric: { execution_worker_id: 'w3' }, value: 5 }];
      const { report } = await diagnose({ rules: [[/sort_desc\(sum by \(execution_worker_id\)/, byWorker], [/execution_result=~"failure\|timeout"/, 0.3]] }, ['execution-failures']);
      assert.equal(only(report, 'execution-failures').severity, 'critical');
      const w = only(report, 'execution-failures/workers');
      assert.match(w.title, /w-bad/);
    });
    it('skipped when idle (no executions)', async () => {
      const { report } = await diagnose({ rules: [[/execution_result=~"failure\|timeout"/, NaN]] }, ['execution-failures']);
      assert.equal(report.skipped[0].id, 'execution-failures');
    });
  });

  describe('execution-timeouts', () => {
    // v1.6.6 records only success, failure and cache_hit (simple_scheduler_state_manager.rs,
    // memory_awaited_action_db.rs); ExecutionResult::Timeout has no caller. No timeout samples: not measurable.
    it('says it cannot measure timeouts when no timeout samples exist, never passes', async () => {
      const { report } = await diagnose({ rules: [[/^count\(.*execution_result="timeout"/, undefined], [/execution_retry_count/, 0.4]] }, ['execution-timeouts']);
      assert.deepEqual(report.passed, []);
      assert.equal(report.skipped[0]?.id, 'execution-timeouts');
      assert.match(report.skipped[0].reason, /cannot be measured/);
      assert.match(report.skipped[0].reason, /Retries run at 0\.4\/s/);
    });
    it('measures where timeout samples really exist: warning with the max_action_executing_timeout_s key', async () => {
      const { report } = await diagnose({ rules: [[/^count\(.*execution_result="timeout"/, 3], [/execution_result="timeout"/, 0.03]] }, ['execution-timeouts']);
      const f = only(report, 'execution-timeouts');
      assert.equal(f.severity, 'warning');
      assert.equal(f.config?.key, 'schedulers[0].simple.max_action_executing_timeout_s');
    });
  });

  describe('execution-retries', () => {
    it('warning and max_job_retries suggestion; 0 means the default 3', async () => {
      const { report } = await diagnose({ rules: [[/execution_retry_count_total/, 0.1]] }, ['execution-retries'], { config: { maxJobRetries: 0 } });
      const f = only(report, 'execution-retries');
      assert.equal(f.severity, 'warning');
      assert.match(f.summary, /0, which means the default 3/);
      assert.equal(f.config?.suggested, 2);
    });
  });

  describe('cache checks', () => {
    it('cache-hit-rate: critical with per-type breakdown and store sizing', async () => {
      const { report } = await diagnose({ rules: [[/sum by \(cache_type\)/, [{ metric: { cache_type: 'cas' }, value: 0.1 }]], [/cache_operation_result="hit"/, 0.1]] }, ['cache-hit-rate'], { config: { stores: [{ name: 'CAS', kind: 'memory', maxBytes: 1e9, key: 'stores[0].memory.eviction_policy.max_bytes' }] } });
      const f = only(report, 'cache-hit-rate');
      assert.equal(f.severity, 'critical');
      assert.deepEqual(f.config, { kind: 'nativelink', key: 'stores[0].memory.eviction_policy.max_bytes', suggested: 2e9 });
      assert.ok(f.evidence.some((e) => /"cas": 10\.0%/.test(e.value)));
    });
    it('cache-evictions: warning; skipped when evictions are not recorded', async () => {
      let { report } = await diagnose({ rules: [[/cache_operation_name="evict"/, 40]] }, ['cache-evictions']);
      assert.equal(only(report, 'cache-evictions').severity, 'warning');
      ({ report } = await diagnose({ rules: [[/cache_operation_name="evict"/, undefined]] }, ['cache-evictions']));
      assert.equal(report.skipped[0].id, 'cache-evictions');
    });
    it('cache-errors: severity by share', async () => {
      let { report } = await diagnose({ rules: [[/sum by \(cache_type, cache_operation_name\)/, [{ metric: { cache_type: 'cas', cache_operation_name: 'write' }, value: 2 }]], [/cache_operation_result="error"/, 0.08]] }, ['cache-errors']);
      const f = only(report, 'cache-errors');
      assert.equal(f.severity, 'critical');
      assert.match(f.summary, /"cas" "write"/);
      ({ report } = await diagnose({ names: NAMES.filter((n) => !n.startsWith('nativelink_cache')) }, ['cache-errors']));
      assert.equal(report.skipped[0].id, 'cache-errors');
    });
    it('cache-latency: warning above 1 s', async () => {
      const { report } = await diagnose({ rules: [[/histogram_quantile/, 2.5]] }, ['cache-latency']);
      const f = only(report, 'cache-latency');
      assert.equal(f.severity, 'warning');
      assert.ok(f.actions.some((a) => /fast_slow/.test(a)));
    });
  });

  describe('performance', () => {
    it('queue-depth: saturated workers → add capacity; allocation_strategy key', async () => {
      const { report } = await diagnose({ rules: [[/execution_stage="queued"/, 350], [/execution_stage="executing"/, 1]] }, ['queue-depth'], { config: { allocationStrategy: 'least_recently_used' } });
      const f = only(report, 'queue-depth');
      assert.equal(f.severity, 'warning');
      assert.match(f.summary, /saturated/);
      assert.equal(f.config?.key, 'schedulers[0].simple.allocation_strategy');
      assert.ok(f.actions.some((a) => /allocation_strategy/.test(a)));
      assert.ok(f.evidence[0].series?.length);
    });
    it('worker-utilization: saturation is a warning, folded into the backlog finding when there is one', async () => {
      let { report } = await diagnose({ rules: [[/offset/, 30], [/execution_stage="executing"/, 1]] }, ['worker-utilization', 'queue-depth']);
      assert.equal(only(report, 'worker-utilization/saturated').severity, 'warning');
      ({ report } = await diagnose({ rules: [[/offset/, 30], [/execution_stage="queued"/, 500], [/execution_stage="executing"/, 1]] }, ['worker-utilization', 'queue-depth']));
      assert.deepEqual(report.findings.map((f) => f.id), ['queue-depth']);
      assert.ok(only(report, 'queue-depth').evidence.some((e) => /Every worker is busy/.test(e.value)));
    });
    it('worker-utilization: info when idle, warning when idle while queued', async () => {
      let { report } = await diagnose({ rules: [[/execution_stage="executing"/, 0.1]] }, ['worker-utilization']);
      assert.equal(only(report, 'worker-utilization').severity, 'info');
      ({ report } = await diagnose({ rules: [[/execution_stage="executing"/, 0.1], [/execution_stage="queued"/, 500]] }, ['worker-utilization']));
      assert.equal(only(report, 'worker-utilization').severity, 'warning');
    });
  });

  describe('alert rules', () => {
    it('alerts evaluated now: firing after the for-duration, pending before', async () => {
      let n = 0;
      const { report } = await diagnose({ rules: [[/^min_over_time\(\(sum\(nativelink_execution_active_count\{execution_stage="queued"/, 50], [/execution_stage="queued"/, () => (n++, 150)], [/execution_result=~"failure\|timeout"/, 0.2]] }, ['alert-rules']);
      assert.equal(only(report, 'alert-rules/QueueBacklog').severity, 'info');
      assert.match(only(report, 'alert-rules/QueueBacklog').title, /pending/);
      assert.equal(only(report, 'alert-rules/HighExecutionErrorRate').severity, 'warning');
      assert.ok(n > 0);
    });
    it('an alert that would fire is evidence of its section\'s finding, not a second finding', async () => {
      const { report } = await diagnose({ rules: [[/execution_stage="queued"/, 150]] }, ['queue-depth', 'alert-rules']);
      assert.deepEqual(report.findings.filter((f) => /QueueBacklog/.test(f.id)), []);
      const f = only(report, 'queue-depth');
      assert.ok(f.evidence.some((e) => /^Alert QueueBacklog would be firing/.test(e.value)), JSON.stringify(f.evidence));
      assert.equal(report.findings.filter((x) => x.id === 'queue-depth').length, 1);
    });
    it('notes where the guide\'s expressions misbehave as written', async () => {
      const { report } = await diagnose({ rules: [[/execution_result="success"/, 0.6], [/^count\(up\{job="nativelink"\}\)/, undefined], [/^count\(nativelink:/, undefined]] }, ['alert-rules']);
      const f = only(report, 'alert-rules/as-written');
      assert.equal(f.severity, 'info');
      assert.match(f.summary, /cache-hit results/);
      assert.match(f.summary, /never scraped/);
      assert.match(f.summary, /nativelink:cache_hit_rate/);
    });
    it('ComponentHealthFailed is critical when no process reports', async () => {
      const { report } = await diagnose({ rules: [[/time\(\) - max\(timestamp/, 1200], [/^count\(count by/, 0]] }, ['alert-rules']);
      assert.equal(only(report, 'alert-rules/ComponentHealthFailed').severity, 'critical');
    });
    it('loaded rules: missing alerts (info), failing rules (warning), alerts that can never fire (warning)', async () => {
      let { report } = await diagnose({ rulesGroups: [] }, ['alert-rules-loaded']);
      assert.match(only(report, 'alert-rules-loaded/missing').title, /None of/);
      ({ report } = await diagnose({ rulesGroups: LOADED_ALERTS }, ['alert-rules-loaded']));
      assert.deepEqual(report.passed, ['alert-rules-loaded']);
      const broken = structuredClone(LOADED_ALERTS);
      broken[0].rules[0] = { ...broken[0].rules[0], health: 'err', lastError: 'many-to-many matching not allowed <b>' };
      broken[0].rules[4] = { name: 'ComponentHealthFailed', query: 'up{job="nativelink"} == 0', type: 'alerting', health: 'ok' };
      broken[0].rules[1] = { name: 'CacheMissRateHigh', query: '(1 - nativelink:cache_hit_rate) > 0.5', type: 'alerting', health: 'ok' };
      ({ report } = await diagnose({ rulesGroups: broken }, ['alert-rules-loaded']));
      assert.equal(only(report, 'alert-rules-loaded/errors').severity, 'warning');
      assert.match(only(report, 'alert-rules-loaded/cannot-fire').title, /2 loaded/);
    });
    it('loaded alerts are read with the rule-file PromQL parser: never-emitted metrics cannot fire, absent() of them can', async () => {
      const rules = structuredClone(LOADED_ALERTS);
      rules[0].rules[1] = { name: 'NativeLinkCacheFull', query: 'sum(nativelink_cache_size) > 1e12', type: 'alerting', health: 'ok' };
      rules[0].rules[2] = { name: 'NativeLinkRulesMissing', query: 'absent(nativelink:not_loaded)', type: 'alerting', health: 'ok' };
      const { report } = await diagnose({ rulesGroups: rules }, ['alert-rules-loaded']);
      const f = only(report, 'alert-rules-loaded/cannot-fire');
      assert.match(f.title, /^1 loaded/);
      assert.match(f.evidence[0].value ?? '', /NativeLinkCacheFull/);
    });
    it('recognises the guide\'s alerts by the selectors the shared PromQL parser finds, not by text in the query', async () => {
      const rules = structuredClone(LOADED_ALERTS);
      // Other names and other spellings of the same series: the instrument table knows the bare and suffix-less forms.
      rules[0].rules[0] = { name: 'A1', query: 'sum(rate(execution_completed_count_total{execution_result="failure"}[5m])) > 0.05', type: 'alerting', health: 'ok' };
      rules[0].rules[3] = { name: 'A4', query: 'sum(nativelink_worker_connected_count) < 3', type: 'alerting', health: 'ok' };
      rules[0].rules[4] = { name: 'A5', query: 'up{job="nativelink-collector"} == 0', type: 'alerting', health: 'ok' };
      let { report } = await diagnose({ rulesGroups: rules }, ['alert-rules-loaded']);
      assert.deepEqual(report.passed, ['alert-rules-loaded'], ids(report).join(', '));
      // Words inside a label value or a string are not what the alert watches (a text search counted them).
      rules[0].rules[2] = { name: 'A3', query: 'sum(nativelink_execution_active_count{execution_stage="executing", note="queue_depth"}) > 100', type: 'alerting', health: 'ok' };
      ({ report } = await diagnose({ rulesGroups: rules }, ['alert-rules-loaded']));
      assert.match(only(report, 'alert-rules-loaded/missing').summary, /no alerting rule for QueueBacklog\b/);
      // absent() of something other than nativelink_target_info is not the component alert; an unparsable query watches nothing.
      rules[0].rules[4] = { name: 'A5', query: 'absent(nativelink_cache_operations_total) and (', type: 'alerting', health: 'ok' };
      ({ report } = await diagnose({ rulesGroups: rules }, ['alert-rules-loaded']));
      assert.match(only(report, 'alert-rules-loaded/missing').summary, /QueueBacklog, ComponentHealthFailed,/);
    });
    it('skipped when the server has no rules API', async () => {
      const { report } = await diagnose({ rulesGroups: new PromError('not-prometheus', 'no /api/v1/rules', { status: 404 }) }, ['alert-rules-loaded']);
      assert.equal(report.skipped[0].id, 'alert-rules-loaded');
    });
  });
});

describe('diagnose runner: failures stay contained', () => {
  it('a check whose query fails becomes a plain finding; the others still pass', async () => {
    const { report } = await diagnose({ rules: [[/execution_stage="queued"/, new PromError('server', 'Prometheus reported an error (HTTP 500).')]] }, ['queue-depth', 'cache-hit-rate', 'execution-retries']);
    const f = only(report, 'queue-depth');
    assert.equal(f.severity, 'warning');
    assert.match(f.title, /could not run/);
    assert.match(f.summary, /HTTP 500/);
    assert.deepEqual(report.passed.sort(), ['cache-hit-rate', 'execution-retries']);
  });

  it('a hanging check times out on its own timer while the others finish', async () => {
    const t0 = Date.now();
    const { report } = await diagnose({ rules: [[/histogram_quantile/, 'hang']] }, ['cache-latency', 'queue-depth'], { timeoutMs: 1500 });
    assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
    const f = only(report, 'cache-latency');
    assert.match(f.title, /timed out/);
    assert.equal(f.severity, 'warning');
    assert.deepEqual(report.passed, ['queue-depth']);
    assert.equal(report.checks.find((c) => c.id === 'cache-latency')?.state, 'timeout');
  });

  for (const [kind, title] of [['unreachable', /not reachable/], ['auth', /refused the credentials/], ['not-prometheus', /does not answer like a Prometheus API/], ['timeout', /did not answer in time/]] as const) {
    it(`Prometheus ${kind}: one critical finding, every Prometheus check skipped`, async () => {
      const { report } = await diagnose({ buildinfo: new PromError(kind, `problem of kind ${kind}`) });
      assert.equal(report.findings.length, 1);
      const f = report.findings[0];
      assert.equal(f.severity, 'critical');
      assert.equal(f.id, 'prometheus-ready');
      assert.match(f.title, title);
      assert.match(f.summary, new RegExp(`problem of kind ${kind}`));
      assert.equal(report.prometheusError?.kind, kind);
      assert.equal(report.passed.length, 0);
      assert.equal(report.skipped.length, ALL_DIAGNOSE_CHECKS.length);
    });
  }

  it('a Prometheus that never answers the probe: critical within the budget', async () => {
    const t0 = Date.now();
    const { report } = await diagnose({ buildinfo: 'hang' }, undefined, { timeoutMs: 1000 });
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    assert.match(report.findings[0].title, /did not answer in time/);
    assert.equal(report.prometheusError?.kind, 'timeout');
  });

  it('buildinfo 404 (Grafana Cloud) falls back to vector(1)', async () => {
    const { report, fake } = await diagnose({ buildinfo: new PromError('not-prometheus', 'no buildinfo', { status: 404 }) }, ['queue-depth']);
    assert.deepEqual(report.passed, ['queue-depth']);
    assert.ok(fake.queries.includes('vector(1)'));
  });

  it('cancellation ends the run promptly', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const t0 = Date.now();
    const { report } = await diagnose({ rules: [[/histogram_quantile/, 'hang']] }, ['cache-latency'], { signal: ctl.signal, timeoutMs: 10_000 });
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(report.checks[0].state, 'skipped');
  });
});
