/**
 * Benchmark: a health refresh (all checks in parallel on one keep-alive pool) versus the slowest single query
 * measured alone, against a real Prometheus running the simulator. Run after the build:
 *   node test/bench/cluster-bench.mjs [healthy|cache-thrash|…] [--scale large] [--runs N]
 *
 * Measured (all times wall clock in this process, ms):
 * - first refresh: a fresh client (cold pool: TCP connects) that also resolves metric names (2 sequential requests);
 * - full refresh: warm pool, names resolved every time; steady refresh: warm pool, cached names (what the extension
 *   does between name refreshes, every 5 minutes);
 * - every query of a refresh run alone, sequentially, several times (median): the slowest is the target's base;
 * - fixed per-request cost: `vector(1)` alone, and a batch of as many `vector(1)` in parallel as a refresh sends
 *   (the floor of a refresh whatever the data);
 * - the same queries fired straight at the client in parallel (no health model): isolates the model's own cost.
 */
import { startPrometheus, prometheusAvailable } from '../../demo/simulator/prometheus';
import { LARGE_SCALE, type ScaleOptions, type ScenarioName } from '../../demo/simulator/model';
import { PrometheusClient } from '../../server/src/cluster/prometheus';
import { evaluateHealth } from '../../server/src/cluster/health';
import { resolveNames } from '../../server/src/cluster/names';

interface Stats { median: number; p95: number; min: number; n: number }

export interface ClusterBenchResult {
  scenario: ScenarioName;
  dataset: { scale: 'small' | Required<ScaleOptions>; series: number; samples?: number; historyBytes: number };
  prometheusStartMs: { generate: number; backfill: number; ready: number; total: number };
  /** Fresh client: connects + name resolution + all checks. */
  firstRefreshMs: number;
  /** Warm pool, names resolved each time (2 sequential requests before the checks). */
  refreshMs: Stats;
  /** Warm pool, cached names: the steady state. */
  refreshWithCachedNamesMs: Stats;
  queriesPerRefresh: number;
  /** Status counts of the refresh (the scaled healthy cluster must stay healthy). */
  statuses: Record<string, number>;
  /** Each query of a steady refresh alone, sequentially (median of `repeats`), slowest first. */
  queriesAlone: Array<{ check: string; medianMs: number; serverEvalMs?: number; promql: string }>;
  slowestQuery: { check: string; medianMs: number; serverEvalMs?: number };
  /** Sum of the queries' medians: what a sequential refresh would cost. */
  sequentialSumMs: number;
  overhead: {
    /** `vector(1)` alone: the fixed cost of one request (HTTP + Prometheus API + JSON + shape check). */
    vector1AloneMs: number;
    /** As many `vector(1)` in parallel as a refresh sends: the floor of a refresh on any data. */
    vector1BatchMs: number;
    /** The refresh's own queries in parallel straight on the client (no health model). */
    rawParallelBatchMs: number;
  };
  /** refresh / slowest query alone; target <= 1.5. */
  ratio: { steady: number; full: number; first: number; floor: number };
  runs: number;
  repeats: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  return { median: r2(median(xs)), p95: r2(s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]), min: r2(s[0]), n: xs.length };
}
const now = () => Number(process.hrtime.bigint()) / 1e6;
async function time(f: () => Promise<unknown>): Promise<number> {
  const s = now();
  await f();
  return now() - s;
}

