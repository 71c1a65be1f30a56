/**
 * Runs the diagnosis: one reachability probe, then every check in parallel, each with its own timer, inside one
 * overall budget. A failing or slow check becomes a plain finding and never hides the others.
 */
import { evaluateHealth, mergeThresholds, queryRangeSeries } from '../cluster/health';
import { labelName, resolveNames, selector } from '../cluster/names';
import { PromError, toMs } from '../cluster/prometheus';
import { instantScalar, instantVector, isNonFinite } from '../cluster/samples';
import type { CheckId, CheckResult, ResolvedNames, Surface } from '../cluster/types';
import { ALL_DIAGNOSE_CHECKS } from './checks';
import { sectionDocs } from './guide';
import type { CheckEnv, CheckOutcome, CheckRun, DiagnoseCheck, DiagnoseContext, DiagnosisReport, Finding, HttpResponse, Severity } from './types';
import { hint } from './hints';
import { defaultHttpGet, finding } from './util';
import { attachAlertEvidence } from './alertEvidence';

export const DEFAULT_DIAGNOSE_TIMEOUT_MS = 20_000;

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export interface RunOptions {
  /** Only these checks (ids); default all. */
  checks?: string[];
  /** Replace the check list entirely (tests). */
  checkDefs?: readonly DiagnoseCheck[];
}

class CheckTimeout extends Error {
  constructor(readonly ms: number) {
    super(`did not finish within ${(ms / 1000).toFixed(1)} s`);
  }
}

/** Wait for `p`, but give up when `signal` aborts (the underlying work is asked to stop through the same signal). */
function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function errorKind(e: unknown): string {
  return e instanceof PromError ? e.kind : 'internal';
}

function errorMessage(e: unknown): string {
  if (e instanceof PromError) return e.message;
  const m = (e as Error)?.message ?? String(e);
  return m.length > 300 ? `${m.slice(0, 300)}…` : m;
}

/** The single critical finding when Prometheus cannot be used at all. */
export function prometheusFailureFinding(url: string, e: unknown, surface?: Surface): Finding {
  const kind = errorKind(e);
  const msg = errorMessage(e);
  const titles: Record<string, string> = {
    unreachable: 'Prometheus is not reachable',
    timeout: 'Prometheus did not answer in time',
    auth: 'Prometheus refused the credentials',
    'not-prometheus': 'The URL does not answer like a Prometheus API',
    tls: 'The TLS connection to Prometheus failed',
    server: 'Prometheus answered with an error',
    'bad-query': 'Prometheus rejected the probe query',
    cancelled: 'The diagnosis was cancelled',
  };
  const actions: Record<string, string[]> = {
    unreachable: ['Check the URL (host, port, http vs https) and that Prometheus is running.', 'For a server inside a cluster, start a port-forward (e.g. kubectl port-forward svc/prometheus 9090) and use http://localhost:9090.'],
    timeout: ['Check that the server is not overloaded and that no proxy or firewall silently drops the connection.', `Raise the timeout (${hint(surface, 'timeout')}) if the server is just slow.`],
    auth: [`Provide credentials: ${hint(surface, 'credentials')}.`, 'Check that the token has not expired and grants read access to metrics.'],
    'not-prometheus': ['Use the Prometheus API base URL, including any path prefix (/prometheus for Mimir, /api/prom for Grafana Cloud), not a Grafana or login page.'],
    tls: [`Give the server's CA certificate (${hint(surface, 'caFile')}) or check that the URL scheme matches the server.`],
    server: ['Look at the Prometheus server logs; a 503 usually means it is still loading its TSDB.'],
    'bad-query': ['The server is not fully Prometheus-compatible; check its documentation for the supported API.'],
    cancelled: ['Run the diagnosis again.'],
  };
  return {
    ...finding({
      id: 'prometheus-ready',
      section: 'Metrics Not Appearing',
      severity: kind === 'cancelled' ? 'info' : 'critical',
      title: titles[kind] ?? 'Prometheus cannot be queried',
      summary: `${msg} Every other check that needs Prometheus was skipped.`,
      evidence: [{ kind: 'http', url: url, value: msg }],
      causes: kind === 'auth' ? ['The server (or a proxy in front of it) requires a token or a user name and password.'] : kind === 'unreachable' ? ['Prometheus is down, the port is wrong, or a port-forward/VPN is missing.'] : [],
      actions: actions[kind] ?? [],
    }),
    check: 'prometheus-ready',
    section: 'Metrics Not Appearing',
  };
}

