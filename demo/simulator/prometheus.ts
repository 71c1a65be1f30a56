/**
 * Runs a real Prometheus (Debian package `prometheus`) on 127.0.0.1 with one hour of backfilled, deterministic
 * NativeLink history for a scenario. Optionally serves live samples that Prometheus scrapes so graphs move.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderExposition, renderOpenMetricsHistory, writeOpenMetricsHistory } from './backfill';
import { ClusterModel, SCENARIOS, type ScaleOptions, type ScenarioName } from './model';
import { ALERT_RULES_YAML } from './rules';
import { collectorSim, COLLECTOR_TELEMETRY_INSTANCE } from './collector';

const execFileP = promisify(execFile);

export interface StartOptions {
  scenario: ScenarioName;
  /** 0 (default) = a free port. */
  port?: number;
  seed?: number;
  /** End of the history (unix ms, default now). */
  now?: number;
  /**
   * Serve live samples that Prometheus scrapes every 5 s, for as long as it runs, plus the collector's own metrics
   * page and health_check endpoint (for the demo). Default false.
   */
  live?: boolean;
  /**
   * Run as if the scenario had reached its "now" state this many seconds before the history end (default 0). Tests
   * use it to see the cluster as it looks that long into a demo without waiting for it.
   */
  agedS?: number;
  /** Load the alert rules file (default true). */
  rules?: boolean;
  /** Keep the temp directory after stop() (default false). */
  keepData?: boolean;
  prometheusBin?: string;
  promtoolBin?: string;
  /** Max time to wait for /-/ready (default 20 s). */
  readyTimeoutMs?: number;
  /** A larger cluster (benchmarks): see ScaleOptions; `'large'` = 20 instances, 300 workers, all cache types. */
  scale?: ScaleOptions | 'large';
}

export interface RunningPrometheus {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  scenario: ScenarioName;
  /** Timings in ms. */
  timings: { generateMs: number; backfillMs: number; readyMs: number; totalMs: number };
  /** Size of the backfilled history (series and samples are counted only for scaled clusters). */
  history: { bytes: number; series?: number; samples?: number };
  /** History window (unix ms). */
  historyStartMs: number;
  historyEndMs: number;
  /** The simulated collector's endpoints (live mode). */
  collector?: { healthUrl: string; metricsUrl: string };
  stop(): Promise<void>;
}

export class PrometheusMissingError extends Error {
  constructor(what: string) {
    super(`${what} was not found. Install the Debian package: apt-get install -y --no-install-recommends prometheus (it provides /usr/bin/prometheus and /usr/bin/promtool), or set PROMETHEUS_BIN / PROMTOOL_BIN.`);
    this.name = 'PrometheusMissingError';
  }
}

function findBinary(explicit: string | undefined, env: string | undefined, name: string): string {
  const candidates = [explicit, env, `/usr/bin/${name}`, `/usr/local/bin/${name}`, `/opt/homebrew/bin/${name}`].filter((x): x is string => !!x);
  for (const c of candidates) if (existsSync(c)) return c;
  throw new PrometheusMissingError(name);
}

