/** Small helpers shared by the diagnosis checks. */
import { request } from 'undici';
import { makeDispatcher, proxyProblem, proxyRoute } from '../cluster/dispatcher';
import { duration, num, pct } from '../cluster/checks/common';
import { labelKey, labelName } from '../cluster/names';
import { finite, isNonFinite } from '../cluster/samples';
import { sectionDocs } from './guide';
import type { CheckId, CheckResult, ResolvedNames, TrendSeries } from '../cluster/types';
import type { CheckEnv, CheckOutcome, ConfigRef, Evidence, Finding, HttpGet, Severity } from './types';

export { duration, num, pct };

/** Build a finding; `docs` defaults to the section's guide link. */
export function finding(f: Omit<Finding, 'docs' | 'causes' | 'actions' | 'evidence'> & { section: string; docs?: string; causes?: string[]; actions?: string[]; evidence?: Evidence[]; config?: ConfigRef }): Finding {
  const { section, docs, ...rest } = f;
  const out: Finding = {
    id: rest.id,
    severity: rest.severity,
    title: rest.title,
    summary: rest.summary,
    evidence: rest.evidence ?? [],
    causes: rest.causes ?? [],
    actions: rest.actions ?? [],
    docs: docs ?? sectionDocs(section),
  };
  if (rest.config) out.config = rest.config;
  return out;
}

export function promEv(query: string, value: string, window?: string, series?: TrendSeries[]): Evidence {
  const e: Evidence = { kind: 'promql', query, value };
  if (window) e.window = window;
  if (series && series.length) e.series = series;
  return e;
}

export function httpEv(url: string, value: string): Evidence {
  return { kind: 'http', url: stripCredentials(url), value };
}

/** Evidence from a health-model result. */
export function healthEv(r: CheckResult, window?: string, series?: TrendSeries[]): Evidence {
  return promEv(r.promql, r.display, window, series);
}

/** Map a health-model status to a finding severity (ok/unknown → undefined). */
export function severityOf(status: CheckResult['status']): Severity | undefined {
  return status === 'critical' ? 'critical' : status === 'warning' ? 'warning' : undefined;
}

export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url;
  }
}

/** Key path of the simple scheduler in the NativeLink config. */
export function schedulerKey(facts: { schedulerKey?: string } | undefined, field: string): string {
  return `${facts?.schedulerKey ?? 'schedulers[0].simple'}.${field}`;
}

/**
 * Default HTTP GET for collector endpoints: undici with its own short-lived connection pool (closed after each
 * call, so a command-line run never waits for keep-alive sockets), body capped at 20 MB, through the same proxy
 * settings (HTTP(S)_PROXY, NO_PROXY) as the Prometheus requests.
 */
export const defaultHttpGet: HttpGet = async (url, { signal, timeoutMs }) => {
  const dispatcher = makeDispatcher({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: Math.min(timeoutMs, 10_000) } });
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      headers: { accept: 'text/plain, application/openmetrics-text;q=0.9, */*;q=0.5', 'user-agent': 'nativelink-check' },
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      size += (c as Buffer).length;
      if (size > 20 * 1024 * 1024) {
        res.body.destroy();
        throw new Error(`the answer of ${stripCredentials(url)} is larger than 20 MB`);
      }
      chunks.push(c as Buffer);
    }
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') };
  } catch (e) {
    const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const viaProxy = proxyProblem(proxyRoute(url), err?.code ?? err?.cause?.code ?? '', `${err?.message ?? ''} ${err?.cause?.message ?? ''}`);
    if (viaProxy && !signal.aborted) throw Object.assign(new Error(viaProxy), { code: 'EPROXY' });
    throw e;
  } finally {
    dispatcher.destroy().catch(() => undefined);
  }
};

