import * as assert from 'node:assert/strict';
import { resolveFromNames } from '../../../server/src/cluster/names';
import type { ResolvedNames } from '../../../server/src/cluster/types';
import { evaluateTargets } from '../../../server/src/live/evaluate';
import { collectorQueries, nativelinkQueries, pickCollectorName } from '../../../server/src/live/queries';
import { collectorTargets, nativelinkTargets } from '../../../server/src/live/targets';
import { parseJson5, parseYaml } from '../../../server/src/parser';
import { DEFAULT_NAMES, FakeProm } from '../cluster/fakeClient';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HostAwareLanguageService } from '../../../server/src/service/embedded/hostService';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings } from '../../../server/src/service/settings';

const NL = `{
  stores: [
    { name: "CAS", cache_metrics: { cache_type: "cas", backend: { ref_store: { name: "DISK" } } } },
    { name: "DISK", filesystem: { content_path: "/a", temp_path: "/b" } },
    { name: "AC", memory: {} },
    { name: "WORKER", fast_slow: { fast: { memory: {} }, slow: { cache_metrics: { cache_type: "worker_slow", backend: { ref_store: { name: "CAS" } } } } } },
    { name: "ALIAS", ref_store: { name: "CAS" } },
    { name: "ENV", cache_metrics: { cache_type: "\${CACHE_TYPE}", backend: { memory: {} } } },
  ],
  schedulers: [{ name: "S", simple: {} }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:1" } }, services: {
    execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "S" }, { instance_name: "\${INST}", cas_store: "CAS", scheduler: "S" }],
  } }],
}`;

function names(extra: string[] = []): ResolvedNames {
  return { ...resolveFromNames([...DEFAULT_NAMES, 'nativelink_store_tier_operations_total', ...extra]), instanceLabel: 'service_instance_id', collectorJob: 'otel-collector', resolvedAt: Date.now() };
}