/** True when both binaries are installed (tests skip otherwise). */
export function prometheusAvailable(): boolean {
  try {
    findBinary(undefined, process.env.PROMETHEUS_BIN, 'prometheus');
    findBinary(undefined, process.env.PROMTOOL_BIN, 'promtool');
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A loopback HTTP server on a free port; `route` returns the responder for a request, or undefined for 404. */
async function serve(servers: Server[], route: (req: IncomingMessage) => ((res: ServerResponse) => void) | undefined): Promise<number> {
  const srv = createServer((req, res) => {
    try {
      const respond = route(req);
      if (respond) respond(res);
      else res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500).end(String((e as Error)?.message ?? e));
    }
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const a = srv.address();
  return typeof a === 'object' && a ? a.port : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`prometheus exited with code ${exited} before it was ready:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      /* not yet */
    }
    await sleep(20);
  }
  throw new Error(`prometheus was not ready within ${timeoutMs} ms:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startPrometheus(opts: StartOptions): Promise<RunningPrometheus> {
  const t0 = Date.now();
  if (!SCENARIOS[opts.scenario]) throw new Error(`Unknown scenario "${opts.scenario}". Known: ${Object.keys(SCENARIOS).join(', ')}`);
  const prom = findBinary(opts.prometheusBin, process.env.PROMETHEUS_BIN, 'prometheus');
  const promtool = findBinary(opts.promtoolBin, process.env.PROMTOOL_BIN, 'promtool');
  const dir = mkdtempSync(join(tmpdir(), `nl-prom-${opts.scenario}-`));
  const dataDir = join(dir, 'data');
  const servers: Server[] = [];
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child && child.exitCode === null && child.pid) {
      const done = new Promise<void>((r) => child!.once('exit', () => r()));
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      const timer = setTimeout(() => {
        try {
          if (child?.pid) process.kill(child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await done;
      clearTimeout(timer);
    }
    for (const srv of servers) {
      srv.closeAllConnections();
      await new Promise<void>((r) => srv.close(() => r()));
    }
    if (!opts.keepData) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const endMs = opts.now ?? Date.now();
    const model = new ClusterModel({ scenario: opts.scenario, seed: opts.seed, endMs, scale: opts.scale, anchorMs: endMs - (opts.agedS ?? 0) * 1000 });

    // Live endpoints first: their addresses are in the scrape config. The model is a pure function of time, so
    // the live values continue the history without a gap or a jump, for as long as the demo runs.
    let livePort = 0;
    let telemetryPort = 0;
    let collector: RunningPrometheus['collector'];
    const sim = opts.live ? collectorSim(model) : undefined;
    if (sim) {
      const text = (body: string) => (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(body);
      };
      // The collector's prometheus exporter (:9464 in the sample config): NativeLink's series.
      livePort = await serve(servers, (req) => (req.url?.startsWith('/metrics') ? text(renderExposition(model, Date.now(), {})) : undefined));
      // Its internal telemetry (service.telemetry.metrics, :8888).
      telemetryPort = await serve(servers, (req) => (req.url?.startsWith('/metrics') ? text(sim.page(Date.now())) : undefined));
      // The health_check extension (:13133, path /).
      const healthPort = await serve(servers, (req) => {
        if (req.url !== '/') return undefined;
        const h = sim.health(Date.now());
        return (res) => {
          res.writeHead(h.status, { 'content-type': 'application/json' });
          res.end(h.body);
        };
      });
      collector = { healthUrl: `http://127.0.0.1:${healthPort}/`, metricsUrl: `http://127.0.0.1:${telemetryPort}/metrics` };
    }

    const tg = Date.now();
    let history: RunningPrometheus['history'];
    if (opts.scale) {
      history = writeOpenMetricsHistory(model, join(dir, 'backfill.om'));
    } else {
      const text = renderOpenMetricsHistory(model, sim ? sim.families('otel-collector') : []);
      writeFileSync(join(dir, 'backfill.om'), text);
      history = { bytes: Buffer.byteLength(text) };
    }
    const generateMs = Date.now() - tg;
    const tb = Date.now();
    try {
      await execFileP(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'backfill.om'), dataDir], { timeout: 60_000 });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      throw new Error(`promtool backfill failed: ${err.stderr || err.stdout || err.message}`);
    }
    const backfillMs = Date.now() - tb;

    const port = opts.port && opts.port > 0 ? opts.port : await freePort();
    const url = `http://127.0.0.1:${port}`;
    const useRules = opts.rules !== false;
    if (useRules) writeFileSync(join(dir, 'alerts.yml'), ALERT_RULES_YAML);
    const config = [
      'global:',
      '  scrape_interval: 5s',
      '  evaluation_interval: 15s',
      ...(useRules ? ['rule_files:', `  - ${JSON.stringify(join(dir, 'alerts.yml'))}`] : []),
      'scrape_configs:',
      '  - job_name: prometheus',
      '    static_configs:',
      `      - targets: ["127.0.0.1:${port}"]`,
      ...(opts.live
        ? [
            '  - job_name: otel-collector',
            '    static_configs:',
            `      - targets: ["127.0.0.1:${livePort}"]`,
            '        labels:',
            '          instance: "otel-collector:9464"',
            `      - targets: ["127.0.0.1:${telemetryPort}"]`,
            '        labels:',
            `          instance: "${COLLECTOR_TELEMETRY_INSTANCE}"`,
          ]
        : []),
      '',
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const logFile = join(dir, 'prometheus.log');
    const { openSync } = await import('node:fs');
    const fd = openSync(logFile, 'a');
    const tr = Date.now();
    child = spawn(prom, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=15d',
      '--web.enable-lifecycle',
    ], { stdio: ['ignore', fd, fd], detached: false });
    await waitReady(url, child, opts.readyTimeoutMs ?? 20_000, logFile);
    const readyMs = Date.now() - tr;
    const pid = child.pid!;
    let stopped = false;
    return {
      url,
      port,
      dataDir: dir,
      pid,
      scenario: opts.scenario,
      timings: { generateMs, backfillMs, readyMs, totalMs: Date.now() - t0 },
      history,
      historyStartMs: model.startMs,
      historyEndMs: model.endMs,
      ...(collector ? { collector } : {}),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