export async function benchCluster(opts: { scenario?: ScenarioName; runs?: number; repeats?: number; scale?: ScaleOptions | 'large' } = {}): Promise<ClusterBenchResult> {
  if (!prometheusAvailable()) throw new Error('prometheus not installed (apt-get install -y --no-install-recommends prometheus)');
  const scenario = opts.scenario ?? 'healthy';
  const runs = opts.runs ?? 20;
  const repeats = opts.repeats ?? 9;
  const prom = await startPrometheus({ scenario, scale: opts.scale });
  const client = new PrometheusClient({ url: prom.url, proxy: 'none' });
  // Records the queries a refresh sends (check id is filled in from the report below).
  let log: Array<{ promql: string; time?: number | Date }> | null = null;
  const origQuery = client.query.bind(client);
  client.query = (q, t, o) => {
    log?.push({ promql: q, time: t });
    return origQuery(q, t, o);
  };
  try {
    // 1. First refresh: a fresh client, so it pays for its connections and the name lookup.
    const fresh = new PrometheusClient({ url: prom.url, proxy: 'none' });
    let firstRefreshMs: number;
    try {
      firstRefreshMs = await time(() => evaluateHealth(fresh));
    } finally {
      await fresh.close();
    }
    // Warm-up (JIT, pool, Prometheus' caches).
    for (let i = 0; i < 3; i++) await evaluateHealth(client);
    const names = await resolveNames(client);

    // 2. Full and steady refreshes, interleaved so both see the same conditions.
    const full: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < runs; i++) {
      full.push(await time(() => evaluateHealth(client)));
      cached.push(await time(() => evaluateHealth(client, { names })));
    }

    // 3. The queries of one steady refresh, each alone.
    log = [];
    const report = await evaluateHealth(client, { names });
    const sent = log;
    log = null;
    const checkOf = (q: string) => report.checks.find((c) => c.promql === q)?.id ?? report.checks.find((c) => c.promql && q.includes(c.promql.slice(0, 40)))?.id ?? '(secondary query)';
    const alone: ClusterBenchResult['queriesAlone'] = [];
    for (const q of sent) {
      const ts: number[] = [];
      for (let i = 0; i < repeats; i++) ts.push(await time(() => origQuery(q.promql, q.time)));
      alone.push({ check: checkOf(q.promql), medianMs: r2(median(ts)), promql: q.promql });
    }
    alone.sort((a, b) => b.medianMs - a.medianMs);
    // Server-side evaluation time of the slowest (Prometheus' own stats), to split server work from transport.
    try {
      const slow = sent.find((q) => q.promql === alone[0].promql)!;
      const { data } = await client.call<{ stats?: { timings?: { evalTotalTime?: number } } }>('/api/v1/query', { query: slow.promql, time: slow.time === undefined ? undefined : String(Number(slow.time) / (Number(slow.time) > 1e11 ? 1000 : 1)), stats: 'all' });
      const ev = data?.stats?.timings?.evalTotalTime;
      if (typeof ev === 'number') alone[0].serverEvalMs = r2(ev * 1000);
    } catch {
      /* stats unsupported */
    }

    // 4. Fixed costs.
    const v1: number[] = [];
    for (let i = 0; i < 31; i++) v1.push(await time(() => origQuery('vector(1)')));
    const batch: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < runs; i++) {
      batch.push(await time(() => Promise.all(sent.map(() => origQuery('vector(1)')))));
      raw.push(await time(() => Promise.all(sent.map((q) => origQuery(q.promql, q.time)))));
    }

    const slowest = alone[0];
    const steady = median(cached);
    return {
      scenario,
      dataset: {
        scale: opts.scale ? { ...LARGE_SCALE, ...(opts.scale === 'large' ? {} : opts.scale) } : 'small',
        series: await seriesCount(origQuery),
        samples: prom.history.samples,
        historyBytes: prom.history.bytes,
      },
      prometheusStartMs: { generate: prom.timings.generateMs, backfill: prom.timings.backfillMs, ready: prom.timings.readyMs, total: prom.timings.totalMs },
      firstRefreshMs: r2(firstRefreshMs),
      refreshMs: stats(full),
      refreshWithCachedNamesMs: stats(cached),
      queriesPerRefresh: sent.length,
      statuses: report.counts,
      queriesAlone: alone,
      slowestQuery: { check: slowest.check, medianMs: slowest.medianMs, ...(slowest.serverEvalMs !== undefined ? { serverEvalMs: slowest.serverEvalMs } : {}) },
      sequentialSumMs: r2(alone.reduce((a, b) => a + b.medianMs, 0)),
      overhead: { vector1AloneMs: r2(median(v1)), vector1BatchMs: r2(median(batch)), rawParallelBatchMs: r2(median(raw)) },
      ratio: { steady: r2(steady / slowest.medianMs), full: r2(median(full) / slowest.medianMs), first: r2(firstRefreshMs / slowest.medianMs), floor: r2(median(batch) / slowest.medianMs) },
      runs,
      repeats,
    };
  } finally {
    await client.close();
    await prom.stop();
  }
}

async function seriesCount(q: PrometheusClient['query']): Promise<number> {
  const r = await q('count({__name__=~".+"})');
  return r.resultType === 'vector' && r.result.length ? r.result[0].value[1] : NaN;
}

export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const large = argv.includes('--scale') && argv[argv.indexOf('--scale') + 1] === 'large';
  const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : undefined;
  const scenarios = argv.filter((a, i) => !a.startsWith('-') && !['--scale', '--runs'].includes(argv[i - 1])) as ScenarioName[];
  for (const s of scenarios.length ? scenarios : (['healthy'] as ScenarioName[])) {
    // eslint-disable-next-line no-console
    console.log(JSON.stringify(await benchCluster({ scenario: s, runs, scale: large ? 'large' : undefined }), null, 1));
  }
}

if (require.main === module) void main();
