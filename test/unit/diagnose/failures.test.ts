import * as assert from 'node:assert/strict';
import { PromError } from '../../../server/src/cluster/prometheus';
import { collectorHealthUrl, parseHealthEndpoint } from '../../../server/src/diagnose/checks/collectorHealth';
import { exitCodeFor } from '../../../server/src/diagnose/render';
import type { DiagnosisReport } from '../../../server/src/diagnose/types';
import { diagnose, HEALTHY, httpFake } from './fake';

function show(r: DiagnosisReport): string {
  return r.findings.map((f) => `${f.severity} ${f.id}: ${f.title}`).join('\n') || '(no findings)';
}

/** A TypeError as a bug or garbage data would raise it inside a check. */
function internal(): Error {
  return new TypeError('(data.result ?? []).map is not a function');
}

const QUERY_CHECKS = ['queue-depth', 'cache-hit-rate', 'execution-retries', 'execution-failures', 'worker-utilization', 'cache-latency'];

describe('diagnose runner: checks that cannot run are never "fine"', () => {
  it('one internal error: a warning (not info), the other checks unaffected', async () => {
    const { report } = await diagnose({ rules: [[/execution_stage="queued"/, internal()]] }, ['queue-depth', 'cache-hit-rate', 'execution-retries']);
    const f = report.findings.find((x) => x.id === 'queue-depth');
    assert.ok(f, show(report));
    assert.equal(f.severity, 'warning');
    assert.match(f.title, /could not run/);
    assert.equal(report.checks.find((c) => c.id === 'queue-depth')?.state, 'failed');
    assert.equal(exitCodeFor(report), 1);
  });

  it('one not-prometheus error: a warning', async () => {
    const { report } = await diagnose({ rules: [[/execution_stage="queued"/, new PromError('not-prometheus', 'The server at http://prom.test:9090 answered /api/v1/query in an unexpected format (data.result is an object, expected a list).', { code: 'bad-shape' })]] }, ['queue-depth', 'cache-hit-rate', 'execution-retries']);
    const f = report.findings.find((x) => x.id === 'queue-depth');
    assert.equal(f?.severity, 'warning', show(report));
    assert.equal(exitCodeFor(report), 1);
  });

  it('most checks fail with internal errors: one clear warning finding instead of many', async () => {
    const { report } = await diagnose({ rules: [[/./, internal()]] }, QUERY_CHECKS);
    const failed = report.checks.filter((c) => c.state === 'failed');
    assert.ok(failed.length >= 4, report.checks.map((c) => `${c.id}:${c.state}`).join(' '));
    const merged = report.findings.filter((f) => f.id === 'checks-failed');
    assert.equal(merged.length, 1, show(report));
    assert.equal(merged[0].severity, 'warning');
    assert.match(merged[0].title, /internal error/);
    assert.match(merged[0].summary, /map is not a function/);
    assert.match(merged[0].summary, new RegExp(`${failed.length} of \\d+ checks could not run`));
    for (const c of failed) assert.ok(merged[0].summary.includes(c.id), c.id);
    assert.ok(merged[0].evidence.length > 0);
    assert.ok(merged[0].actions.length > 0);
    // The per-check findings of the same failure are folded into the merged one.
    assert.equal(report.findings.filter((f) => failed.some((c) => c.id === f.id)).length, 0, show(report));
    assert.ok(report.counts.warning >= 1);
    assert.notEqual(exitCodeFor(report), 0);
  });

  it('most checks get answers in the wrong format: one critical finding', async () => {
    const err = () => new PromError('not-prometheus', 'The server at http://prom.test:9090 answered /api/v1/query in an unexpected format (data.result is an object, expected a list).', { code: 'bad-shape', endpoint: '/api/v1/query' });
    const { report } = await diagnose({ rules: [[/./, err]] }, QUERY_CHECKS);
    const f = report.findings[0];
    assert.equal(f.id, 'checks-failed', show(report));
    assert.equal(f.severity, 'critical');
    assert.match(f.title, /not in the Prometheus API format/);
    assert.match(f.summary, /\/api\/v1\/query/);
    assert.equal(exitCodeFor(report), 2);
  });

  it('a single failure among many passes stays a per-check finding', async () => {
    const { report } = await diagnose({ rules: [[/execution_stage="queued"/, internal()]] }, QUERY_CHECKS);
    assert.equal(report.findings.filter((f) => f.id === 'checks-failed').length, 0, show(report));
    assert.ok(report.findings.some((f) => f.id === 'queue-depth' && f.severity === 'warning'));
  });

  it('health-model checks keep the error kind (internal stays internal)', async () => {
    const { report } = await diagnose({ rules: [[/histogram_quantile/, internal()]] }, ['cache-latency']);
    const run = report.checks.find((c) => c.id === 'cache-latency');
    assert.equal(run?.state, 'failed');
    assert.match(run?.reason ?? '', /map is not a function/);
    assert.doesNotMatch(run?.reason ?? '', /^Unexpected error/);
    assert.equal(report.findings[0].severity, 'warning');
  });

  it('a garbage rules API is a failure, not "no rules API"', async () => {
    const { report } = await diagnose({ rulesGroups: new PromError('not-prometheus', 'The server at http://prom.test:9090 answered /api/v1/rules in an unexpected format (data.groups is an object, expected a list).', { code: 'bad-shape', endpoint: '/api/v1/rules' }) }, ['alert-rules-loaded']);
    assert.equal(report.skipped.length, 0);
    assert.equal(report.findings[0].severity, 'warning');
    assert.match(report.findings[0].summary, /\/api\/v1\/rules/);
  });

  it('the HEALTHY fake still passes everything it covers (no spurious merged finding)', async () => {
    assert.ok(HEALTHY.length > 0);
    const { report } = await diagnose({}, QUERY_CHECKS);
    assert.equal(report.findings.filter((f) => f.severity !== 'info').length, 0, show(report));
  });
});

