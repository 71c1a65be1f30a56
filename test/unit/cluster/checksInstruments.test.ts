/** Checks built on the v1.6.6 instruments beyond the core execution/cache/worker counts. */
import * as assert from 'node:assert/strict';
import { evaluateHealth } from '../../../server/src/cluster/health';
import { ALL_CHECKS } from '../../../server/src/cluster/checks';
import type { CheckId, CheckStatus, QueryResult } from '../../../server/src/cluster/types';
import { FakeProm, namesFor, DEFAULT_NAMES, INSTRUMENT_NAMES, type Rule } from './fakeClient';

const ALL = DEFAULT_NAMES;
/** A cluster before v1.6.6 (or without the components that record these instruments). */
const CORE = DEFAULT_NAMES.filter((n) => !INSTRUMENT_NAMES.includes(n));

/** FakeProm that can also answer with labelled samples (for by-label checks). */
class LabelledProm extends FakeProm {
  constructor(rules: Rule[], private labelled: Array<[RegExp, Array<{ metric: Record<string, string>; value: number }>]> = [], names = ALL) {
    super(rules, names);
  }
  override async query(promql: string): Promise<QueryResult> {
    for (const [re, samples] of this.labelled) {
      if (re.test(promql)) {
        this.queries.push(promql);
        return { resultType: 'vector', result: samples.map((s) => ({ metric: s.metric, value: [1700000000, s.value] })) };
      }
    }
    return super.query(promql);
  }
}

async function check(id: CheckId, fake: FakeProm, names = ALL) {
  const r = await evaluateHealth(fake, { names: namesFor(names), only: [id], now: 1_700_000_000_000 });
  return r.checks[0];
}

async function expectStatus(id: CheckId, rules: Rule[], status: CheckStatus, names = ALL) {
  const c = await check(id, new LabelledProm(rules, [], names), names);
  assert.equal(c.status, status, `${id}: ${c.display} / ${c.reason}`);
  if (status === 'unknown') assert.ok(c.reason && c.reason.length > 10, 'unknown needs a reason');
  return c;
}

const NEW_IDS: CheckId[] = ['rpc-error-rate', 'rpc-cache-latency-p95', 'scheduler-matching', 'fast-tier-hit-rate', 'backend-connections', 'worker-keepalives', 'workers-draining', 'component-health', 'execution-stage-split'];

