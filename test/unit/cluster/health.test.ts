import * as assert from 'node:assert/strict';
import { areaStatus, evaluateHealth, rollupStatus, STATUS_RANK, worstStatus } from '../../../server/src/cluster/health';
import { PromError } from '../../../server/src/cluster/prometheus';
import type { CheckId, CheckStatus } from '../../../server/src/cluster/types';
import { FakeProm, namesFor } from './fakeClient';
import { useShapeClient } from './shapeServer';

describe('status order', () => {
  it('STATUS_RANK is ok < unknown < warning < critical', () => {
    const sorted = (Object.keys(STATUS_RANK) as CheckStatus[]).sort((a, b) => STATUS_RANK[a] - STATUS_RANK[b]);
    assert.deepEqual(sorted, ['ok', 'unknown', 'warning', 'critical']);
  });
  it('worstStatus never hides unknown behind ok', () => {
    assert.equal(worstStatus(['ok', 'unknown']), 'unknown');
    assert.equal(worstStatus(['unknown', 'ok', 'ok']), 'unknown');
    assert.equal(worstStatus(['ok', 'ok']), 'ok');
    assert.equal(worstStatus(['unknown', 'warning']), 'warning');
    assert.equal(worstStatus(['critical', 'unknown', 'warning', 'ok']), 'critical');
    assert.equal(worstStatus([]), 'unknown');
  });
  it('HealthReport.status: one ok and one failed check is unknown, not ok', async () => {
    const fake = new FakeProm([
      [/^min\(up/, 1],
      [/count\(count by \(service_instance_id\)/, 3],
      [/execution_stage="queued"/, () => { throw new PromError('server', 'Prometheus reported an error (HTTP 500).'); }],
    ]);
    const r = await evaluateHealth(fake, { names: namesFor(), only: ['component-up', 'queue-depth'], now: 1_700_000_000_000 });
    assert.deepEqual(r.checks.map((c) => c.status).sort(), ['ok', 'unknown']);
    assert.equal(r.status, 'unknown');
    assert.equal(r.checks.find((c) => c.status === 'unknown')?.errorKind, 'server');
  });
});

describe('evaluateHealth against well-formed but wrong answers', () => {
  const connect = useShapeClient();
  async function evaluate(overrides: Record<string, unknown>) {
    const { client } = await connect(overrides);
    return evaluateHealth(client, { now: 1_700_000_000_000 });
  }

  for (const [name, data] of [
    ['result is an object', { resultType: 'vector', result: {} }],
    ['result holds null', { resultType: 'vector', result: [null] }],
    ['sample value is garbage', { resultType: 'vector', result: [{ metric: {}, value: [1, 'ok'] }] }],
  ] as const) {
    it(`queries answer "${name}": every check unknown with a plain reason, never ok`, async () => {
      const r = await evaluate({ '/api/v1/query': data });
      assert.ok(r.checks.length > 5);
      for (const c of r.checks) {
        assert.equal(c.status, 'unknown', `${c.id}: ${c.display}`);
        assert.match(c.reason ?? '', /answered \/api\/v1\/query in an unexpected format/, c.id);
        assert.doesNotMatch(c.reason ?? '', /Unexpected error|is not a function|Cannot read/);
        assert.equal(c.errorKind, 'not-prometheus');
      }
      assert.equal(r.status, 'unknown');
      assert.equal(r.counts.ok, 0);
    });
  }

  for (const [path, data] of [
    ['/api/v1/series', [null]],
    ['/api/v1/label/__name__/values', { resultType: 'vector', result: {} }],
  ] as const) {
    it(`name resolution fails cleanly when ${path} answers garbage`, async () => {
      const r = await evaluate({ [path]: data });
      assert.equal(r.error?.kind, 'not-prometheus');
      assert.ok(r.error?.message.includes(path), r.error?.message);
      assert.equal(r.status, 'unknown');
      for (const c of r.checks) assert.equal(c.status, 'unknown');
    });
  }

  it('healthy shapes (no data) still evaluate without errors', async () => {
    const r = await evaluate({});
    assert.equal(r.error, undefined);
    for (const c of r.checks) assert.notEqual(c.errorKind, 'not-prometheus', `${c.id}: ${c.reason}`);
  });
});

describe('areaStatus (a group node of the tree)', () => {
  it('is never ok while one of its checks is unknown; problems still win', () => {
    assert.equal(areaStatus([{ status: 'ok' }, { status: 'unknown' }]), 'unknown');
    assert.equal(areaStatus([{ status: 'ok' }, { status: 'ok' }]), 'ok');
    assert.equal(areaStatus([{ status: 'unknown' }, { status: 'warning' }]), 'warning');
    assert.equal(areaStatus([]), 'unknown');
  });
});

describe('rollupStatus', () => {
  const c = (id: CheckId, status: CheckStatus) => ({ id, status });
  it('lets problems win and needs something measured ok', () => {
    assert.equal(rollupStatus([c('queue-depth', 'warning'), c('component-up', 'unknown')]), 'warning');
    assert.equal(rollupStatus([c('queue-depth', 'unknown'), c('cache-hit-rate', 'unknown')]), 'unknown');
    assert.equal(rollupStatus([]), 'unknown');
  });
  it('is not ok while a core check is unknown, but an optional unknown check does not grey out a healthy cluster', () => {
    assert.equal(rollupStatus([c('component-up', 'ok'), c('data-freshness', 'unknown'), c('queue-depth', 'ok')]), 'unknown');
    assert.equal(rollupStatus([c('component-up', 'ok'), c('data-freshness', 'ok'), c('out-of-order-samples', 'unknown')]), 'ok');
    assert.equal(rollupStatus([c('component-up', 'ok'), { id: 'queue-depth', status: 'unknown', errorKind: 'timeout' }]), 'unknown', 'a failed query is not "not measurable"');
  });
});