describe('collector health URL: order of sources', () => {
  it('a concrete host in the open collector config wins over the explicit setting', () => {
    assert.equal(collectorHealthUrl({ collectorHealthUrl: 'http://setting:13133/', config: { healthCheckEndpoint: 'otel-collector:13133/' } }), 'http://otel-collector:13133/');
    assert.equal(collectorHealthUrl({ collectorHealthUrl: 'http://setting:13133/', config: { healthCheckEndpoint: '10.0.0.7:13133/health' } }), 'http://10.0.0.7:13133/health');
    assert.equal(collectorHealthUrl({ collectorHealthUrl: 'http://setting:13133/', config: { healthCheckEndpoint: 'https://col.example:13133/' } }), 'https://col.example:13133/');
  });
  for (const ep of ['0.0.0.0:13133/', ':13133/', '[::]:13133/', 'localhost:13133/', '127.0.0.1:13133/', '${env:MY_POD_IP}:13133/']) {
    it(`a bind address (${ep}) yields to the explicit setting`, () => {
      assert.equal(collectorHealthUrl({ collectorHealthUrl: 'http://setting:13133/', config: { healthCheckEndpoint: ep } }), 'http://setting:13133/');
    });
  }
  it('without a setting, the bind address is mapped to localhost', () => {
    assert.equal(collectorHealthUrl({ config: { healthCheckEndpoint: '0.0.0.0:13133/' } }), 'http://localhost:13133/');
    assert.equal(collectorHealthUrl({ config: { healthCheckEndpoint: ':13133/status' } }), 'http://localhost:13133/status');
    assert.equal(collectorHealthUrl({ config: { healthCheckEndpoint: '[::]:13133/' } }), 'http://localhost:13133/');
    assert.equal(collectorHealthUrl({ config: { healthCheckEndpoint: 'http://0.0.0.0:13133/' } }), 'http://localhost:13133/');
  });
  it('only the setting, or nothing', () => {
    assert.equal(collectorHealthUrl({ collectorHealthUrl: 'http://setting:13133/' }), 'http://setting:13133/');
    assert.equal(collectorHealthUrl({}), undefined);
    assert.equal(collectorHealthUrl({ config: { healthCheckEndpoint: '  ' } }), undefined);
  });
  it('parseHealthEndpoint', () => {
    assert.deepEqual(parseHealthEndpoint('otel:13133'), { url: 'http://otel:13133/', localUrl: 'http://localhost:13133/', concrete: true });
    assert.equal(parseHealthEndpoint('0.0.0.0:13133/')?.concrete, false);
  });
  it('the check calls the config endpoint when it is concrete', async () => {
    const h = httpFake({ 'http://otel-collector:13133/': { status: 200, contentType: 'text/plain', text: 'ok' } });
    const { report } = await diagnose({}, ['collector-health'], { collectorHealthUrl: 'http://setting:13133/', config: { healthCheckEndpoint: 'otel-collector:13133/' }, http: h.fn });
    assert.deepEqual(h.calls, ['http://otel-collector:13133/']);
    assert.deepEqual(report.passed, ['collector-health']);
  });
});
