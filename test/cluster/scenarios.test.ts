import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { evaluateHealth, queryRangeSeries } from '../../server/src/cluster/health';
import { PromError } from '../../server/src/cluster/prometheus';
import { SCENARIOS, type ScenarioName } from '../../demo/simulator/model';
import type { HealthReport } from '../../server/src/cluster/types';
import { usePrometheus, waitFor } from './harness';
import { startPrometheus, prometheusAvailable } from '../../demo/simulator/prometheus';

function summary(r: HealthReport): string {
  return r.checks.map((c) => `${c.id}=${c.status} (${c.display}${c.reason ? `; ${c.reason}` : ''})`).join('\n');
}

function assertExpectations(scenario: ScenarioName, r: HealthReport): void {
  const expect = SCENARIOS[scenario].expect;
  for (const [id, allowed] of Object.entries(expect)) {
    const c = r.checks.find((x) => x.id === id);
    assert.ok(c, `missing check ${id}`);
    assert.ok(allowed.includes(c.status), `${scenario}: ${id} is ${c.status}, expected ${allowed.join('|')}\n${summary(r)}`);
  }
}

describe('real Prometheus: health model per scenario', function () {
  this.timeout(60_000);

  describe('healthy', () => {
    const fx = usePrometheus('healthy');
    it('has no warning or critical check, and the key checks are ok', async () => {
      const r = await evaluateHealth(fx().client);
      assert.equal(r.error, undefined);
      const bad = r.checks.filter((c) => c.status === 'warning' || c.status === 'critical');
      assert.deepEqual(bad, [], summary(r));
      for (const id of ['component-up', 'data-freshness', 'execution-error-rate', 'queue-depth', 'worker-utilization', 'workers-connected', 'worker-disconnects', 'cache-hit-rate', 'cache-eviction-rate', 'cache-latency-p95', 'retry-rate']) {
        assert.equal(r.checks.find((c) => c.id === id)?.status, 'ok', `${id}\n${summary(r)}`);
      }
      // target_info from the collector's prometheus exporter carries the instance id as exported_instance only.
      assert.equal(r.names?.instanceLabel, 'exported_instance');
      assert.equal(r.names?.collectorJob, 'otel-collector');
      const err = r.checks.find((c) => c.id === 'execution-error-rate')!;
      assert.ok(err.value! > 0.005 && err.value! < 0.03, String(err.value));
      const comp = r.checks.find((c) => c.id === 'component-up')!;
      assert.equal(comp.value, 3);
    });

    it('the out-of-order check turns ok once Prometheus has scraped itself', async function () {
      this.timeout(30_000);
      const status = await waitFor(async () => {
        const r = await evaluateHealth(fx().client, { only: ['out-of-order-samples'] });
        return r.checks[0].status === 'unknown' ? undefined : r.checks[0].status;
      }, 20_000, 500);
      assert.equal(status, 'ok');
    });

    it('every check\'s PromQL is a valid range query (trend for charts)', async () => {
      const r = await evaluateHealth(fx().client);
      for (const c of r.checks.filter((x) => x.promql && x.status !== 'unknown' && x.id !== 'out-of-order-samples')) {
        const trend = await queryRangeSeries(fx().client, c.promql, { rangeSeconds: 3600, points: 60 });
        assert.ok(trend.length >= 1, `${c.id}: no trend for ${c.promql}`);
        assert.ok(trend[0].points.length >= 30, `${c.id}: ${trend[0].points.length} points`);
      }
    });

    it('real API contract: bad query, huge range, rules, config, buildinfo, ready', async () => {
      const c = fx().client;
      const e = await c.query('sum(up').catch((x) => x as PromError);
      assert.ok(e instanceof PromError && e.kind === 'bad-query', String(e));
      assert.match(e.message, /parse error/);
      // 1 s step over a day would exceed 11,000 points: the client raises the step.
      const now = Date.now();
      const wide = await c.queryRange('vector(1)', now - 86_400_000, now, 1);
      assert.equal(wide.resultType, 'matrix');
      const groups = await c.rules({ type: 'alert' });
      assert.equal(groups[0].rules.length, 5);
      assert.match((await c.statusConfig()).yaml, /scrape_configs/);
      assert.match((await c.buildinfo()).version, /^\d+\.\d+/);
      assert.equal((await c.ready()).ready, true);
      const t = await c.targets();
      assert.ok(t.activeTargets.some((x) => x.labels.job === 'prometheus'));
    });
  });

  describe('queue-backlog', () => {
    const fx = usePrometheus('queue-backlog');
    it('saturation: every worker busy while the backlog grows is a warning, not ok', async () => {
      const r = await evaluateHealth(fx().client, { only: ['worker-utilization'] });
      assert.equal(r.checks[0].status, 'warning', summary(r));
      assert.match(r.checks[0].display, /saturated/);
    });
  });

  for (const scenario of ['queue-backlog', 'error-spike', 'cache-thrash', 'worker-flapping', 'telemetry-stopped'] as ScenarioName[]) {
    describe(scenario, () => {
      const fx = usePrometheus(scenario);
      it(`shows its problem: ${Object.keys(SCENARIOS[scenario].expect).join(', ')}`, async () => {
        const r = await evaluateHealth(fx().client);
        assertExpectations(scenario, r);
        assert.ok(r.status === 'warning' || r.status === 'critical', summary(r));
      });
    });
  }

  describe('cache-metrics-missing', () => {
    const fx = usePrometheus('cache-metrics-missing');
    it('uses the GetActionResult workaround and leaves cache-only checks unknown with a reason', async () => {
      const r = await evaluateHealth(fx().client);
      assertExpectations('cache-metrics-missing', r);
      const hit = r.checks.find((c) => c.id === 'cache-hit-rate')!;
      assert.match(hit.display, /action-cache lookups hit \(GetActionResult/);
      assert.match(hit.docs, /#workaround$/);
      assert.ok(hit.value! > 0.5 && hit.value! < 0.7, String(hit.value));
      for (const id of ['cache-eviction-rate', 'cache-latency-p95']) assert.match(r.checks.find((c) => c.id === id)!.reason!, /cache_metrics/);
      assert.deepEqual(r.checks.filter((c) => c.status === 'warning' || c.status === 'critical'), [], summary(r));
    });
  });

  describe('collector-suffix-naming', () => {
    const fx = usePrometheus('collector-suffix-naming');
    it('resolves the other spelling and is as healthy as "healthy"', async () => {
      const r = await evaluateHealth(fx().client);
      assert.equal(r.names?.metrics.executionCompleted?.value, 'nativelink_execution_completed_count');
      assert.equal(r.names?.metrics.cacheOperationDuration?.bucket, 'nativelink_cache_operation_duration_bucket');
      assert.deepEqual(r.checks.filter((c) => c.status === 'warning' || c.status === 'critical'), [], summary(r));
      const lat = r.checks.find((c) => c.id === 'cache-latency-p95')!;
      assert.equal(lat.status, 'ok');
      assert.ok(lat.value! < 0.2, `p95 ${lat.value} s: ms→s conversion must apply to the unsuffixed histogram too`);
      for (const id of ['execution-error-rate', 'queue-depth', 'cache-hit-rate', 'workers-connected']) assert.equal(r.checks.find((c) => c.id === id)?.status, 'ok', id);
    });
  });

  describe('stop()', () => {
    it('terminates the process and removes the temp directory', async function () {
      if (!prometheusAvailable()) this.skip();
      const p = await startPrometheus({ scenario: 'healthy' });
      await p.stop();
      assert.throws(() => process.kill(p.pid, 0));
      assert.equal(existsSync(p.dataDir), false);
    });
  });
});
