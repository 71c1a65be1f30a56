/**
 * The diagnosis against a real Prometheus per simulator scenario, and against servers that misbehave
 * (unreachable, 401, never answering, garbage). Exercises both runDiagnosis and the command line.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { PrometheusClient } from '../../server/src/cluster/prometheus';
import { runDiagnosis } from '../../server/src/diagnose/run';
import { renderMarkdown } from '../../server/src/diagnose/render';
import type { DiagnosisReport } from '../../server/src/diagnose/types';
import { runClusterCommand } from '../../server/src/cli/cluster';
import type { ScenarioName } from '../../demo/simulator/model';
import { freePort } from '../../demo/simulator/prometheus';
import { usePrometheus, waitFor } from './harness';
import { evaluateHealth } from '../../server/src/cluster/health';
import { shapeServer, type ShapeServer } from '../unit/cluster/shapeServer';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function show(r: DiagnosisReport): string {
  return r.findings.map((f) => `${f.severity} ${f.id}: ${f.title}`).join('\n') || '(no findings)';
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runClusterCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env });
  return { code, out, err };
}

function spawnCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'cluster', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err, ms: Date.now() - t0 }));
  });
}

function assertJsonShape(j: unknown): asserts j is { prometheus: string; findings: Array<Record<string, unknown>>; passed: string[]; skipped: Array<{ id: string; reason: string }> } {
  const o = j as Record<string, unknown>;
  assert.deepEqual(Object.keys(o), ['prometheus', 'findings', 'passed', 'skipped']);
  assert.ok(Array.isArray(o.findings) && Array.isArray(o.passed) && Array.isArray(o.skipped));
  for (const s of o.skipped as Array<Record<string, unknown>>) assert.ok(typeof s.id === 'string' && typeof s.reason === 'string' && s.reason.length > 0, JSON.stringify(s));
  for (const f of o.findings as Array<Record<string, unknown>>) {
    assert.deepEqual(Object.keys(f), ['id', 'severity', 'title', 'summary', 'evidence', 'docs']);
    assert.ok(['critical', 'warning', 'info'].includes(f.severity as string));
    assert.ok(Array.isArray(f.evidence) && (f.evidence as unknown[]).length > 0, String(f.id));
    assert.match(f.docs as string, /^https:\/\/mintlify\.wiki\/TraceMachina\/nativelink\/operations\/troubleshooting#[a-z-]+$/);
  }
}

/** What each scenario was built to show: findings that must appear, and which ids may be critical. */
const EXPECT: Record<ScenarioName, { must: Record<string, string[]>; criticalAllowed: string[]; exit: number[]; evidence?: Record<string, RegExp> }> = {
  healthy: { must: {}, criticalAllowed: [], exit: [0] },
  'collector-suffix-naming': { must: {}, criticalAllowed: [], exit: [0] },
  // A firing alert is evidence of its section's finding (one problem, one finding), and saturation explains the backlog.
  'queue-backlog': { must: { 'queue-depth': ['warning', 'critical'] }, evidence: { 'queue-depth': /Alert QueueBacklog would be firing|Every worker is busy/ }, criticalAllowed: ['queue-depth'], exit: [1, 2] },
  'error-spike': { must: { 'execution-failures': ['critical'], 'execution-retries': ['warning', 'critical'] }, evidence: { 'execution-failures': /^Alert HighExecutionErrorRate would be firing/ }, criticalAllowed: ['execution-failures', 'execution-retries', 'execution-timeouts'], exit: [2] },
  'cache-thrash': { must: { 'cache-hit-rate': ['critical', 'warning'], 'cache-evictions': ['warning'], 'cache-latency': ['warning', 'critical'], 'fast-tier': ['critical'], 'rpc-cache-latency': ['warning', 'critical'], 'execution-stages': ['warning'] }, criticalAllowed: ['cache-hit-rate', 'cache-latency', 'fast-tier', 'rpc-cache-latency'], exit: [2] },
  'worker-flapping': { must: { 'worker-disconnects': ['critical', 'warning'], 'workers-available': ['warning'] }, criticalAllowed: ['worker-disconnects', 'workers-available'], exit: [2, 1] },
  'cache-metrics-missing': { must: { 'cache-metrics': ['warning'] }, criticalAllowed: [], exit: [1] },
  'telemetry-stopped': { must: { 'nativelink-metrics': ['critical'] }, evidence: { 'nativelink-metrics': /^Alert ComponentHealthFailed would be firing/ }, criticalAllowed: ['nativelink-metrics'], exit: [2] },
};

