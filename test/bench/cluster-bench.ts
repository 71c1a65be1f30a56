/**
 * Benchmark: a full health refresh (name resolution + all checks in parallel on one pool) versus the slowest
 * single query, against a real Prometheus running the simulator. Run after the build:
 *   node -e "require('./out/test/bench/cluster-bench.js').main()"
 */
import { startPrometheus, prometheusAvailable } from '../../demo/simulator/prometheus';
import type { ScenarioName } from '../../demo/simulator/model';
import { PrometheusClient } from '../../server/src/cluster/prometheus';
import { evaluateHealth } from '../../server/src/cluster/health';
import { resolveNames } from '../../server/src/cluster/names';

export interface ClusterBenchResult {
  scenario: ScenarioName;
  prometheusStartMs: { generate: number; backfill: number; ready: number; total: number };
  refreshMs: { first: number; median: number; p95: number; min: number };
  refreshWithCachedNamesMs: { median: number };
  slowestQuery: { check: string; medianMs: number };
  queriesPerRefresh: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

export async function benchCluster(opts: { scenario?: ScenarioName; runs?: number } = {}): Promise<ClusterBenchResult> {
  if (!prometheusAvailable()) throw new Error('prometheus not installed (apt-get install -y --no-install-recommends prometheus)');
  const scenario = opts.scenario ?? 'healthy';
  const runs = opts.runs ?? 20;
  const prom = await startPrometheus({ scenario });
  let queries = 0;
  const client = new PrometheusClient({ url: prom.url, proxy: 'none' });
  const origQuery = client.query.bind(client);
  client.query = (q, t, o) => {
    queries++;
    return origQuery(q, t, o);
  };
  try {
    const t0 = Date.now();
    const first = await evaluateHealth(client);
    const firstMs = Date.now() - t0;
    const full: number[] = [];
    queries = 0;
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await evaluateHealth(client);
      full.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const queriesPerRefresh = queries / runs;
    const names = await resolveNames(client);
    const cached: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await evaluateHealth(client, { names });
      cached.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    // Each check's main query alone, sequentially (no contention).
    let slowest = { check: '', medianMs: 0 };
    for (const c of first.checks.filter((x) => x.promql)) {
      const times: number[] = [];
      for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
        const s = process.hrtime.bigint();
        await origQuery(c.promql);
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      const m = median(times);
      if (m > slowest.medianMs) slowest = { check: c.id, medianMs: Math.round(m * 100) / 100 };
    }
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      scenario,
      prometheusStartMs: { generate: prom.timings.generateMs, backfill: prom.timings.backfillMs, ready: prom.timings.readyMs, total: prom.timings.totalMs },
      refreshMs: { first: firstMs, median: r2(median(full)), p95: r2(p95(full)), min: r2(Math.min(...full)) },
      refreshWithCachedNamesMs: { median: r2(median(cached)) },
      slowestQuery: slowest,
      queriesPerRefresh,
      runs,
    };
  } finally {
    await client.close();
    await prom.stop();
  }
}

export async function main(): Promise<void> {
  const scenarios = (process.argv.slice(2).filter((a) => !a.startsWith('-')) as ScenarioName[]);
  for (const s of scenarios.length ? scenarios : (['healthy', 'cache-thrash'] as ScenarioName[])) {
    // eslint-disable-next-line no-console
    console.log(JSON.stringify(await benchCluster({ scenario: s })));
  }
}

if (require.main === module) void main();
