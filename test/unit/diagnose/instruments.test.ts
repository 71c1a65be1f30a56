/** Diagnosis checks on the v1.6.6 instruments: findings with their PromQL, skips with reasons, config comparisons. */
import * as assert from 'node:assert/strict';
import { ALL_DIAGNOSE_CHECKS } from '../../../server/src/diagnose/checks';
import { extractNativelinkFacts } from '../../../server/src/diagnose/facts';
import { unadvertised } from '../../../server/src/diagnose/platformFacts';
import { diagnose, NAMES } from './fake';
import { INSTRUMENT_NAMES } from '../cluster/fakeClient';

const IDS = ['rpc-errors', 'rpc-cache-latency', 'scheduler-matching', 'fast-tier', 'backend-connections', 'worker-keepalives', 'workers-draining', 'component-health', 'execution-stages'];
const CORE = NAMES.filter((n) => !INSTRUMENT_NAMES.includes(n));

describe('diagnosis: v1.6.6 instrument checks', () => {
  it('are registered with upstream sources and skip with a reason on a cluster without the instruments', async () => {
    for (const id of IDS) {
      const def = ALL_DIAGNOSE_CHECKS.find((c) => c.id === id);
      assert.ok(def?.upstream?.length, id);
      const { report } = await diagnose({ names: CORE }, [id]);
      assert.equal(report.findings.length, 0, id);
      assert.match(report.skipped[0]?.reason ?? '', /not in Prometheus.*v1\.6\.6/, id);
    }
  });

  it('rpc-errors: finding with the failing service/method and the code name', async () => {
    const { report } = await diagnose({
      rules: [
        [/^sort_desc\(sum by \(rpc_service, rpc_method, rpc_grpc_status_code\)/, [{ metric: { rpc_service: 'google.bytestream.ByteStream', rpc_method: 'Read', rpc_grpc_status_code: '14' }, value: 3 }]],
        [/rpc_grpc_status_code=~/, 0.12],
      ],
    }, ['rpc-errors']);
    const f = report.findings[0];
    assert.equal(f?.severity, 'warning');
    assert.match(f.evidence[0].query ?? '', /rpc_grpc_status_code=~"2\|4\|8\|13\|14\|15"/);
    assert.match(f.evidence[1].value, /"google\.bytestream\.ByteStream\/Read" UNAVAILABLE: 3\/s/);
  });

  it('rpc-cache-latency: p95 per cache method', async () => {
    const { report } = await diagnose({
      rules: [
        [/^sort_desc\(histogram_quantile\(0\.95, sum by \(le, rpc_service, rpc_method\)/, [{ metric: { rpc_service: 'build.bazel.remote.execution.v2.ContentAddressableStorage', rpc_method: 'FindMissingBlobs' }, value: 2.4 }]],
        [/^max\(histogram_quantile\(0\.95/, 2.4],
      ],
    }, ['rpc-cache-latency']);
    assert.equal(report.findings[0]?.severity, 'warning');
    assert.match(report.findings[0].evidence[1].value, /"ContentAddressableStorage\/FindMissingBlobs": 2\.4 s/);
  });

  it('scheduler-matching: idle workers + a declared property no worker advertises names the property and the config key', async () => {
    const config = extractNativelinkFacts(JSON.stringify({
      schedulers: [{ name: 'MAIN', simple: { supported_platform_properties: { cpu_count: 'minimum', OSFamily: 'exact', pool: 'priority', gpu: 'ignore' } } }],
      workers: [{ local: { platform_properties: { cpu_count: { query_cmd: 'nproc' } } } }],
    }));
    assert.deepEqual(unadvertised(config), ['OSFamily', 'pool']);
    const { report } = await diagnose({
      rules: [[/scheduler_match_result="error"/, 0], [/^histogram_quantile\(0\.5/, 90], [/^min_over_time\(\(sum/, 6]],
    }, ['scheduler-matching'], { config });
    const f = report.findings[0];
    assert.equal(f?.severity, 'warning', JSON.stringify(report));
    assert.match(f.title, /Actions wait while workers are idle/);
    assert.match(f.causes[0], /"OSFamily", "pool"/);
    assert.equal(f.config?.key, 'schedulers[0].simple.supported_platform_properties');
  });

  it('scheduler-matching: passes when the queue moves', async () => {
    const { report } = await diagnose({ rules: [[/scheduler_match_result="error"/, 0], [/^histogram_quantile\(0\.5/, 0.3], [/^min_over_time\(\(sum/, 6]] }, ['scheduler-matching']);
    assert.deepEqual(report.passed, ['scheduler-matching']);
  });

  it('fast-tier: tier breakdown and bytes per tier', async () => {
    const { report } = await diagnose({
      rules: [
        [/^sum by \(store_tier, store_result\)/, [{ metric: { store_tier: 'fast', store_result: 'miss' }, value: 170 }, { metric: { store_tier: 'fast', store_result: 'hit' }, value: 30 }]],
        [/^sum by \(store_tier\) \(rate\(nativelink_store_tier_io_bytes_total/, [{ metric: { store_tier: 'slow' }, value: 11_140_000 }]],
        [/store_tier="fast", store_result="hit"/, 0.15],
      ],
    }, ['fast-tier']);
    const f = report.findings[0];
    assert.equal(f?.severity, 'critical');
    assert.match(f.evidence[1].value, /"fast" "miss": 170\/s/);
    assert.match(f.evidence[2].value, /"slow": 10\.6 MiB\/s/);
  });

  it('backend-connections: queued share per pool and reconnects per pool', async () => {
    const { report } = await diagnose({
      rules: [
        [/^sum by \(connection_pool\) \(rate\(nativelink_connection_pool_acquisitions_total\{connection_result="queued"\}/, [{ metric: { connection_pool: 'redis' }, value: 0.4 }]],
        [/^sum by \(connection_pool\) \(rate\(nativelink_connection_reconnects_total/, [{ metric: { connection_pool: 'redis' }, value: 3 }]],
        [/connection_result="queued"/, 0.4],
        [/connection_reconnects_total/, 3],
      ],
    }, ['backend-connections']);
    const f = report.findings[0];
    assert.equal(f?.severity, 'warning');
    assert.match(f.evidence.map((e) => e.value).join(' | '), /"redis": 40\.0% waited.*"redis": 3 reconnects\/min/);
  });

  it('worker-keepalives: healthy rate, but judged against the open config\'s worker_timeout_s', async () => {
    const rules: Array<[RegExp, number]> = [[/^sum\(avg_over_time\(nativelink_worker_connected_count\[5m\]\)\)$/, 16], [/^sum\(rate\(nativelink_worker_keepalives_total/, 1.6]];
    const none = await diagnose({ rules }, ['worker-keepalives']);
    assert.deepEqual(none.report.passed, ['worker-keepalives'], 'no config open: no judgement against a timeout');
    const config = extractNativelinkFacts(JSON.stringify({ schedulers: [{ name: 'M', simple: { worker_timeout_s: 12 } }] }));
    const { report } = await diagnose({ rules }, ['worker-keepalives'], { config });
    const f = report.findings[0];
    assert.match(f?.title ?? '', /every 10 s per worker, close to worker_timeout_s \(12 s\)/);
    assert.equal(f.config?.key, 'schedulers[0].simple.worker_timeout_s');
    assert.equal(f.config?.suggested, 40);
    const ok = await diagnose({ rules: [[rules[0][0], 16], [rules[1][0], 6.4]] }, ['worker-keepalives'], { config: extractNativelinkFacts(JSON.stringify({ schedulers: [{ name: 'M', simple: {} }] })) });
    assert.deepEqual(ok.report.passed, ['worker-keepalives'], 'defaults: 2.5 s against 5 s is as designed');
  });

  it('workers-draining and component-health: breakdowns name the states and components', async () => {
    const d = await diagnose({ rules: [[/^sum by \(worker_state\)/, [{ metric: { worker_state: 'draining' }, value: 12 }]], [/^sum\(nativelink_worker_state_count\)/, 12]] }, ['workers-draining']);
    assert.match(d.report.findings[0]?.evidence[1].value ?? '', /"draining": 12/);
    const h = await diagnose({
      rules: [
        [/^sort_desc\(sum by \(health_namespace, health_status\)/, [{ metric: { health_namespace: '/nativelink/stores/CAS/FilesystemStore', health_status: 'failed' }, value: 4 }]],
        [/^sum by \(health_namespace, health_status\)/, [{ metric: { health_namespace: '/nativelink/stores/CAS/FilesystemStore', health_status: 'failed' }, value: 4 }]],
        [/^sum\(increase\(nativelink_health_checks_total/, 30],
      ],
    }, ['component-health']);
    assert.equal(h.report.findings[0]?.severity, 'critical');
    assert.match(h.report.findings[0].evidence[1].value, /"\/nativelink\/stores\/CAS\/FilesystemStore" "failed": 4/);
  });

  it('execution-stages: share per stage', async () => {
    const { report } = await diagnose({
      rules: [
        [/^sum by \(execution_stage\) \(rate\(nativelink_execution_stage_duration_seconds_sum/, [{ metric: { execution_stage: 'input_fetch' }, value: 0.57 }, { metric: { execution_stage: 'execution' }, value: 0.32 }]],
        [/input_fetch\|output_upload/, 0.68],
      ],
    }, ['execution-stages']);
    assert.equal(report.findings[0]?.severity, 'warning');
    assert.match(report.findings[0].evidence[1].value, /"input_fetch": 57\.0%, "execution": 32\.0%/);
  });
});