describe('real Prometheus: cluster diagnosis per scenario', function () {
  this.timeout(90_000);

  for (const scenario of Object.keys(EXPECT) as ScenarioName[]) {
    describe(scenario, () => {
      const fx = usePrometheus(scenario);
      const exp = EXPECT[scenario];

      it('runDiagnosis yields the findings the scenario was built to show, nothing critical beyond them', async () => {
        const r = await runDiagnosis({ client: fx().client, prometheusUrl: fx().prom.url, timeoutMs: 20_000 });
        assert.equal(r.prometheusError, undefined, show(r));
        for (const [id, sev] of Object.entries(exp.must)) {
          const f = r.findings.find((x) => x.id === id);
          assert.ok(f, `${scenario}: expected finding ${id}\n${show(r)}`);
          assert.ok(sev.includes(f.severity), `${scenario}: ${id} is ${f.severity}, expected ${sev.join('|')}\n${show(r)}`);
          assert.ok(f.evidence.length > 0 && f.actions.length > 0, id);
        }
        for (const [id, re] of Object.entries(exp.evidence ?? {})) {
          const f = r.findings.find((x) => x.id === id)!;
          assert.ok(f.evidence.some((e) => re.test(e.value)), `${scenario}: ${id} lacks evidence ${re}\n${show(r)}`);
          assert.ok(!r.findings.some((x) => x.id.startsWith('alert-rules/') && x.id !== 'alert-rules/as-written' && x.evidenceOf === id), `${scenario}: the alert on ${id} is a separate finding`);
        }
        // Timeouts are not measurable from v1.6.6 metrics: said as a skip with its reason, never a pass.
        assert.ok(!r.passed.includes('execution-timeouts'), show(r));
        for (const f of r.findings.filter((x) => x.severity === 'critical')) {
          assert.ok(exp.criticalAllowed.includes(f.id), `${scenario}: unexpected critical ${f.id}\n${show(r)}`);
        }
        if (!Object.keys(exp.must).length) {
          const bad = r.findings.filter((x) => x.severity !== 'info');
          assert.deepEqual(bad.map((x) => x.id), [], show(r));
        }
        // No check may fail or time out against a real server.
        for (const c of r.checks) assert.ok(c.state !== 'failed' && c.state !== 'timeout', `${c.id}: ${c.state} ${c.reason}`);
        assert.ok(r.durationMs < 20_000);
        // The Markdown report renders and is grouped.
        const md = renderMarkdown(r);
        assert.match(md, /^# NativeLink cluster diagnosis/);
        if (r.counts.critical) assert.match(md, /## Critical/);
      });

      it('command line: exit code and JSON shape', async () => {
        const r = await cli(['--prometheus', fx().prom.url, '--format', 'json', '--timeout', '20']);
        assert.ok(exp.exit.includes(r.code), `exit ${r.code}\n${r.out}\n${r.err}`);
        const j = JSON.parse(r.out);
        assertJsonShape(j);
        assert.equal(j.prometheus, fx().prom.url);
        for (const id of Object.keys(exp.must)) assert.ok(j.findings.some((f) => f.id === id), `${id} missing in JSON`);
        assert.ok(j.passed.length > 0);
      });
    });
  }

  describe('healthy, after Prometheus scraped itself', () => {
    const fx = usePrometheus('healthy');
    it('the out-of-order check runs (passes) once self-metrics exist', async function () {
      this.timeout(30_000);
      const r = await waitFor(async () => {
        const rep = await runDiagnosis({ client: fx().client, prometheusUrl: fx().prom.url, timeoutMs: 10_000 }, { checks: ['out-of-order', 'alert-rules-loaded'] });
        return rep.skipped.some((s) => s.id === 'out-of-order') ? undefined : rep;
      }, 20_000, 500);
      assert.deepEqual(r.passed.sort(), ['alert-rules-loaded', 'out-of-order'], show(r));
    });

    it('the bundled dist/cli.js: text, markdown and json', async function () {
      if (!existsSync(CLI)) this.skip();
      const t = await spawnCli(['--prometheus', fx().prom.url]);
      assert.equal(t.code, 0, t.err);
      assert.match(t.out, /NativeLink cluster diagnosis/);
      const m = await spawnCli(['--prometheus', fx().prom.url, '--format', 'markdown']);
      assert.equal(m.code, 0, m.err);
      assert.match(m.out, /^# NativeLink cluster diagnosis/);
      const j = await spawnCli(['--prometheus', fx().prom.url, '--format', 'json']);
      assert.equal(j.code, 0, j.err);
      assertJsonShape(JSON.parse(j.out));
    });
  });
});

describe('cluster diagnosis against misbehaving servers', function () {
  this.timeout(30_000);
  const servers: Server[] = [];
  const sockets = new Set<import('node:net').Socket>();

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const s = createServer(handler);
    s.on('connection', (c) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    servers.push(s);
    const a = s.address();
    return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  after(async () => {
    for (const c of sockets) c.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  });

  const BUDGET_S = 2;

  async function both(url: string, title: RegExp, env: Record<string, string> = {}, extra: string[] = []) {
    const client = new PrometheusClient({ url, proxy: 'none', timeoutMs: BUDGET_S * 1000, ...(env.TOKEN ? { auth: { kind: 'bearer' as const, token: env.TOKEN } } : {}) });
    const t0 = Date.now();
    try {
      const r = await runDiagnosis({ client, prometheusUrl: url, timeoutMs: BUDGET_S * 1000 });
      const ms = Date.now() - t0;
      assert.ok(ms < BUDGET_S * 1000, `runDiagnosis took ${ms} ms`);
      assert.equal(r.counts.critical, 1, show(r));
      assert.equal(r.findings.length, 1, show(r));
      assert.match(r.findings[0].title, title);
      assert.ok(r.prometheusError);
      assert.equal(r.passed.length, 0);
      assert.ok(r.skipped.length >= 20);
    } finally {
      await client.close();
    }
    const t1 = Date.now();
    const c = await cli(['--prometheus', url, '--format', 'json', '--timeout', String(BUDGET_S), ...extra], env);
    const ms = Date.now() - t1;
    assert.ok(ms < BUDGET_S * 1000 + 200, `cli took ${ms} ms`);
    assert.equal(c.code, 2, c.err);
    const j = JSON.parse(c.out);
    assertJsonShape(j);
    assert.equal(j.findings.length, 1);
    assert.match(j.findings[0].title as string, title);
    return j;
  }

  it('unreachable (nothing listens)', async () => {
    const port = await freePort();
    const j = await both(`http://127.0.0.1:${port}`, /not reachable/);
    assert.match(j.findings[0].summary as string, /connection refused/);
  });

  it('401: says the credentials were refused, never echoes the token', async () => {
    const url = await serve((req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
      res.end('Unauthorized');
    });
    const j = await both(url, /refused the credentials/, { TOKEN: 'tok-very-secret-123' }, ['--bearer-token-env', 'TOKEN']);
    assert.doesNotMatch(JSON.stringify(j), /tok-very-secret-123/);
  });

  it('a server that never answers: plain timeout within the budget', async () => {
    const url = await serve(() => {
      /* never respond */
    });
    await both(url, /did not answer in time/);
  });

  it('garbage: an HTML page', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Grafana login</body></html>');
    });
    await both(url, /does not answer like a Prometheus API/);
  });

  it('garbage: broken JSON', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success","data":');
    });
    await both(url, /does not answer like a Prometheus API/);
  });

  it('the bundled CLI exits within the budget against a hanging server', async function () {
    if (!existsSync(CLI)) this.skip();
    const url = await serve(() => {
      /* never respond */
    });
    const r = await spawnCli(['--prometheus', url, '--format', 'json', '--timeout', '2']);
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 3500, `took ${r.ms} ms (including node start-up)`);
    assertJsonShape(JSON.parse(r.out));
  });

  it('the bundled CLI rejects a token on the command line (exit 64)', async function () {
    if (!existsSync(CLI)) this.skip();
    const r = await spawnCli(['--prometheus', 'http://127.0.0.1:1', '--bearer-token', 'abc']);
    assert.equal(r.code, 64);
    assert.match(r.err, /shell history/);
  });
});

