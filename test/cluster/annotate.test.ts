import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnnotateCommand } from '../../server/src/cli/annotate';
import { usePrometheus } from './harness';

/** Our own config, shaped like the demo's: one cache_metrics store, an unwrapped one, one fast_slow, one execution instance. */
const CONFIG = `{
  stores: [
    { name: "WORKER_FAST_SLOW", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "CAS_MAIN" } } } },
    { name: "CAS_MAIN", cache_metrics: { cache_type: "cas", backend: { memory: {} } } },
    { name: "AC_MAIN", memory: {} },
    { name: "UNUSED", cache_metrics: { cache_type: "never_deployed", backend: { memory: {} } } },
  ],
  schedulers: [{ name: "MAIN_SCHEDULER", simple: {} }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    execution: [{ instance_name: "main", cas_store: "CAS_MAIN", scheduler: "MAIN_SCHEDULER" }],
  } }],
}
`;

interface Entry { path: string; line: number; kind: string; reason?: string; values: Record<string, number> }

describe('real Prometheus: nativelink-check annotate (live numbers per config entry)', function () {
  this.timeout(60_000);
  const fx = usePrometheus('healthy');
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nl-annotate-'));
    writeFileSync(join(dir, 'nativelink.json5'), CONFIG);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function annotate(format: 'json' | 'text'): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runAnnotateCommand(['--prometheus', fx().prom.url, '--format', format, join(dir, 'nativelink.json5')], { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
    return { code, out, err };
  }

  it('prints the simulator\'s numbers on the entries they come from, and a reason where nothing matches', async () => {
    const r = await annotate('json');
    assert.equal(r.code, 0, r.err);
    const [file] = JSON.parse(r.out) as Array<{ kind: string; entries: Entry[] }>;
    assert.equal(file.kind, 'nativelink');
    const at = (path: string) => file.entries.find((e) => e.path === path)!;

    // Healthy scenario: 88 % of reads hit (demo/simulator/model.ts), median read latency well under a second.
    const cas = at('stores[1].cache_metrics');
    assert.equal(cas.line, 4);
    assert.ok(cas.values.hitRate > 0.8 && cas.values.hitRate < 0.95, JSON.stringify(cas));
    assert.ok(cas.values.p95 > 0 && cas.values.p95 < 1, JSON.stringify(cas));
    assert.ok(cas.values.ops > 0);
    assert.equal(cas.values.errors, 0);

    const exec = at('servers[0].services.execution[0]');
    assert.ok(exec.values.completions > 0, JSON.stringify(exec));
    assert.ok(exec.values.failureShare > 0.005 && exec.values.failureShare < 0.03, JSON.stringify(exec));
    assert.ok(exec.values.workers >= 1);

    const tier = at('stores[0].fast_slow');
    assert.ok(tier.values.fastShare > 0.8 && tier.values.fastShare < 0.95, JSON.stringify(tier));

    // No series: the reason, never a zero.
    const unused = at('stores[3].cache_metrics');
    assert.deepEqual(unused.values, {});
    assert.match(unused.reason!, /no series with cache_type="never_deployed"/);
    assert.match(at('stores[2]').reason!, /not wrapped in cache_metrics/);
  });

  it('text output names file:line and the same numbers', async () => {
    const r = await annotate('text');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /nativelink\.json5:4 CAS_MAIN: hit \d+\.\d% · p95 \d+ ms · ops [\d.]+\/s · errors 0\/s/);
  });

  it('an unreachable Prometheus is exit 2 with a plain message', async () => {
    let err = '';
    const code = await runAnnotateCommand(['--prometheus', 'http://127.0.0.1:9', join(dir, 'nativelink.json5')], { stdout: () => undefined, stderr: (s) => (err += s), env: {} });
    assert.equal(code, 2);
    assert.match(err, /cannot read metric names/);
  });
});

/** The collector's own otelcol_* metrics (served and backfilled by the live simulator) on the components they name. */
const COLLECTOR = `receivers:
  otlp:
    protocols:
      grpc: {}
  prometheus/self: {}
processors:
  memory_limiter:
    check_interval: 1s
    limit_mib: 400
exporters:
  prometheus:
    endpoint: 0.0.0.0:9464
service:
  pipelines:
    metrics:
      receivers: [otlp]
      processors: [memory_limiter]
      exporters: [prometheus]
`;

describe('real Prometheus: nativelink-check annotate on a collector config', function () {
  this.timeout(60_000);
  const fx = usePrometheus('healthy', { live: true });
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nl-annotate-'));
    writeFileSync(join(dir, 'otel-collector-config.yaml'), COLLECTOR);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('receivers and exporters get accepted/refused and sent/failed points; what has no series says why', async () => {
    let out = '';
    let err = '';
    const code = await runAnnotateCommand(['--prometheus', fx().prom.url, '--format', 'json', join(dir, 'otel-collector-config.yaml')], { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
    assert.equal(code, 0, err);
    const [file] = JSON.parse(out) as Array<{ kind: string; entries: Entry[] }>;
    assert.equal(file.kind, 'collector');
    const at = (path: string) => file.entries.find((e) => e.path === path)!;
    const otlp = at('receivers.otlp');
    assert.ok(otlp.values.accepted > 0, JSON.stringify(otlp));
    assert.equal(otlp.values.refused, 0);
    const prom = at('exporters.prometheus');
    assert.ok(prom.values.sent > 0, JSON.stringify(prom));
    assert.equal(prom.values.failed, 0);
    // Not in a pipeline: never started. The simulated collector reports no memory_limiter counters: a reason, not 0.
    assert.match(at('receivers.prometheus/self').reason!, /no pipeline/);
    const limiter = at('processors.memory_limiter');
    assert.deepEqual(limiter.values, {});
    assert.ok(limiter.reason, JSON.stringify(limiter));
  });
});
