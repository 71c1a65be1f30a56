/**
 * Runs a real Prometheus (Debian package `prometheus`) on 127.0.0.1 with one hour of backfilled, deterministic
 * NativeLink history for a scenario. Optionally serves live samples that Prometheus scrapes so graphs move.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderExposition, renderOpenMetricsHistory, writeOpenMetricsHistory } from './backfill';
import { ClusterModel, SCENARIOS, type ScaleOptions, type ScenarioName } from './model';
import { ALERT_RULES_YAML } from './rules';

const execFileP = promisify(execFile);

export interface StartOptions {
  scenario: ScenarioName;
  /** 0 (default) = a free port. */
  port?: number;
  seed?: number;
  /** End of the history (unix ms, default now). */
  now?: number;
  /** Serve live samples that Prometheus scrapes every 5 s (for the demo). Default false. */
  live?: boolean;
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
  let live: Server | undefined;
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
    if (live) await new Promise<void>((r) => live!.close(() => r()));
    if (!opts.keepData) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const endMs = opts.now ?? Date.now();
    const model = new ClusterModel({ scenario: opts.scenario, seed: opts.seed, endMs, scale: opts.scale });

    // Live exporter first: its address is in the scrape config.
    let livePort = 0;
    if (opts.live) {
      const liveModel = new ClusterModel({ scenario: opts.scenario, seed: opts.seed, endMs, historyS: 3600, scale: opts.scale });
      live = createServer((req, res) => {
        if (req.url?.startsWith('/metrics')) {
          // Past the history end, keep the scenario's end state (a "stopped" scenario serves nothing).
          const body = SCENARIOS[opts.scenario].stopBeforeEndS > 0 ? '' : renderExposition(liveModel, Date.now(), {});
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(body);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((r) => live!.listen(0, '127.0.0.1', () => r()));
      const a = live.address();
      livePort = typeof a === 'object' && a ? a.port : 0;
    }

    const tg = Date.now();
    let history: RunningPrometheus['history'];
    if (opts.scale) {
      history = writeOpenMetricsHistory(model, join(dir, 'backfill.om'));
    } else {
      const text = renderOpenMetricsHistory(model);
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