interface CheckResultOfRun {
  def: DiagnoseCheck;
  run: CheckRun;
  findings: Finding[];
  /** Set when the check could not run (error kind: a PromError kind, 'internal' or 'timeout'). */
  failure?: { kind: string; reason: string };
}

/**
 * When most of the checks that ran failed the same way (at least 3, and more than half), the per-check findings
 * would bury the one real problem; they are merged into one finding.
 */
function commonFailure(results: readonly CheckResultOfRun[]): { kind: string; count: number; ran: number } | undefined {
  const ran = results.filter((r) => r.run.state !== 'skipped').length;
  const byKind = new Map<string, number>();
  for (const r of results) if (r.failure) byKind.set(r.failure.kind, (byKind.get(r.failure.kind) ?? 0) + 1);
  const [kind, count] = [...byKind.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return count >= 3 && count * 2 > ran ? { kind, count, ran } : undefined;
}

const COMMON_TITLES: Record<string, string> = {
  'not-prometheus': 'Prometheus answers are not in the Prometheus API format',
  internal: 'Most checks failed with an internal error',
  timeout: 'Most checks timed out',
  unreachable: 'Prometheus became unreachable during the diagnosis',
  auth: 'Prometheus refused the credentials for most queries',
  tls: 'The TLS connection to Prometheus failed for most queries',
  server: 'Prometheus answered most queries with an error',
  'bad-query': 'Prometheus rejected most queries',
  cancelled: 'Most checks were cancelled',
};

const commonActions = (surface?: Surface): Record<string, string[]> => ({
  'not-prometheus': [
    'Check that the URL is the Prometheus API base URL, including any path prefix (/prometheus for Mimir, /api/prom for Grafana Cloud), and not a proxy, dashboard or another service.',
    'If a proxy sits in front of Prometheus, check that it passes the JSON answers through unchanged.',
  ],
  internal: ['Run the diagnosis again; if it keeps failing, report it to the extension\'s issue tracker with this report attached.'],
  timeout: [`Check that Prometheus is not overloaded; run again or raise the timeout (${hint(surface, 'timeout')}).`],
  unreachable: ['Check that Prometheus is still running and the network path (port-forward, VPN, proxy) is up, then run again.'],
  auth: ['Check that the token or user name/password grants read access to every API endpoint the diagnosis uses.'],
  tls: ['Check the CA certificate and that the URL scheme matches the server.'],
  server: ['Look at the Prometheus server logs for these queries.'],
  'bad-query': ['The server is not fully Prometheus-compatible; check its documentation for the supported API.'],
});

/** One finding for a failure most checks share. */
function commonFailureFinding(url: string, c: { kind: string; count: number; ran: number }, results: readonly CheckResultOfRun[], surface?: Surface): Finding {
  const failed = results.filter((r) => r.failure?.kind === c.kind);
  const reasons = [...new Set(failed.map((r) => r.failure!.reason))];
  const first = reasons[0] ?? 'unknown error';
  const severe = c.kind === 'not-prometheus' || c.kind === 'unreachable' || c.kind === 'auth' || c.kind === 'tls';
  const section = 'Metrics Not Appearing';
  return {
    ...finding({
      id: 'checks-failed',
      section,
      severity: severe ? 'critical' : 'warning',
      title: COMMON_TITLES[c.kind] ?? 'Most checks could not run',
      summary: `${c.count} of ${c.ran} checks could not run for the same reason, so their results are unknown. ${first}${/[.!?]$/.test(first) ? '' : '.'}${reasons.length > 1 ? ` (${reasons.length - 1} similar error${reasons.length > 2 ? 's' : ''} in the evidence.)` : ''} Checks affected: ${failed.map((r) => r.def.id).join(', ')}.`,
      evidence: reasons.slice(0, 3).map((r) => ({ kind: 'http' as const, url, value: r })),
      actions: commonActions(surface)[c.kind] ?? ['Run the diagnosis again.'],
    }),
    section,
  };
}

/** Probe reachability: buildinfo when available, falling back to `vector(1)` (Grafana Cloud, AMP). */
async function probe(ctx: DiagnoseContext, signal: AbortSignal, timeoutMs: number, time: number): Promise<{ version?: string }> {
  const opts = { signal, timeoutMs };
  if (ctx.client.buildinfo) {
    try {
      const b = await ctx.client.buildinfo(opts);
      if (!b || typeof b !== 'object' || typeof b.version !== 'string') throw new PromError('not-prometheus', `The server at ${ctx.prometheusUrl} answered /api/v1/status/buildinfo without a version; it does not look like Prometheus.`);
      return { version: b.version };
    } catch (e) {
      // 404 → the server lacks this endpoint (Grafana Cloud, AMP); anything else is the answer.
      if (!(e instanceof PromError && e.kind === 'not-prometheus' && e.status === 404)) throw e;
    }
  }
  const r = await ctx.client.query('vector(1)', time, opts);
  if (!r || (r.resultType !== 'vector' && r.resultType !== 'scalar')) throw new PromError('not-prometheus', `The server at ${ctx.prometheusUrl} did not answer the probe query like Prometheus does.`);
  return {};
}

/** Run the diagnosis. Never throws for server problems: they become findings. */
export async function runDiagnosis(ctx: DiagnoseContext, opts: RunOptions = {}): Promise<DiagnosisReport> {
  const startedAt = Date.now();
  const budget = Math.max(200, ctx.timeoutMs ?? DEFAULT_DIAGNOSE_TIMEOUT_MS);
  // Finish a little before the budget so the caller can still render and exit "within the timeout".
  const deadline = startedAt + budget - Math.min(500, Math.round(budget * 0.05));
  const nowMs = toMs(ctx.now);
  const time = nowMs / 1000;
  const t = mergeThresholds(ctx.thresholds);
  let defs = opts.checkDefs ?? ALL_DIAGNOSE_CHECKS;
  if (opts.checks?.length) defs = defs.filter((d) => opts.checks!.includes(d.id));

  const runCtl = new AbortController();
  const onOuterAbort = () => runCtl.abort(ctx.signal?.reason ?? new Error('cancelled'));
  if (ctx.signal) {
    if (ctx.signal.aborted) onOuterAbort();
    else ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
  }
  const runSignal = runCtl.signal;

  const runs: CheckRun[] = [];
  const findings: Finding[] = [];
  const passed: string[] = [];
  const skipped: Array<{ id: string; reason: string }> = [];
  let prometheusError: DiagnosisReport['prometheusError'];
  let prometheusVersion: string | undefined;

  // 1. Reachability probe (at most 60% of the budget, so a hanging server still leaves time to report).
  const needsProm = defs.some((d) => d.needsPrometheus !== false);
  let promOk = true;
  if (needsProm) {
    const probeMs = Math.max(100, Math.round((deadline - Date.now()) * 0.6));
    const probeCtl = new AbortController();
    const timer = setTimeout(() => probeCtl.abort(new CheckTimeout(probeMs)), probeMs);
    const probeSignal = AbortSignal.any([runSignal, probeCtl.signal]);
    try {
      const info = await raceSignal(probe(ctx, probeSignal, probeMs, time), probeSignal);
      prometheusVersion = info.version;
    } catch (e) {
      promOk = false;
      let err: unknown = e;
      if (e instanceof CheckTimeout || probeCtl.signal.aborted) err = new PromError('timeout', `Prometheus at ${ctx.prometheusUrl} did not answer within ${(probeMs / 1000).toFixed(1)} s.`);
      else if (runSignal.aborted) err = new PromError('cancelled', 'The diagnosis was cancelled.');
      prometheusError = { kind: errorKind(err), message: errorMessage(err) };
      findings.push(prometheusFailureFinding(ctx.prometheusUrl, err, ctx.surface));
    } finally {
      clearTimeout(timer);
    }
  }

  // 2. Shared, memoised helpers.
  let namesP: Promise<ResolvedNames> | undefined;
  const names = () => (namesP ??= resolveNames(ctx.client, { now: nowMs, signal: runSignal }));
  const healthMemo = new Map<CheckId, Promise<CheckResult>>();
  const health = (id: CheckId): Promise<CheckResult> => {
    let p = healthMemo.get(id);
    if (!p) {
      p = (async () => {
        const n = await names();
        const rep = await evaluateHealth(ctx.client, { names: n, only: [id], now: nowMs, signal: runSignal, thresholds: ctx.thresholds, surface: ctx.surface });
        const r = rep.checks[0];
        if (!r) throw new Error(`health check ${id} is not available`);
        // The health model turns query errors into `unknown`; surface them as errors of this check (same kind).
        if (r.status === 'unknown' && r.display === 'query failed') {
          const kind = r.errorKind ?? (/did not answer|gave up/.test(r.reason ?? '') ? 'timeout' : 'server');
          if (kind === 'internal') throw new Error((r.reason ?? 'query failed').replace(/^Unexpected error: /, ''));
          throw new PromError(kind, r.reason ?? 'query failed');
        }
        if (r.status === 'unknown' && r.display === 'cancelled') throw new PromError('cancelled', r.reason ?? 'cancelled');
        return r;
      })();
      p.catch(() => undefined);
      healthMemo.set(id, p);
    }
    return p;
  };
  let allNamesP: Promise<string[]> | undefined;
  const metricNames = async (re: RegExp) => {
    allNamesP ??= ctx.client.labelValues('__name__', { start: new Date(nowMs - 3600_000), end: new Date(nowMs), signal: runSignal });
    allNamesP.catch(() => undefined);
    return (await allNamesP).filter((n) => re.test(n));
  };
  const http = ctx.http ?? defaultHttpGet;

  // 3. Checks in parallel.
  const order = new Map(defs.map((d, i) => [d.id, i]));
  const results = await Promise.all(
    defs.map(async (def): Promise<CheckResultOfRun> => {
      const base = { id: def.id, section: def.section, title: def.title, docs: def.docs };
      if (!promOk && def.needsPrometheus !== false) {
        return { def, run: { ...base, state: 'skipped', durationMs: 0, reason: 'Prometheus is not available' }, findings: [] };
      }
      const started = Date.now();
      const remaining = Math.max(50, deadline - started);
      const ms = Math.min(ctx.checkTimeoutMs ?? remaining, remaining);
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(new CheckTimeout(ms)), ms);
      const signal = AbortSignal.any([runSignal, ctl.signal]);
      const env: CheckEnv = {
        ...ctx,
        signal,
        time,
        t,
        names: () => raceSignal(names(), signal),
        health: (id) => raceSignal(health(id), signal),
        sel: (n, id, matchers = {}, part = 'value') => {
          const m = n.metrics[id];
          const name = m?.[part];
          if (!m || !name) return undefined;
          const mapped: Record<string, string | [string, string]> = {};
          for (const [k, v] of Object.entries(matchers)) mapped[labelName(n, k)] = v;
          return selector(name, mapped, m.utf8);
        },
        scalar: (q) => instantScalar(ctx.client, q, time, signal),
        vector: (q) => instantVector(ctx.client, q, time, signal),
        trend: (q, rangeSeconds = 3600, points = 30) => queryRangeSeries(ctx.client, q, { rangeSeconds, points, end: nowMs, signal }),
        metricNames: (re) => raceSignal(metricNames(re), signal),
        httpGet: (url): Promise<HttpResponse> => raceSignal(http(url, { signal, timeoutMs: Math.max(50, ms - (Date.now() - started)) }), signal),
      };
      try {
        const out: CheckOutcome = await raceSignal(def.run(env), signal);
        const durationMs = Date.now() - started;
        if (out === 'passed') return { def, run: { ...base, state: 'passed', durationMs }, findings: [] };
        if (!Array.isArray(out)) return { def, run: { ...base, state: 'skipped', durationMs, reason: out.skipped }, findings: [] };
        if (!out.length) return { def, run: { ...base, state: 'passed', durationMs }, findings: [] };
        return { def, run: { ...base, state: 'findings', durationMs }, findings: out.map((f) => ({ ...f, check: def.id, section: f.section ?? def.section })) };
      } catch (e) {
        const durationMs = Date.now() - started;
        // NaN/±Inf where the check needed a number: its result is unknown, with the query that gave it.
        if (isNonFinite(e)) return { def, run: { ...base, state: 'skipped', durationMs, reason: e.message }, findings: [] };
        const timedOut = e instanceof CheckTimeout || (ctl.signal.aborted && !runSignal.aborted);
        if (runSignal.aborted && !timedOut) {
          return { def, run: { ...base, state: 'skipped', durationMs, reason: 'cancelled' }, findings: [] };
        }
        const reason = timedOut ? `did not finish within ${(ms / 1000).toFixed(1)} s` : errorMessage(e);
        const kind = timedOut ? 'timeout' : errorKind(e);
        const f: Finding = {
          ...finding({
            id: def.id,
            section: def.section,
            docs: def.docs,
            // A check that could not run is never "fine": whatever the cause (server error, answers in the wrong
            // format, or an internal error), its result is unknown and the report must not pass silently.
            severity: 'warning',
            title: timedOut ? `Check "${def.title}" timed out` : `Check "${def.title}" could not run`,
            summary: timedOut
              ? `This check ${reason}, so its result is unknown. The other checks are not affected. Prometheus may be slow or overloaded; run again or raise the timeout.`
              : `This check failed, so its result is unknown (the other checks are not affected): ${reason}`,
            evidence: [{ kind: 'http', url: ctx.prometheusUrl, value: reason }],
            actions: timedOut ? [`Run the diagnosis again with a longer timeout (${hint(ctx.surface, 'timeout')}).`] : ['Run the diagnosis again; if it keeps failing, check the Prometheus server logs for this query.'],
          }),
          check: def.id,
          section: def.section,
        };
        return { def, run: { ...base, state: timedOut ? 'timeout' : 'failed', durationMs, reason }, findings: [f], failure: { kind, reason } };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  if (ctx.signal) ctx.signal.removeEventListener('abort', onOuterAbort);
  runCtl.abort(new Error('diagnosis finished'));

  const common = commonFailure(results);
  if (common) findings.push(commonFailureFinding(ctx.prometheusUrl, common, results, ctx.surface));
  const own: Finding[] = [];
  for (const r of results) {
    runs.push(r.run);
    if (!(common && r.failure?.kind === common.kind)) own.push(...r.findings);
    if (r.run.state === 'passed') passed.push(r.def.id);
    if (r.run.state === 'skipped') skipped.push({ id: r.def.id, reason: r.run.reason ?? 'skipped' });
  }
  findings.push(...attachAlertEvidence(own));
  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (order.get(a.check ?? '') ?? -1) - (order.get(b.check ?? '') ?? -1));
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const report: DiagnosisReport = {
    prometheus: ctx.prometheusUrl,
    evaluatedAt: nowMs,
    startedAt,
    durationMs: Date.now() - startedAt,
    findings,
    passed,
    skipped,
    checks: runs,
    counts,
    ...(prometheusError ? { prometheusError } : {}),
    ...(prometheusVersion ? { prometheusVersion } : {}),
  };
  // Findings quote label values and server messages, which may echo the connection's secrets.
  return ctx.client.redactor ? ctx.client.redactor.redactDeep(report) : report;
}

export { sectionDocs };
