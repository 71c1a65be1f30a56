import * as assert from 'node:assert/strict';
import { PrometheusClient, PromError, checkQueryData, toMs } from '../../../server/src/cluster/prometheus';
import { GARBAGE, HEALTHY_DATA, useShapeClient } from './shapeServer';

/** Call the client method that reads `path`. */
function callFor(c: PrometheusClient, path: string): Promise<unknown> {
  switch (path) {
    case '/api/v1/query': return c.query('up', 1_700_000_000);
    case '/api/v1/query_range': return c.queryRange('up', 1_700_000_000, 1_700_000_600, 60);
    case '/api/v1/label/__name__/values': return c.labelValues('__name__');
    case '/api/v1/series': return c.series(['up']);
    case '/api/v1/targets': return c.targets();
    case '/api/v1/rules': return c.rules();
    case '/api/v1/alerts': return c.alerts();
    case '/api/v1/status/buildinfo': return c.buildinfo();
    case '/api/v1/status/config': return c.statusConfig();
    default: throw new Error(`no method for ${path}`);
  }
}

describe('PrometheusClient: well-formed envelopes with wrong data shapes', () => {
  const connect = useShapeClient();

  for (const g of GARBAGE) {
    it(`${g.path}: ${g.name} → PromError not-prometheus naming the endpoint`, async () => {
      const { srv, client } = await connect({ [g.path]: g.data });
      let err: unknown;
      try {
        await callFor(client, g.path);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof PromError, `expected a PromError, got ${String(err)}`);
      assert.equal(err.kind, 'not-prometheus', err.message);
      assert.equal(err.code, 'bad-shape');
      assert.equal(err.endpoint, g.path);
      assert.ok(err.message.includes(g.path), err.message);
      assert.ok(err.message.includes(srv.url), err.message);
      assert.match(err.message, /unexpected format/);
      assert.doesNotMatch(err.message, /is not a function|Cannot read|undefined \(reading/);
    });
  }

  it('healthy answers of every endpoint still pass', async () => {
    const { client } = await connect();
    for (const path of Object.keys(HEALTHY_DATA)) await callFor(client, path);
    assert.equal((await client.buildinfo()).version, '2.53.0');
    assert.deepEqual((await client.series(['x']))[0].job, 'otel-collector');
  });

  it('accepts the legitimate variants: null lists, native-histogram samples, numeric values, full targets and rules', async () => {
    const { client } = await connect({
      '/api/v1/label/__name__/values': null,
      '/api/v1/series': null,
      '/api/v1/query': { resultType: 'vector', result: [{ metric: { a: '1' }, histogram: [1, { count: '3' }] }, { metric: { a: '2' }, value: [1700000000.5, '2'] }] },
      '/api/v1/query_range': { resultType: 'matrix', result: [{ metric: {}, histograms: [[1, { count: '1' }]] }, { metric: { b: 'x' }, values: [[1, '1'], [2, 'NaN']] }] },
      '/api/v1/targets': { activeTargets: [{ labels: { job: 'otel' }, discoveredLabels: { __address__: 'x:1' }, scrapePool: 'otel', scrapeUrl: 'http://x:1/metrics', health: 'down', lastError: 'refused', lastScrape: '2024-01-01T00:00:00Z', lastScrapeDuration: 0.1, scrapeInterval: '15s' }], droppedTargets: [] },
      '/api/v1/rules': { groups: [{ name: 'g', file: 'r.yml', interval: 30, rules: [{ name: 'A', query: 'up == 0', type: 'alerting', health: 'ok', labels: {}, annotations: { summary: 's' }, alerts: [{ labels: { a: 'b' }, annotations: {}, state: 'firing', activeAt: 'x', value: '1e+00' }] }, { name: 'r:x', query: 'sum(up)', type: 'recording', health: 'err', lastError: 'boom' }] }] },
    });
    assert.deepEqual(await client.labelValues('__name__'), []);
    assert.deepEqual(await client.series(['x']), []);
    const v = await client.query('x');
    assert.equal(v.resultType, 'vector');
    if (v.resultType === 'vector') assert.deepEqual(v.result, [{ metric: { a: '2' }, value: [1700000000.5, 2] }]);
    const m = await client.queryRange('x', 1, 2, 1);
    if (m.resultType !== 'matrix') assert.fail(m.resultType);
    assert.deepEqual(m.result[0].values, []);
    assert.ok(Number.isNaN(m.result[1].values[1][1]));
    const t = await client.targets();
    assert.equal(t.activeTargets[0].health, 'down');
    assert.equal(t.activeTargets[0].lastError, 'refused');
    const r = await client.rules();
    assert.equal(r[0].rules.length, 2);
    assert.equal(r[0].rules[1].health, 'err');
  });
});

describe('shape checkers (pure)', () => {
  it('scalar and string results', () => {
    assert.deepEqual(checkQueryData({ resultType: 'scalar', result: [1, '+Inf'] }), { resultType: 'scalar', result: [1, Infinity] });
    assert.deepEqual(checkQueryData({ resultType: 'string', result: [1, 'hi'] }, ['w']), { resultType: 'string', result: [1, 'hi'], warnings: ['w'] });
    assert.throws(() => checkQueryData({ resultType: 'scalar', result: [1] }), /pair/);
    assert.throws(() => checkQueryData(null), /data is null/);
  });
});

describe('toMs (the one time helper)', () => {
  it('Date, unix ms, unix seconds, undefined', () => {
    assert.equal(toMs(new Date(1_700_000_000_123)), 1_700_000_000_123);
    assert.equal(toMs(1_700_000_000_123), 1_700_000_000_123);
    assert.equal(toMs(1_700_000_000), 1_700_000_000_000);
    const t0 = Date.now();
    const now = toMs(undefined);
    assert.ok(now >= t0 && now <= Date.now());
  });
});