describe('live numbers: which config entries match which series', () => {
  const targets = nativelinkTargets(parseJson5(NL).root);
  const byId = (prefix: string) => targets.filter((t) => t.id.startsWith(prefix));

  it('a cache_metrics store is matched by its cache_type (cache_metrics_store.rs labels every cache.* series with it)', () => {
    const cas = targets.find((t) => t.kind === 'cache' && t.label === 'CAS')!;
    assert.deepEqual(cas.match, { cache_type: 'cas' });
    assert.equal(cas.path, 'stores[0].cache_metrics');
    assert.equal(cas.reason, undefined);
    const nested = targets.find((t) => t.kind === 'cache' && t.match.cache_type === 'worker_slow')!;
    assert.match(nested.label, /WORKER \(fast_slow\.slow\.cache_metrics\)/);
  });

  it('stores without cache_metrics say why they have no numbers, and ref_store aliases get no lens', () => {
    const disk = targets.find((t) => t.id === 'store:DISK')!;
    assert.match(disk.reason!, /count under CAS's cache_type/);
    const ac = targets.find((t) => t.id === 'store:AC')!;
    assert.match(ac.reason!, /not wrapped in cache_metrics/);
    assert.equal(targets.find((t) => t.id === 'store:ALIAS'), undefined);
  });

  it('values expanded from the environment cannot be matched, and say so', () => {
    const env = targets.find((t) => t.kind === 'cache' && t.label === 'ENV')!;
    assert.match(env.reason!, /environment/);
    assert.deepEqual(env.match, {});
    const inst = byId('execution:${INST}')[0];
    assert.match(inst.reason!, /environment/);
  });

  it('an execution instance is matched by execution_instance = instance_name', () => {
    const main = byId('execution:main')[0];
    assert.deepEqual(main.match, { execution_instance: 'main' });
    assert.match(main.label, /execution "main" → S/);
  });

  it('a single fast_slow store is attributed; with two, store.tier.* (no store label) cannot be', () => {
    assert.equal(targets.filter((t) => t.kind === 'fast-slow').length, 1);
    assert.equal(targets.find((t) => t.kind === 'fast-slow')!.reason, undefined);
    const two = nativelinkTargets(parseJson5(`{ stores: [{ name: "A", fast_slow: { fast: { memory: {} }, slow: { memory: {} } } }, { name: "B", fast_slow: { fast: { memory: {} }, slow: { memory: {} } } }] }`).root);
    const fs = two.filter((t) => t.kind === 'fast-slow');
    assert.equal(fs.length, 2);
    for (const t of fs) assert.match(t.reason!, /2 fast_slow stores.*no store label/);
    // A fast_slow store's line is about its tiers, never a second "no cache metrics" line.
    assert.deepEqual(two.filter((t) => t.kind === 'store'), []);
  });

  it('targets come in document order and half-typed configs give what can be read', () => {
    const offsets = targets.map((t) => t.offset);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
    const half = nativelinkTargets(parseJson5('{ stores: [ { name: "X", cache_metrics: { cache_type: "c", ').root);
    assert.deepEqual(half.map((t) => t.match), [{ cache_type: 'c' }]);
    assert.deepEqual(nativelinkTargets(undefined), []);
  });

  it('collector components are matched by id; one in no pipeline is never started', () => {
    const y = `receivers:\n  otlp:\n    protocols: { grpc: {} }\n  prometheus/unused: {}\nprocessors:\n  memory_limiter: { check_interval: 1s, limit_mib: 100 }\n  batch/nl: {}\nexporters:\n  prometheus: { endpoint: 0.0.0.0:9090 }\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      processors: [memory_limiter, batch/nl]\n      exporters: [prometheus]\n`;
    const t = collectorTargets(parseYaml(y).root);
    assert.deepEqual(t.map((x) => `${x.kind}:${x.label}`), ['receiver:otlp', 'receiver:prometheus/unused', 'processor:memory_limiter', 'processor:batch/nl', 'exporter:prometheus']);
    assert.deepEqual(t[0].match, { receiver: 'otlp' });
    assert.match(t[1].reason!, /no pipeline/);
  });
});

describe('live numbers: queries', () => {
  const targets = nativelinkTargets(parseJson5(NL).root);
  const cas = targets.find((t) => t.kind === 'cache' && t.label === 'CAS')!;

  it('cache queries use the resolved spellings and scale milliseconds to seconds', () => {
    const plan = nativelinkQueries(cas, names(), '5m');
    const q = Object.fromEntries(plan.queries.map((x) => [x.key, x.promql]));
    assert.match(q.hitRate, /nativelink_cache_operations_total\{cache_type="cas", cache_operation_result="hit"\}\[5m\].*\/.*cache_operation_name="read"/);
    assert.match(q.p95, /histogram_quantile\(0\.95, sum by \(le\) \(rate\(nativelink_cache_operation_duration_milliseconds_bucket\{cache_type="cas", cache_operation_name="read"\}\[5m\]\)\)\) \* 0\.001/);
  });

  it('UTF-8 ingestion keeps dotted label keys', () => {
    const n = { ...resolveFromNames(['cache.operations_total', 'execution.completed.count_total']), instanceLabel: null, collectorJob: null, resolvedAt: 0 };
    const plan = nativelinkQueries(cas, n, '5m');
    assert.match(plan.queries[0].promql, /\{"cache\.operations_total", "cache\.type"="cas"/);
  });

  it('an instrument missing from Prometheus is the reason, not a zero', () => {
    const n = { ...resolveFromNames(['nativelink_execution_completed_count_total']), instanceLabel: null, collectorJob: null, resolvedAt: 0 };
    assert.equal(nativelinkQueries(cas, n, '5m').reason, 'cache.operations is not in Prometheus');
  });

  it('memory_limiter refusals resolve both the v0.155.0 name and the older generic one', () => {
    const t = { id: 'processor:memory_limiter', kind: 'processor' as const, label: 'memory_limiter', path: '', offset: 0, length: 0, match: { processor: 'memory_limiter' } };
    const newer = collectorQueries(t, { names: new Set(['otelcol_processor_memory_limiter_refused_metric_points_total']) }, '5m');
    assert.match(newer.queries[0].promql, /otelcol_processor_memory_limiter_refused_metric_points_total\{processor="memory_limiter"\}/);
    const older = collectorQueries(t, { names: new Set(['otelcol_processor_refused_metric_points']) }, '5m');
    assert.match(older.queries[0].promql, /otelcol_processor_refused_metric_points\{processor="memory_limiter"\}/);
    assert.equal(pickCollectorName({ names: new Set() }, 'otelcol_x'), undefined);
    assert.match(collectorQueries(t, { names: new Set() }, '5m').reason!, /otelcol_\*\) are not in Prometheus/);
  });
});

describe('live numbers: evaluation', () => {
  const targets = nativelinkTargets(parseJson5(NL).root);

  it('fills finite values, and says "no reads" for a ratio over nothing instead of NaN', async () => {
    const prom = new FakeProm([
      [/histogram_quantile/, 0.0042],
      [/cache_operation_result="hit"\}\[5m\]\)\) \/ /, NaN],
      [/cache_operation_result="error"/, 0],
      [/^sum\(rate\(nativelink_cache_operations_total\{cache_type="cas"\}/, 12.5],
    ], [...DEFAULT_NAMES]);
    const cas = targets.filter((t) => t.kind === 'cache' && t.label === 'CAS');
    const [v] = await evaluateTargets(cas, { api: prom, names: names(), window: '5m' });
    const m = Object.fromEntries(v.metrics.map((x) => [x.key, x]));
    assert.equal(m.hitRate.value, undefined);
    assert.equal(m.hitRate.display, 'no reads');
    assert.equal(m.p95.display, '4 ms');
    assert.equal(m.ops.display, '12.5/s');
    assert.equal(v.summary, 'hit no reads · p95 4 ms · ops 12.5/s · errors 0/s');
  });

  it('+Inf or NaN on a plain number is shown as such, never as a value', async () => {
    const prom = new FakeProm([[/.*/, Infinity]]);
    const main = targets.filter((t) => t.id.startsWith('execution:main'));
    const [v] = await evaluateTargets(main, { api: prom, names: names(), window: '5m' });
    assert.ok(v.metrics.every((m) => m.value === undefined));
    assert.match(v.reason!, /Prometheus returned \+Inf for done/);
  });

  it('an entry with no series at all gets one reason line', async () => {
    const prom = new FakeProm([]);
    const cas = targets.filter((t) => t.kind === 'cache' && t.label === 'CAS');
    const [v] = await evaluateTargets(cas, { api: prom, names: names(), window: '5m' });
    assert.equal(v.reason, 'no series with cache_type="cas" over the last 5m: not deployed, not used, or not exported');
    assert.equal(v.summary, v.reason);
  });

  it('failed queries are reported, and a config with many entries is queried a few at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const api = new FakeProm([]);
    api.query = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      throw new Error('boom');
    };
    const many = Array.from({ length: 30 }, (_, i) => ({ ...targets.find((t) => t.label === 'CAS')!, id: `c${i}` }));
    const out = await evaluateTargets(many, { api, names: names(), window: '5m', concurrency: 4 });
    assert.ok(peak <= 4, `peak ${peak}`);
    assert.match(out[0].reason!, /query failed: boom/);
  });
});

describe('live numbers: configs inside Kubernetes manifests', () => {
  it('a collector config in a ConfigMap gets its targets at host lines', () => {
    const host = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: otel-collector-conf',
      'data:',
      '  collector.yaml: |',
      '    receivers:',
      '      otlp:',
      '        protocols:',
      '          grpc: {}',
      '    exporters:',
      '      prometheus:',
      '        endpoint: 0.0.0.0:9090',
      '    service:',
      '      pipelines:',
      '        metrics:',
      '          receivers: [otlp]',
      '          exporters: [prometheus]',
      '',
    ].join('\n');
    const svc = new HostAwareLanguageService(engines);
    const r = svc.liveTargets(TextDocument.create('file:///k8s/collector-cm.yaml', 'yaml', 1, host), defaultSettings);
    const got = r.targets.map((t) => `${t.kind}:${t.label}@${t.range.start.line}:${t.range.start.character}`);
    assert.deepEqual(got, ['receiver:otlp@7:6', 'exporter:prometheus@11:6']);
    assert.match(r.targets[0].path, /collector\.yaml.*receivers\.otlp/);
  });
});
