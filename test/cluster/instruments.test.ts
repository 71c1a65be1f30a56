/** The v1.6.6-instrument checks against a real Prometheus holding the simulator's series. */
import * as assert from 'node:assert/strict';
import { evaluateHealth } from '../../server/src/cluster/health';
import type { HealthReport } from '../../server/src/cluster/types';
import { usePrometheus } from './harness';

const NEW = ['rpc-error-rate', 'rpc-cache-latency-p95', 'scheduler-matching', 'fast-tier-hit-rate', 'backend-connections', 'worker-keepalives', 'workers-draining', 'component-health', 'execution-stage-split'];

function summary(r: HealthReport): string {
  return r.checks.filter((c) => NEW.includes(c.id)).map((c) => `${c.id}=${c.status} (${c.display}${c.reason ? `; ${c.reason}` : ''})`).join('\n');
}

describe('real Prometheus: checks on the v1.6.6 instruments', function () {
  this.timeout(60_000);

  for (const scenario of ['healthy', 'collector-suffix-naming'] as const) {
    describe(scenario, () => {
      const fx = usePrometheus(scenario);
      it('every new check is measured and ok, with the simulator\'s values', async () => {
        const r = await evaluateHealth(fx().client);
        const get = (id: string) => r.checks.find((c) => c.id === id)!;
        for (const id of NEW) assert.equal(get(id)?.status, 'ok', `${id}\n${summary(r)}`);
        // 0.05% UNAVAILABLE on ByteStream Read; the NOT_FOUND misses of GetActionResult are not errors.
        assert.ok(get('rpc-error-rate').value! < 0.001, summary(r));
        assert.ok(get('rpc-cache-latency-p95').value! > 0.005 && get('rpc-cache-latency-p95').value! < 0.25, summary(r));
        assert.ok(Math.abs(get('fast-tier-hit-rate').value! - 0.88) < 0.03, summary(r));
        assert.ok(Math.abs(get('worker-keepalives').value! - 2.5) < 0.3, summary(r));
        assert.equal(get('workers-draining').value, 0);
        assert.equal(get('component-health').value, 0);
        assert.ok(get('execution-stage-split').value! < 0.2, summary(r));
      });
    });
  }

  describe('cache-thrash', () => {
    const fx = usePrometheus('cache-thrash');
    it('clients see the slow cache, the fast tier misses and actions wait on input fetches', async () => {
      const r = await evaluateHealth(fx().client);
      const get = (id: string) => r.checks.find((c) => c.id === id)!;
      assert.equal(get('fast-tier-hit-rate').status, 'critical', summary(r));
      assert.ok(['warning', 'critical'].includes(get('rpc-cache-latency-p95').status), summary(r));
      assert.equal(get('execution-stage-split').status, 'warning', summary(r));
      assert.equal(get('rpc-error-rate').status, 'ok', summary(r));
    });
  });

  describe('error-spike', () => {
    const fx = usePrometheus('error-spike');
    it('failing executions are not gRPC errors (NOT_FOUND cache misses rise, error share stays low)', async () => {
      const r = await evaluateHealth(fx().client);
      assert.equal(r.checks.find((c) => c.id === 'rpc-error-rate')!.status, 'ok', summary(r));
    });
  });
});
