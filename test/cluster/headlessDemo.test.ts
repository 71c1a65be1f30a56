import * as assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './harness';

const root = join(__dirname, '..', '..', '..');
const execFileP = promisify(execFile);

interface ClusterLine { cluster: string; scenario: string; prometheus: string; collectorHealth: string; collectorMetrics: string }

/** Seconds since the newest sample of `metric`, from the demo's Prometheus. */
async function newestAge(prometheus: string, metric: string): Promise<number | undefined> {
  const q = `time() - max(timestamp(${metric}))`;
  const body = (await (await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  const r = body.data.result[0];
  return r ? Number(r.value[1]) : undefined;
}

async function cli(args: string[]): Promise<{ code: number; json: { findings: Array<{ id: string; severity: string }>; passed: string[] } }> {
  const r = await execFileP(process.execPath, [join(root, 'dist/cli.js'), 'cluster', ...args, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 }).then(
    (x) => ({ code: 0, stdout: x.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
  );
  return { code: r.code, json: JSON.parse(r.stdout) };
}

/**
 * `node demo/run.mjs --no-editor` (issue 11): the demo's clusters alone, as scripts and tests use them. Started
 * "aged" 7 minutes, past the point where a demo that stopped at its history end went stale (5 min lookback), and
 * checked for live samples instead of sleeping for minutes.
 */
describe('headless demo (node demo/run.mjs --no-editor)', function () {
  this.timeout(180_000);
  let child: ChildProcess | undefined;
  const lines: ClusterLine[] = [];
  let printedAt = 0;

  before(async function () {
    if (!existsSync('/usr/bin/prometheus')) {
      console.log('      (prometheus not installed: apt-get install prometheus; headless demo not checked)');
      this.skip();
    }
    child = spawn(process.execPath, [join(root, 'demo/run.mjs'), '--no-editor', '--scenario', 'queue-backlog', '--aged', '420'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const l of out.split('\n').slice(lines.length, -1)) lines.push(JSON.parse(l) as ClusterLine);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await waitFor(async () => (lines.length >= 2 ? true : child!.exitCode !== null ? Promise.reject(new Error(`demo exited: ${err}`)) : undefined), 120_000);
    printedAt = Date.now() / 1000;
  });

  after(async function () {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
    }
  });

  it('prints one JSON line per cluster with its Prometheus and collector health URL', () => {
    assert.deepEqual(lines.map((l) => [l.cluster, l.scenario]), [['demo-healthy', 'healthy'], ['demo-queue-backlog', 'queue-backlog']]);
    for (const l of lines) {
      assert.match(l.prometheus, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(l.collectorHealth, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    }
  });

  it('keeps NativeLink samples fresh past the old staleness point (a live scrape after start, under 45 s old)', async () => {
    for (const l of lines) {
      // A sample newer than the moment the demo printed its line can only come from a live scrape.
      await waitFor(async () => {
        const age = await newestAge(l.prometheus, 'nativelink_worker_connected_count');
        return age !== undefined && Date.now() / 1000 - age > printedAt ? true : undefined;
      }, 40_000, 500);
      const age = await newestAge(l.prometheus, 'nativelink_execution_active_count');
      assert.ok(age !== undefined && age < 45, `${l.cluster}: newest NativeLink sample ${age} s old`);
    }
  });

  it('the collector answers on every endpoint the sample config names, and Prometheus scrapes both of its targets', async () => {
    for (const l of lines) {
      const health = await fetch(l.collectorHealth);
      assert.equal(health.status, 200, `${l.cluster} health`);
      assert.match(await (await fetch(l.collectorMetrics)).text(), /^otelcol_receiver_accepted_metric_points\{/m);
      await waitFor(async () => {
        const q = encodeURIComponent('count(up{job="otel-collector"} == 1)');
        const body = (await (await fetch(`${l.prometheus}/api/v1/query?query=${q}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
        return body.data.result[0]?.value[1] === '2' ? true : undefined;
      }, 30_000, 500);
    }
  });

  it('the healthy cluster diagnoses clean with its collector health URL; the sick one still shows its backlog', async () => {
    const [healthy, sick] = lines;
    const h = await cli(['--prometheus', healthy.prometheus, '--collector-health', healthy.collectorHealth]);
    const bad = h.json.findings.filter((f) => f.severity === 'warning' || f.severity === 'critical');
    assert.deepEqual(bad, [], 'healthy cluster findings');
    assert.equal(h.code, 0);
    for (const id of ['collector-health', 'collector-receiving', 'collector-exports', 'collector-memory', 'nativelink-metrics']) assert.ok(h.json.passed.includes(id), `${id} passed`);
    const s = await cli(['--prometheus', sick.prometheus, '--collector-health', sick.collectorHealth]);
    assert.ok(s.json.findings.some((f) => f.id === 'queue-depth' && (f.severity === 'warning' || f.severity === 'critical')), JSON.stringify(s.json.findings.map((f) => f.id)));
    assert.ok(s.json.passed.includes('nativelink-metrics'), 'the sick cluster is still reporting');
  });

  it('stops everything it started on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    assert.equal(await exited, 0);
    for (const url of lines.flatMap((l) => [l.prometheus, l.collectorHealth])) {
      await assert.rejects(fetch(url, { signal: AbortSignal.timeout(2000) }), `${url} still answers`);
    }
  });
});