describe('cluster checks on the v1.6.6 instruments', () => {
  it('are registered, cite upstream, and are unknown (with the reason) when the instrument is missing', async () => {
    for (const id of NEW_IDS) {
      const def = ALL_CHECKS.find((c) => c.id === id);
      assert.ok(def, id);
      assert.ok(def.upstream?.length && def.upstream.every((u) => u.startsWith('TraceMachina/nativelink@v1.6.6:')), id);
      const c = await check(id, new FakeProm([[/./, 1]], CORE), CORE);
      assert.equal(c.status, 'unknown', `${id}: ${c.display}`);
      assert.match(c.reason ?? '', /v1\.6\.6/, id);
    }
  });

  describe('rpc-error-rate', () => {
    it('counts server-side codes only (integer codes as strings; NOT_FOUND is a cache miss, not an error)', async () => {
      const c = await expectStatus('rpc-error-rate', [[/rpc_grpc_status_code=~"2\|4\|8\|13\|14\|15"/, 0.001]], 'ok');
      assert.match(c.promql, /nativelink_rpc_server_duration_seconds_count/);
      assert.doesNotMatch(c.promql, /[|"]5[|"]/);
      assert.match(c.display, /0\.10%/);
    });
    it('warning above 5%, critical above 20%; unknown without calls', async () => {
      await expectStatus('rpc-error-rate', [[/status_code/, 0.08]], 'warning');
      await expectStatus('rpc-error-rate', [[/status_code/, 0.3]], 'critical');
      await expectStatus('rpc-error-rate', [], 'unknown');
    });
  });

  describe('rpc-cache-latency-p95', () => {
    it('takes the slowest cache service, drops NaN of idle ones', async () => {
      const c = await expectStatus('rpc-cache-latency-p95', [[/histogram_quantile\(0\.95/, 0.04]], 'ok');
      assert.match(c.promql, /ContentAddressableStorage\|ActionCache\|ByteStream/);
      assert.match(c.promql, />= 0\)$/);
      await expectStatus('rpc-cache-latency-p95', [[/histogram_quantile/, 2.4]], 'warning');
      await expectStatus('rpc-cache-latency-p95', [[/histogram_quantile/, 9]], 'critical');
    });
  });

  describe('scheduler-matching', () => {
    it('ok when passes succeed and the queue moves', async () => {
      await expectStatus('scheduler-matching', [[/scheduler_match_result="error"/, 0], [/histogram_quantile\(0\.5/, 0.3], [/min_over_time/, 5]], 'ok');
    });
    it('warning when passes fail', async () => {
      const c = await expectStatus('scheduler-matching', [[/scheduler_match_result="error"/, 0.05]], 'warning');
      assert.match(c.display, /5\.0% of matching passes failed/);
    });
    it('warning when actions wait long while workers stay idle (no worker matches)', async () => {
      const c = await expectStatus('scheduler-matching', [[/scheduler_match_result="error"/, 0], [/histogram_quantile\(0\.5/, 60], [/min_over_time/, 4]], 'warning');
      assert.match(c.display, /median queue wait 60 s while 4\+ workers stayed idle/);
      assert.match(c.reason ?? '', /platform properties/);
    });
    it('a long wait with every worker busy is capacity, not matching', async () => {
      await expectStatus('scheduler-matching', [[/scheduler_match_result="error"/, 0], [/histogram_quantile\(0\.5/, 60], [/min_over_time/, 0]], 'ok');
    });
    it('unknown when the scheduler ran no pass', async () => {
      await expectStatus('scheduler-matching', [], 'unknown');
    });
  });

  describe('fast-tier-hit-rate', () => {
    it('fast hits over all fast reads', async () => {
      const c = await expectStatus('fast-tier-hit-rate', [[/store_tier="fast", store_result="hit"/, 0.88]], 'ok');
      assert.match(c.promql, /store_tier="fast"/);
      await expectStatus('fast-tier-hit-rate', [[/store_tier/, 0.15]], 'critical');
      await expectStatus('fast-tier-hit-rate', [[/store_tier/, 0.4]], 'warning');
      await expectStatus('fast-tier-hit-rate', [], 'unknown');
    });
  });

  describe('backend-connections', () => {
    it('queued acquisition share and reconnects', async () => {
      await expectStatus('backend-connections', [[/connection_result="queued"/, 0.005], [/reconnects/, 0.03]], 'ok');
      await expectStatus('backend-connections', [[/connection_result="queued"/, 0.2], [/reconnects/, 0]], 'warning');
      await expectStatus('backend-connections', [[/connection_result="queued"/, 0.7]], 'critical');
      const c = await expectStatus('backend-connections', [[/connection_result="queued"/, 0], [/reconnects/, 6]], 'warning');
      assert.match(c.display, /6 reconnects\/min/);
    });
    it('only reconnects known (no pool counter yet)', async () => {
      const names = ALL.filter((n) => !n.includes('acquisitions'));
      await expectStatus('backend-connections', [[/reconnects/, 0]], 'ok', names);
    });
  });

  describe('worker-keepalives', () => {
    it('mean interval per worker; warning when connected workers send none', async () => {
      const c = await expectStatus('worker-keepalives', [[/^sum\(avg_over_time/, 16], [/rate\(nativelink_worker_keepalives/, 6.4]], 'ok');
      assert.match(c.display, /every 2\.5 s per worker/);
      await expectStatus('worker-keepalives', [[/^sum\(avg_over_time/, 16], [/rate\(nativelink_worker_keepalives/, 0]], 'warning');
      await expectStatus('worker-keepalives', [[/^sum\(avg_over_time/, 0]], 'unknown');
    });
  });

  describe('workers-draining', () => {
    it('share of connected workers draining or paused', async () => {
      await expectStatus('workers-draining', [[/worker_state_count/, 0], [/worker_connected_count/, 16]], 'ok');
      await expectStatus('workers-draining', [[/worker_state_count/, 8], [/worker_connected_count/, 16]], 'warning');
      await expectStatus('workers-draining', [[/worker_state_count/, 16], [/worker_connected_count/, 16]], 'critical');
      await expectStatus('workers-draining', [[/worker_state_count/, 0], [/worker_connected_count/, 0]], 'unknown');
    });
  });

  describe('component-health', () => {
    it('names failed and timed-out components', async () => {
      const fake = new LabelledProm([[/^sum\(increase/, 30]], [[/^sum by \(health_namespace, health_status\)/, [
        { metric: { health_namespace: '/nativelink/stores/CAS/FilesystemStore', health_status: 'failed' }, value: 3 },
        { metric: { health_namespace: '/nativelink/stores/AC/RedisStore', health_status: 'timeout' }, value: 1 },
      ]]]);
      const c = await check('component-health', fake);
      assert.equal(c.status, 'critical');
      assert.match(c.display, /2 components failed: \/nativelink\/stores\/AC\/RedisStore, \/nativelink\/stores\/CAS\/FilesystemStore/);
      const t = await check('component-health', new LabelledProm([[/^sum\(increase/, 30]], [[/^sum by/, [{ metric: { health_namespace: '/x', health_status: 'timeout' }, value: 1 }]]]));
      assert.equal(t.status, 'warning');
    });
    it('ok when checks ran and none failed; unknown when nothing polls the endpoint', async () => {
      await expectStatus('component-health', [[/^sum\(increase/, 30]], 'ok');
      const c = await expectStatus('component-health', [[/^sum\(increase/, 0]], 'unknown');
      assert.match(c.reason ?? '', /health endpoint/);
    });
  });

  describe('execution-stage-split', () => {
    it('warning when moving data outweighs executing', async () => {
      const c = await expectStatus('execution-stage-split', [[/input_fetch\|output_upload/, 0.08]], 'ok');
      assert.match(c.promql, /nativelink_execution_stage_duration_seconds_sum/);
      await expectStatus('execution-stage-split', [[/input_fetch\|output_upload/, 0.68]], 'warning');
      await expectStatus('execution-stage-split', [], 'unknown');
    });
  });
});
