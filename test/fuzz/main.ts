/**
 * `npm run fuzz -- [--seed N] [--count N | --seconds N] [--out DIR] [--slow-ms N] [--max-rss-growth-mb N] [--max-leak-mb N] [--clear-every N]`:
 * fuzzes dist/server.js over LSP and exits 1 on a crash, a hang, a handler error, a request over the slow
 * threshold, memory growth over the limit (live heap after GC; RSS where that is missing), or a leak: growth of
 * the live heap with every cache emptied, over the run's checkpoints (default limit 3 MB). Failing inputs are written to DIR (default fuzz-failures/).
 */
import { describeCaches, runFuzz } from './harness';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const seed = Number(arg('seed') ?? Date.now() % 1_000_000);
  const count = arg('count') ? Number(arg('count')) : undefined;
  const seconds = arg('seconds') ? Number(arg('seconds')) : undefined;
  const slowMs = Number(arg('slow-ms') ?? 1000);
  const maxGrowth = Number(arg('max-rss-growth-mb') ?? 100);
  // The caches' bounds allow tens of megabytes, hence the loose limit above; with them emptied the heap should
  // not grow at all (a 100,000-document run stayed within 18.2-21.4 MB), so a few megabytes is already a leak.
  const maxLeak = Number(arg('max-leak-mb') ?? 3);
  const outDir = arg('out') ?? 'fuzz-failures';
  const clearEvery = arg('clear-every') ? Number(arg('clear-every')) : undefined;
  console.log(`fuzz: seed ${seed}, ${count ? `${count} documents` : `${seconds ?? 60} s`}, failing inputs to ${outDir}/`);
  // Ctrl+C (or SIGTERM) ends the run after the current document and still prints the report.
  let stopping = false;
  const stop = () => (stopping = true);
  process.on('SIGINT', stop).on('SIGTERM', stop);
  const report = await runFuzz({ seed, count, seconds: count ? undefined : (seconds ?? 60), slowMs, outDir, clearEvery, stop: () => stopping, log: (l) => console.log(`  ${l}`) });
  const rss = report.rss;
  const thin = <T>(xs: T[]) => (xs.length > 40 ? xs.filter((_, i) => i % Math.ceil(xs.length / 40) === 0) : xs);
  console.log(JSON.stringify({ ...report, failures: report.failures.slice(0, 20), rss: thin(rss), heap: thin(report.heap) }, null, 1));
  console.log(
    `fuzz: ${report.documents} documents, ${report.requests} requests in ${report.seconds.toFixed(0)} s; ` +
      `${report.crashes} crashes, ${report.hangs} hangs, ${report.handlerErrors} handler errors, ${report.slow} over ${slowMs} ms; ` +
      `wall max ${report.maxMs.toFixed(0)} ms, p99 ${report.p99Ms.toFixed(1)} ms, p50 ${report.p50Ms.toFixed(1)} ms; ` +
      `server CPU max ${report.cpuMaxMs.toFixed(0)} ms, p99 ${report.cpuP99Ms.toFixed(0)} ms; ` +
      `RSS ${rss[0]?.mb.toFixed(0) ?? '?'} → ${rss[rss.length - 1]?.mb.toFixed(0) ?? '?'} MB (growth ${report.rssGrowthMb.toFixed(0)} MB); ` +
      `heap after GC ${report.heap[0]?.mb.toFixed(1) ?? '?'} → ${report.heap[report.heap.length - 1]?.mb.toFixed(1) ?? '?'} MB (growth ${report.heapGrowthMb.toFixed(1)} MB)`,
  );
  console.log(
    `fuzz: ${describeCaches(report.caches)}; ` +
      `heap after GC with every cache emptied ${report.bareHeap[0]?.mb.toFixed(1) ?? '?'} → ${report.bareHeap[report.bareHeap.length - 1]?.mb.toFixed(1) ?? '?'} MB ` +
      `over ${report.bareHeap.length} checkpoints (growth ${report.bareHeapGrowthMb.toFixed(1)} MB)`,
  );
  // Memory: live heap after GC where the server has it (RSS mostly shows how much heap V8 keeps), else RSS.
  const growth = report.heap.length ? report.heapGrowthMb : report.rssGrowthMb;
  const failed = report.crashes + report.hangs + report.handlerErrors + report.slow > 0 || growth > maxGrowth || report.bareHeapGrowthMb > maxLeak;
  process.exit(failed ? 1 : 0);
}

void main();