describe('cluster diagnosis against well-formed answers with wrong data shapes', function () {
  this.timeout(30_000);
  const open: ShapeServer[] = [];
  after(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  async function garbage(overrides: Record<string, unknown>): Promise<string> {
    const s = await shapeServer(overrides);
    open.push(s);
    return s.url;
  }
  async function diagnoseUrl(url: string, checks?: string[]) {
    const client = new PrometheusClient({ url, proxy: 'none', timeoutMs: 5000 });
    try {
      return await runDiagnosis({ client, prometheusUrl: url, timeoutMs: 8000 }, checks ? { checks } : {});
    } finally {
      await client.close();
    }
  }
  async function healthOf(url: string) {
    const client = new PrometheusClient({ url, proxy: 'none', timeoutMs: 5000 });
    try {
      return await evaluateHealth(client, {});
    } finally {
      await client.close();
    }
  }

  const CASES: Array<[string, Record<string, unknown>]> = [
    ['queries answer an object as result', { '/api/v1/query': { resultType: 'vector', result: {} }, '/api/v1/query_range': { resultType: 'matrix', result: {} } }],
    ['queries answer null samples', { '/api/v1/query': { resultType: 'vector', result: [null] } }],
    ['label values answer an object', { '/api/v1/label/__name__/values': { resultType: 'vector', result: {} } }],
    ['series answer null entries', { '/api/v1/series': [null] }],
  ];
  for (const [name, overrides] of CASES) {
    it(`${name}: health unknown with a reason, one critical finding, CLI exits 2`, async () => {
      const url = await garbage(overrides);
      const h = await healthOf(url);
      assert.notEqual(h.status, 'ok');
      assert.equal(h.counts.ok, 0);
      for (const c of h.checks) {
        assert.equal(c.status, 'unknown', c.id);
        assert.match(c.reason ?? '', /unexpected format/, c.id);
      }
      const r = await diagnoseUrl(url);
      const f = r.findings.find((x) => x.id === 'checks-failed');
      assert.ok(f, show(r));
      assert.equal(f.severity, 'critical');
      assert.match(f.summary, /unexpected format/);
      assert.ok(r.counts.critical >= 1);
      assert.equal(r.findings.filter((x) => /could not run/.test(x.title)).length, 0, show(r));
      const c = await cli(['--prometheus', url, '--format', 'json', '--timeout', '8']);
      assert.equal(c.code, 2, c.out);
      const j = JSON.parse(c.out);
      assertJsonShape(j);
      assert.ok(j.findings.some((x) => x.id === 'checks-failed' && x.severity === 'critical'));
    });
  }

  it('rules answer groups as an object: the rules check is a warning, not skipped; CLI exits non-zero', async () => {
    const url = await garbage({ '/api/v1/rules': { groups: {} } });
    const r = await diagnoseUrl(url, ['alert-rules-loaded']);
    assert.equal(r.skipped.length, 0, show(r));
    assert.equal(r.findings[0]?.severity, 'warning', show(r));
    assert.match(r.findings[0].summary, /\/api\/v1\/rules/);
    const c = await cli(['--prometheus', url, '--format', 'json', '--timeout', '8']);
    assert.notEqual(c.code, 0, c.out);
  });

  it('buildinfo without a version: the probe reports a non-Prometheus answer (critical)', async () => {
    const url = await garbage({ '/api/v1/status/buildinfo': { resultType: 'vector', result: {} } });
    const r = await diagnoseUrl(url);
    assert.equal(r.findings.length, 1, show(r));
    assert.equal(r.findings[0].severity, 'critical');
    assert.match(r.findings[0].title, /does not answer like a Prometheus API/);
    assert.match(r.findings[0].summary, /\/api\/v1\/status\/buildinfo/);
    const c = await cli(['--prometheus', url, '--format', 'json', '--timeout', '8']);
    assert.equal(c.code, 2);
  });
});