/** Plain description of a low-level HTTP error (connection refused, DNS, timeout). */
export function describeHttpError(e: unknown): string {
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code ?? '';
  if (err?.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'no answer before the timeout';
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection dropped';
  if (err?.name === 'AbortError') return 'cancelled';
  return (err?.message ?? String(e)).slice(0, 160);
}

// ---------------------------------------------------------------------------------------------
// Prometheus text exposition (the collector's own /metrics)
// ---------------------------------------------------------------------------------------------

export interface ExpositionSample { name: string; labels: Record<string, string>; value: number }

/** Minimal parser for the Prometheus text format / OpenMetrics: enough for counters and gauges. */
export function parseExposition(text: string): ExpositionSample[] {
  const out: ExpositionSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
      let lm: RegExpExecArray | null;
      while ((lm = re.exec(m[3]))) labels[lm[1]] = lm[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const v = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    out.push({ name: m[1], labels, value: v });
  }
  return out;
}

/**
 * Sum of all samples whose name matches (with or without `_total`). A NaN/±Inf sample throws NonFiniteSample:
 * skipped as 0 it would turn "unknown" into "nothing accepted".
 */
export function sumOf(samples: ExpositionSample[], base: string): number | undefined {
  let found = false;
  let s = 0;
  for (const x of samples) {
    if (x.name === base || x.name === `${base}_total`) {
      found = true;
      s += finite(x.value, x.name, 'the collector\'s metrics page');
    }
  }
  return found ? s : undefined;
}

/**
 * An optional query: a failure reads as "no answer" (undefined), but a NaN/±Inf answer is a series that exists,
 * so it comes back as NaN (it never means "no series").
 */
export function presence(p: Promise<number | undefined>): Promise<number | undefined> {
  return p.catch((e: unknown) => (isNonFinite(e) ? NaN : undefined));
}

/** Format bytes as MiB. */
export function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

/** First name among `names` matching one of the bases (optionally `_total`). */
export function pickName(names: string[], ...bases: string[]): string | undefined {
  for (const b of bases) {
    const hit = names.find((n) => n === b || n === `${b}_total`);
    if (hit) return hit;
  }
  return undefined;
}

/** A health result that carries no verdict (metric missing, idle) → why, for `{ skipped }`. */
export function notMeasured(r: CheckResult): string | undefined {
  if (r.status !== 'unknown') return undefined;
  return r.reason ?? r.display;
}

/**
 * The opening most health-model checks share: evaluate `id`, and end the check early when it could not be
 * measured (skipped, with the reason) or is ok (passed). Otherwise the result and its finding severity.
 * Kept in one place so every such check skips and passes the same way.
 */
export async function healthProblem(ctx: CheckEnv, id: CheckId): Promise<{ outcome: CheckOutcome } | { r: CheckResult; sev: Severity }> {
  const r = await ctx.health(id);
  const skip = notMeasured(r);
  if (skip) return { outcome: { skipped: skip } };
  const sev = severityOf(r.status);
  if (!sev) return { outcome: 'passed' };
  return { r, sev };
}

/**
 * A label as this Prometheus spells it (see labelName): `key` reads it from a series' labels, `by` is the same
 * name for a PromQL `by (…)` clause, quoted when UTF-8 ingestion keeps its dots.
 */
export function labelOf(names: Pick<ResolvedNames, 'utf8Labels'>, underscored: string): { key: string; by: string } {
  const key = labelName(names, underscored);
  return { key, by: labelKey(key) };
}

/** Direction of a trend: compares the mean of the last third with the first third. */
export function trendWord(series: TrendSeries[]): string | undefined {
  const pts = series[0]?.points.filter(([, v]) => Number.isFinite(v)) ?? [];
  if (pts.length < 6) return undefined;
  const k = Math.floor(pts.length / 3);
  const mean = (xs: Array<[number, number]>) => xs.reduce((a, [, v]) => a + v, 0) / xs.length;
  const a = mean(pts.slice(0, k));
  const b = mean(pts.slice(-k));
  if (b > a * 1.5 + 1) return 'rising';
  if (b < a / 1.5 - 1) return 'falling';
  return 'flat';
}

/** Label values in finding text: quoted, control characters removed, length capped. */
export function lv(s: string | undefined): string {
  const clean = String(s ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `"${clean.length > 80 ? `${clean.slice(0, 80)}…` : clean}"`;
}
