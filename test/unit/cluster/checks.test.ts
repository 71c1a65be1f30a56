import * as assert from 'node:assert/strict';
import { evaluateHealth } from '../../../server/src/cluster/health';
import { ALL_CHECKS } from '../../../server/src/cluster/checks';
import { PromError } from '../../../server/src/cluster/prometheus';
import type { CheckId, CheckStatus, ResolvedNames } from '../../../server/src/cluster/types';
import { FakeProm, namesFor, without, DEFAULT_NAMES, type Rule } from './fakeClient';

async function run(id: CheckId, rules: Rule[], names: ResolvedNames = namesFor()) {
  const fake = new FakeProm(rules);
  const r = await evaluateHealth(fake, { names, only: [id], now: 1_700_000_000_000 });
  assert.equal(r.checks.length, 1);
  return { check: r.checks[0], fake };
}

async function expectStatus(id: CheckId, rules: Rule[], status: CheckStatus, names?: ResolvedNames) {
  const { check } = await run(id, rules, names);
  assert.equal(check.status, status, `${id}: ${check.display} / ${check.reason}`);
  assert.ok(check.docs.startsWith('https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting#'), check.docs);
  if (status === 'unknown') assert.ok(check.reason && check.reason.length > 10, 'unknown needs a reason');
  assert.ok(check.display.length > 0);
  return check;
}

