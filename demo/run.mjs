// `npm run demo`: a real Prometheus fed by the cluster simulator, and the extension in a real VS Code
// (code-server) in your browser, on a sample workspace with the demo clusters already connected.
// Ctrl+C stops everything this started.
//   node demo/run.mjs [--scenario queue-backlog] [--port 8080] [--check] [--no-editor]
// --check starts everything, proves each part answers, then stops (used by the tests).
// --no-editor starts only the Prometheus servers and simulated clusters, prints one JSON line per cluster on stdout
// ({"cluster", "scenario", "prometheus", "collectorHealth", "collectorMetrics"}) and runs until SIGINT/SIGTERM.
// --aged SECONDS (for tests) starts the clusters as they look that long into a demo.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openUrlHint, startCodeServer } from '../scripts/vscode-test/codeserver.mjs';
import { ensureInstalled, FIRST_INSTALL } from '../scripts/vscode-test/install.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const scenario = arg('scenario', 'queue-backlog');
const port = Number(arg('port', process.env.PORT ?? '8080'));
const checkOnly = process.argv.includes('--check');
const headless = process.argv.includes('--no-editor');
const agedS = Number(arg('aged', '0')) || 0;
// Headless stdout carries only the JSON lines; everything said to a person goes to stderr.
const say = headless ? (...a) => console.error(...a) : (...a) => console.log(...a);

const { startPrometheus, PrometheusMissingError } = require(join(root, 'out/demo/simulator/prometheus.js'));
const { SCENARIO_NAMES } = require(join(root, 'out/demo/simulator/model.js'));
if (!SCENARIO_NAMES.includes(scenario)) {
  console.error(`Unknown scenario "${scenario}". Choose one of: ${SCENARIO_NAMES.join(', ')}`);
  process.exit(64);
}

const stops = [];
// Prometheus servers still starting: a signal during a start must not leave one (and its temp folder) behind.
const starting = new Set();
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say('\nStopping the demo…');
  for (const r of await Promise.allSettled([...starting])) if (r.status === 'fulfilled') await r.value.stop().catch(() => undefined);
  for (const s of stops.reverse()) await s().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  if (!headless) {
    say(`Checking the local VS Code (code-server) install (${FIRST_INSTALL})…`);
    await ensureInstalled({ needChromium: false });
  }
  const clusters = [];
  for (const [name, sc] of [['demo-healthy', 'healthy'], [`demo-${scenario}`, scenario]]) {
    if (stopping) break;
    const start = startPrometheus({ scenario: sc, live: true, agedS });
    starting.add(start);
    const prom = await start;
    starting.delete(start);
    stops.push(() => prom.stop());
    say(`Prometheus for "${name}" (${sc}) at ${prom.url} (ready in ${prom.timings.totalMs} ms); collector health ${prom.collector.healthUrl}`);
    clusters.push({ name, prometheusUrl: prom.url, timeoutSeconds: 5, collectorHealthUrl: prom.collector.healthUrl, collectorMetricsUrl: prom.collector.metricsUrl });
    if (headless) console.log(JSON.stringify({ cluster: name, scenario: sc, prometheus: prom.url, collectorHealth: prom.collector.healthUrl, collectorMetrics: prom.collector.metricsUrl }));
  }
  if (stopping) await new Promise(() => undefined); // stopAll ends the process
  if (headless) {
    say('Demo clusters are running without an editor (Ctrl+C stops them).');
    // Keep the process alive until a signal: the HTTP servers alone would do, but make it explicit.
    setInterval(() => undefined, 1 << 30);
    await new Promise(() => undefined);
  }
  const ws = join(root, '.demo', 'workspace');
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(ws, { recursive: true });
  cpSync(join(root, 'demo', 'workspace'), ws, { recursive: true });
  const csStart = startCodeServer({
    workspace: ws,
    extensionDevelopmentPath: root,
    port,
    userSettings: { 'nativelink.clusters': clusters, 'nativelink.health.refreshIntervalSeconds': 15, 'workbench.colorTheme': 'Default Dark Modern' },
  });
  starting.add(csStart);
  const cs = await csStart;
  starting.delete(csStart);
  stops.push(() => cs.stop());
  if (checkOnly) {
    for (const c of clusters) {
      const r = await fetch(`${c.prometheusUrl}/api/v1/query?query=${encodeURIComponent('count({__name__=~"nativelink_.*"})')}`);
      const body = await r.json();
      if (body.status !== 'success' || !body.data.result.length) throw new Error(`${c.name}: no NativeLink series in ${c.prometheusUrl}`);
    }
    const page = await fetch(cs.baseUrl ?? cs.url);
    if (!page.ok) throw new Error(`code-server answered ${page.status}`);
    console.log(`demo check: ${clusters.length} Prometheus servers with NativeLink data and VS Code at ${cs.url}`);
    await stopAll(0);
  }
  openUrlHint(cs.url, { title: 'NativeLink demo is running: open this URL in your browser (Ctrl+C stops everything)' });
  console.log('Open the NativeLink view in the activity bar for cluster health; run "NativeLink: Diagnose cluster" from the command palette. New here? Help → Welcome → "Get started with NativeLink".');
} catch (err) {
  if (err instanceof PrometheusMissingError) console.error(err.message);
  else console.error(`Demo failed to start: ${err instanceof Error ? err.message : err}`);
  await stopAll(1);
}