describe('cluster checks (fake client)', () => {
  it('every check has a unique id, area and a guide anchor', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    assert.equal(ids.size, ALL_CHECKS.length);
    for (const c of ALL_CHECKS) assert.match(c.docs, /#[a-z0-9-]+$/);
  });

  describe('component-up', () => {
    it('ok with processes and collector up', async () => {
      const c = await expectStatus('component-up', [[/^min\(up/, 1], [/count\(count by \(service_instance_id\)/, 3]], 'ok');
      assert.equal(c.value, 3);
      assert.match(c.promql, /service_instance_id/);
      assert.doesNotMatch(c.promql, /by \(instance\)/);
    });
    it('critical when the collector target is down', async () => {
      await expectStatus('component-up', [[/^min\(up/, 0], [/count\(count by/, 3]], 'critical');
    });
    it('critical when no process reports now', async () => {
      await expectStatus('component-up', [[/^min\(up/, 1]], 'critical');
    });
    it('unknown without any NativeLink metric', async () => {
      await expectStatus('component-up', [], 'unknown', namesFor(['up']));
    });
  });

  describe('data-freshness', () => {
    it('ok when fresh', async () => {
      await expectStatus('data-freshness', [[/^time\(\) - max\(timestamp/, 12]], 'ok');
    });
    it('critical when stale (older than lookback)', async () => {
      const c = await expectStatus('data-freshness', [[/max_over_time\(timestamp/, 1800]], 'critical');
      assert.match(c.display, /30 min/);
    });
    it('critical when no NativeLink metric exists (metrics not appearing)', async () => {
      const c = await expectStatus('data-freshness', [], 'critical', namesFor(['up']));
      assert.match(c.docs, /#metrics-not-appearing$/);
    });
    it('honours freshnessMinutes', async () => {
      const fake = new FakeProm([[/^time\(\) - max\(timestamp/, 200]]);
      const r = await evaluateHealth(fake, { names: namesFor(), only: ['data-freshness'], thresholds: { freshnessMinutes: 2 } });
      assert.equal(r.checks[0].status, 'critical');
    });
  });

  describe('execution-error-rate', () => {
    it('ok below 5%', async () => {
      const c = await expectStatus('execution-error-rate', [[/failure\|timeout/, 0.01]], 'ok');
      assert.match(c.display, /1\.0%/);
    });
    it('warning above 5%, critical above 20%', async () => {
      await expectStatus('execution-error-rate', [[/failure\|timeout/, 0.08]], 'warning');
      await expectStatus('execution-error-rate', [[/failure\|timeout/, 0.3]], 'critical');
    });
    it('does not count cache hits as errors and survives a missing failure series', async () => {
      const { check } = await run('execution-error-rate', [[/failure/, 0.01]]);
      assert.match(check.promql, /or vector\(0\)/);
      assert.doesNotMatch(check.promql, /cache_hit/);
    });
    it('unknown when idle (NaN) or missing', async () => {
      await expectStatus('execution-error-rate', [[/failure/, NaN]], 'unknown');
      await expectStatus('execution-error-rate', [], 'unknown');
      await expectStatus('execution-error-rate', [], 'unknown', namesFor(without('nativelink_execution_completed')));
    });
    it('threshold override', async () => {
      const fake = new FakeProm([[/failure/, 0.03]]);
      const r = await evaluateHealth(fake, { names: namesFor(), only: ['execution-error-rate'], thresholds: { errorRate: 0.02 } });
      assert.equal(r.checks[0].status, 'warning');
    });
  });

  describe('retry-rate', () => {
    it('ok / warning / critical / unknown', async () => {
      await expectStatus('retry-rate', [[/retry_count/, 0.01]], 'ok');
      await expectStatus('retry-rate', [[/retry_count/, 0.1]], 'warning');
      await expectStatus('retry-rate', [[/retry_count/, 0.5]], 'critical');
      await expectStatus('retry-rate', [], 'unknown');
    });
    it('zero retries when the counter has not appeared yet (noted in reason)', async () => {
      const c = await expectStatus('retry-rate', [[/^0 \* sum/, 0]], 'ok', namesFor(without('nativelink_execution_retry')));
      assert.match(c.reason ?? '', /first retry/);
    });
  });

  describe('queue-depth', () => {
    it('ok / warning / critical', async () => {
      await expectStatus('queue-depth', [[/queued/, 7]], 'ok');
      await expectStatus('queue-depth', [[/queued/, 150]], 'warning');
      await expectStatus('queue-depth', [[/queued/, 900]], 'critical');
    });
    it('unknown when the gauge is stale or absent', async () => {
      await expectStatus('queue-depth', [], 'unknown');
      await expectStatus('queue-depth', [], 'unknown', namesFor(without('nativelink_execution_active')));
    });
  });

  describe('worker-utilization', () => {
    it('ok above 30%, warning below', async () => {
      await expectStatus('worker-utilization', [[/executing/, 0.7]], 'ok');
      const c = await expectStatus('worker-utilization', [[/executing/, 0.1]], 'warning');
      assert.match(c.promql, /worker_connected_count/);
    });
    it('saturation: every worker busy while the queue grows is a warning, a steady or shrinking queue is not', async () => {
      const c = await expectStatus('worker-utilization', [[/offset/, 40], [/executing/, 1], [/queued/, 160]], 'warning');
      assert.match(c.display, /saturated/);
      assert.match(c.display, /grew by 40 to 160/);
      await expectStatus('worker-utilization', [[/offset/, 0], [/executing/, 1], [/queued/, 160]], 'ok');
      await expectStatus('worker-utilization', [[/offset/, -20], [/executing/, 0.95], [/queued/, 160]], 'ok');
      await expectStatus('worker-utilization', [[/offset/, 5], [/executing/, 0.5], [/queued/, 160]], 'ok');
    });
    it('unknown with no workers (Inf) or no data', async () => {
      await expectStatus('worker-utilization', [[/executing/, Infinity]], 'unknown');
      await expectStatus('worker-utilization', [], 'unknown');
      await expectStatus('worker-utilization', [], 'unknown', namesFor(without('nativelink_worker_connected')));
    });
  });

  describe('workers-connected', () => {
    it('ok / warning (far below peak) / critical (none)', async () => {
      await expectStatus('workers-connected', [[/max_over_time/, 16], [/^sum\(/, 16]], 'ok');
      await expectStatus('workers-connected', [[/max_over_time/, 16], [/^sum\(/, 4]], 'warning');
      await expectStatus('workers-connected', [[/max_over_time/, 16], [/^sum\(/, 0]], 'critical');
    });
    it('unknown', async () => {
      await expectStatus('workers-connected', [], 'unknown');
      await expectStatus('workers-connected', [], 'unknown', namesFor(without('nativelink_worker')));
    });
  });

  describe('worker-disconnects', () => {
    it('ok / warning / critical / unknown', async () => {
      await expectStatus('worker-disconnects', [[/disconnections/, 0.1]], 'ok');
      await expectStatus('worker-disconnects', [[/disconnections/, 3]], 'warning');
      await expectStatus('worker-disconnects', [[/disconnections/, 20]], 'critical');
      await expectStatus('worker-disconnects', [], 'unknown');
      await expectStatus('worker-disconnects', [], 'unknown', namesFor(without('nativelink_worker')));
    });
  });

  describe('cache-hit-rate', () => {
    it('ok / warning / critical from cache operations', async () => {
      const c = await expectStatus('cache-hit-rate', [[/cache_operations_total/, 0.9]], 'ok');
      assert.match(c.promql, /cache_operation_name="read"/);
      await expectStatus('cache-hit-rate', [[/cache_operations_total/, 0.4]], 'warning');
      await expectStatus('cache-hit-rate', [[/cache_operations_total/, 0.1]], 'critical');
    });
    it('unknown without reads', async () => {
      await expectStatus('cache-hit-rate', [[/cache_operations_total/, NaN]], 'unknown');
    });
    // nativelink-scheduler/src/cache_lookup_scheduler.rs at v1.6.6 answers action-cache hits straight to the client
    // (CompletedFromCache), past the awaited-action DB where the completion counter increments: without cache_hit
    // samples the workaround cannot measure anything, and it must never report a low rate.
    it('without cache metrics: cannot measure unless cache_hit samples exist, never a low rate', async () => {
      const names = namesFor(without('nativelink_cache'));
      const none = await expectStatus('cache-hit-rate', [[/^count\(/, undefined], [/cache_hit/, 0]], 'unknown', names);
      assert.match(none.reason ?? '', /cannot be measured/);
      assert.equal(none.value, undefined);
      assert.match(none.docs, /#cache-metrics-missing$/);
      const ok = await expectStatus('cache-hit-rate', [[/^count\(/, 4], [/cache_hit/, 0.6]], 'ok', names);
      assert.match(ok.display, /at least 60\.0%.*workaround/);
      assert.match(ok.docs, /#workaround$/);
      const low = await expectStatus('cache-hit-rate', [[/^count\(/, 4], [/cache_hit/, 0.02]], 'unknown', names);
      assert.match(low.reason ?? '', /misses every hit answered before the scheduler/);
      await expectStatus('cache-hit-rate', [], 'unknown', namesFor(['up']));
    });
    // nativelink-util/src/telemetry.rs records rpc.server.duration with rpc.grpc.status_code; a unary call that fails
    // carries its status in the headers, and ac_server.rs answers a miss with NOT_FOUND (5).
    it('without cache metrics: the action-cache hit rate from GetActionResult status codes', async () => {
      const names = namesFor([...without('nativelink_cache'), 'nativelink_rpc_server_duration_seconds_bucket', 'nativelink_rpc_server_duration_seconds_count']);
      const c = await expectStatus('cache-hit-rate', [[/GetActionResult/, 0.8]], 'ok', names);
      assert.match(c.promql, /nativelink_rpc_server_duration_seconds_count\{rpc_method="GetActionResult", rpc_service=~"\.\*ActionCache", rpc_grpc_status_code="0"\}/);
      assert.match(c.promql, /rpc_grpc_status_code=~"0\|5"/);
      assert.match(c.display, /action-cache lookups hit/);
      await expectStatus('cache-hit-rate', [[/GetActionResult/, 0.3]], 'warning', names);
      // No lookups in the window: fall through to "cannot measure", not to a number.
      await expectStatus('cache-hit-rate', [[/GetActionResult/, NaN], [/^count\(/, undefined]], 'unknown', names);
    });
  });

  describe('cache-eviction-rate', () => {
    it('ok / warning', async () => {
      await expectStatus('cache-eviction-rate', [[/evict/, 1]], 'ok');
      await expectStatus('cache-eviction-rate', [[/evict/, 50]], 'warning');
    });
    it('unknown when cache metrics are missing or evictions are not recorded', async () => {
      const c = await expectStatus('cache-eviction-rate', [], 'unknown', namesFor(without('nativelink_cache')));
      assert.match(c.docs, /#cache-metrics-missing$/);
      const d = await expectStatus('cache-eviction-rate', [[/^count\(/, 8]], 'unknown');
      assert.match(d.reason ?? '', /evictions cannot be measured/);
    });
  });

  describe('cache-latency-p95', () => {
    it('converts milliseconds to seconds', async () => {
      const c = await expectStatus('cache-latency-p95', [[/histogram_quantile/, 0.02]], 'ok');
      assert.match(c.promql, /\* 0\.001$/);
      assert.match(c.promql, /_milliseconds_bucket/);
    });
    it('warning / critical / unknown', async () => {
      await expectStatus('cache-latency-p95', [[/histogram_quantile/, 1.5]], 'warning');
      await expectStatus('cache-latency-p95', [[/histogram_quantile/, 8]], 'critical');
      await expectStatus('cache-latency-p95', [[/histogram_quantile/, NaN]], 'unknown');
      await expectStatus('cache-latency-p95', [], 'unknown', namesFor(without('nativelink_cache')));
    });
    it('unsuffixed histogram (shipped spelling) is still milliseconds', async () => {
      const list = DEFAULT_NAMES.map((n) => n.replace('_milliseconds', ''));
      const c = await expectStatus('cache-latency-p95', [[/histogram_quantile/, 0.02]], 'ok', namesFor(list));
      assert.match(c.promql, /nativelink_cache_operation_duration_bucket/);
      assert.match(c.promql, /\* 0\.001$/);
    });
  });

  describe('out-of-order-samples', () => {
    it('ok / warning / unknown', async () => {
      await expectStatus('out-of-order-samples', [[/out_of_order/, 0]], 'ok');
      await expectStatus('out-of-order-samples', [[/out_of_order/, 2]], 'warning');
      await expectStatus('out-of-order-samples', [], 'unknown');
    });
  });

  describe('evaluateHealth', () => {
    it('runs queries in parallel and reports the worst status', async () => {
      let inflight = 0;
      let peak = 0;
      const fake = new FakeProm([[/./, () => 1]]);
      const orig = fake.query.bind(fake);
      fake.query = async (q: string) => {
        inflight++;
        peak = Math.max(peak, inflight);
        await new Promise((r) => setTimeout(r, 20));
        inflight--;
        return orig(q);
      };
      const r = await evaluateHealth(fake, { now: 1_700_000_000_000 });
      assert.ok(peak >= 8, `peak parallel queries ${peak}`);
      assert.equal(r.checks.length, ALL_CHECKS.length);
      assert.ok(r.names);
      assert.equal(r.names!.instanceLabel, 'service_instance_id');
    });
    it('a failing Prometheus gives all-unknown with an error, never green', async () => {
      const fake = new FakeProm([]);
      fake.labelValues = async () => {
        throw new PromError('unreachable', 'Nothing is listening');
      };
      const r = await evaluateHealth(fake, {});
      assert.equal(r.status, 'unknown');
      assert.equal(r.error?.kind, 'unreachable');
      assert.ok(r.checks.every((c) => c.status === 'unknown' && c.reason === 'Nothing is listening'));
    });
    it('a check whose query fails is unknown with the error as reason', async () => {
      const fake = new FakeProm([[/queued/, () => { throw new PromError('bad-query', 'Prometheus rejected the query: parse error'); }]]);
      const r = await evaluateHealth(fake, { names: namesFor(), only: ['queue-depth'] });
      assert.equal(r.checks[0].status, 'unknown');
      assert.match(r.checks[0].reason!, /parse error/);
    });
  });
});
