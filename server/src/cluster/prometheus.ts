/**
 * Prometheus HTTP API client on undici 7: one keep-alive dispatcher per connection, path prefixes,
 * auth, TLS, proxy from the environment, per-request timeouts, capped bodies and typed errors
 * whose messages never contain secrets.
 */
import { request, type Dispatcher } from 'undici';
import { makeDispatcher, proxyProblem, proxyRoute, proxyUrls, type ProxyRoute } from './dispatcher';
import { Redactor } from './redact';
import type {
  BuildInfo,
  Labels,
  PromApi,
  PromConnectionOptions,
  PromErrorKind,
  QueryResult,
  ReadyState,
  RequestOptions,
  MatrixSeries,
  RuleGroupInfo,
  RuleInfo,
  SamplePair,
  TargetInfo,
  VectorSample,
} from './types';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Same-origin redirects followed per request before "too many redirects". */
export const MAX_REDIRECTS = 5;

export class PromError extends Error {
  readonly kind: PromErrorKind;
  /** HTTP status when there was a response. */
  readonly status?: number;
  /** Prometheus errorType (bad_data, execution, timeout, …) or a low-level code (ECONNREFUSED, too-large, …). */
  readonly code?: string;
  /** Endpoint path (no host, no secrets), e.g. `/api/v1/query`. */
  readonly endpoint?: string;

  constructor(kind: PromErrorKind, message: string, extra: { status?: number; code?: string; endpoint?: string } = {}) {
    super(message);
    this.name = 'PromError';
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code;
    this.endpoint = extra.endpoint;
  }
}

export function isPromError(e: unknown): e is PromError {
  return e instanceof PromError;
}

/** Parse a Prometheus sample value string; handles "NaN", "+Inf", "-Inf". */
export function parseSampleValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  switch (v) {
    case 'NaN': return NaN;
    case '+Inf': case 'Inf': return Infinity;
    case '-Inf': return -Infinity;
    default: return Number(v);
  }
}

function toUnixSeconds(t: number | Date): string {
  if (t instanceof Date) return (t.getTime() / 1000).toFixed(3);
  // Heuristic: values larger than 1e11 are milliseconds.
  return (t > 1e11 ? t / 1000 : t).toFixed(3);
}

/**
 * Unix ms from a Date, unix ms or unix seconds (numbers above 1e11 are taken as milliseconds); `undefined` → now.
 * The one time-normalising helper of the cluster and diagnose engines.
 */
export function toMs(t: Date | number | undefined): number {
  if (t === undefined) return Date.now();
  if (t instanceof Date) return t.getTime();
  return t > 1e11 ? t : t * 1000;
}

// ---------------------------------------------------------------------------------------------
// Response shape validation: a well-formed envelope can still carry garbage (a proxy, a half-compatible
// server, a bug). Every API method checks the shape of `data` and throws PromError('not-prometheus') with
// a plain message naming the endpoint instead of letting a TypeError surface deep inside a check.
// ---------------------------------------------------------------------------------------------

/** Thrown by the shape checkers; turned into a PromError with the endpoint by the client. */
export class ShapeError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'ShapeError';
  }
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expectList(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${what} is ${kindOf(v)}, expected a list`);
  return v;
}

function expectObject(v: unknown, what: string): Record<string, unknown> {
  if (!isObject(v)) throw new ShapeError(`${what} is ${kindOf(v)}, expected an object`);
  return v;
}

function expectString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${what} is ${kindOf(v)}, expected a string`);
  return v;
}

/** A label set: an object whose values are all strings. */
export function checkLabels(v: unknown, what: string): Labels {
  const o = expectObject(v, what);
  for (const [k, x] of Object.entries(o)) {
    if (typeof x !== 'string') throw new ShapeError(`label "${snippet(k, 40)}" of ${what} is ${kindOf(x)}, expected a string`);
  }
  return o as Labels;
}

/** A sample pair `[unix seconds, "value"]`. */
export function checkPair(v: unknown, what: string): SamplePair {
  if (!Array.isArray(v) || v.length !== 2) throw new ShapeError(`${what} is ${Array.isArray(v) ? `a list of ${v.length}` : kindOf(v)}, expected a [time, value] pair`);
  const t = typeof v[0] === 'number' ? v[0] : typeof v[0] === 'string' && v[0].trim() !== '' ? Number(v[0]) : NaN;
  if (!Number.isFinite(t)) throw new ShapeError(`the time of ${what} is not a number`);
  const raw = v[1];
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new ShapeError(`the value of ${what} is ${kindOf(raw)}, expected a number as text`);
  const x = parseSampleValue(raw);
  if (Number.isNaN(x) && !(raw === 'NaN' || (typeof raw === 'number' && Number.isNaN(raw)))) throw new ShapeError(`the value of ${what} ("${snippet(String(raw), 40)}") is not a number`);
  return [t, x];
}

/** Validate the `data` of /api/v1/query and /api/v1/query_range. */
export function checkQueryData(data: unknown, warnings?: string[]): QueryResult {
  const d = expectObject(data, 'data');
  const type = expectString(d.resultType, 'data.resultType');
  const w = warnings && warnings.length ? { warnings } : {};
  switch (type) {
    case 'vector': {
      const out: VectorSample[] = [];
      expectList(d.result, 'data.result').forEach((s, i) => {
        const o = expectObject(s, `sample ${i}`);
        const metric = o.metric === undefined ? {} : checkLabels(o.metric, `the labels of sample ${i}`);
        // Native-histogram samples carry `histogram` instead of `value`; the checks only use float samples.
        if (o.value === undefined && o.histogram !== undefined) return;
        out.push({ metric, value: checkPair(o.value, `the value of sample ${i}`) });
      });
      return { resultType: 'vector', result: out, ...w };
    }
    case 'matrix': {
      const out: MatrixSeries[] = expectList(d.result, 'data.result').map((s, i) => {
        const o = expectObject(s, `series ${i}`);
        const metric = o.metric === undefined ? {} : checkLabels(o.metric, `the labels of series ${i}`);
        // `values` is absent when a series holds only native-histogram samples.
        const values = o.values === undefined && o.histograms !== undefined ? [] : expectList(o.values, `the values of series ${i}`).map((p, j) => checkPair(p, `point ${j} of series ${i}`));
        return { metric, values };
      });
      return { resultType: 'matrix', result: out, ...w };
    }
    case 'scalar':
      return { resultType: 'scalar', result: checkPair(d.result, 'the scalar result'), ...w };
    case 'string': {
      const a = d.result;
      if (!Array.isArray(a) || a.length !== 2 || typeof a[1] !== 'string') throw new ShapeError(`the string result is ${kindOf(a)}, expected a [time, "text"] pair`);
      const t = Number(a[0]);
      if (!Number.isFinite(t)) throw new ShapeError('the time of the string result is not a number');
      return { resultType: 'string', result: [t, a[1]], ...w };
    }
    default:
      throw new ShapeError(`unexpected resultType "${snippet(type, 40)}"`);
  }
}

/** Validate a list of strings (label values). `null` (some compatible servers) counts as empty. */
export function checkStringList(data: unknown, what: string): string[] {
  if (data === null || data === undefined) return [];
  return expectList(data, what).map((x, i) => expectString(x, `entry ${i} of ${what}`));
}

/** Validate a list of label sets (/api/v1/series). `null` counts as empty. */
export function checkLabelSets(data: unknown, what: string): Labels[] {
  if (data === null || data === undefined) return [];
  return expectList(data, what).map((x, i) => checkLabels(x, `entry ${i} of ${what}`));
}

function optString(o: Record<string, unknown>, k: string, what: string): string | undefined {
  if (o[k] === undefined || o[k] === null) return undefined;
  return expectString(o[k], `${k} of ${what}`);
}

function checkTarget(v: unknown, what: string): TargetInfo {
  const o = expectObject(v, what);
  const health = expectString(o.health, `health of ${what}`);
  const t: TargetInfo = {
    labels: checkLabels(o.labels, `the labels of ${what}`),
    scrapePool: optString(o, 'scrapePool', what) ?? '',
    scrapeUrl: optString(o, 'scrapeUrl', what) ?? '',
    health: (health === 'up' || health === 'down' ? health : 'unknown'),
    lastError: optString(o, 'lastError', what) ?? '',
    lastScrape: optString(o, 'lastScrape', what) ?? '',
    lastScrapeDuration: typeof o.lastScrapeDuration === 'number' ? o.lastScrapeDuration : 0,
  };
  if (o.discoveredLabels !== undefined) t.discoveredLabels = checkLabels(o.discoveredLabels, `the discovered labels of ${what}`);
  const interval = optString(o, 'scrapeInterval', what);
  if (interval !== undefined) t.scrapeInterval = interval;
  return t;
}

/** Validate the `data` of /api/v1/targets. */
export function checkTargetsData(data: unknown): { activeTargets: TargetInfo[]; droppedTargets: unknown[] } {
  const d = expectObject(data, 'data');
  const active = d.activeTargets === undefined || d.activeTargets === null ? [] : expectList(d.activeTargets, 'data.activeTargets');
  const dropped = d.droppedTargets === undefined || d.droppedTargets === null ? [] : expectList(d.droppedTargets, 'data.droppedTargets');
  return { activeTargets: active.map((t, i) => checkTarget(t, `target ${i}`)), droppedTargets: dropped };
}

function checkAlert(v: unknown, what: string): { labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string } {
  const o = expectObject(v, what);
  const a: { labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string } = {
    labels: o.labels === undefined ? {} : checkLabels(o.labels, `the labels of ${what}`),
    annotations: o.annotations === undefined || o.annotations === null ? {} : checkLabels(o.annotations, `the annotations of ${what}`),
    state: expectString(o.state, `state of ${what}`),
  };
  const activeAt = optString(o, 'activeAt', what);
  if (activeAt !== undefined) a.activeAt = activeAt;
  if (o.value !== undefined && o.value !== null) a.value = typeof o.value === 'number' ? String(o.value) : expectString(o.value, `value of ${what}`);
  return a;
}

function checkRule(v: unknown, what: string): RuleInfo {
  const o = expectObject(v, what);
  const type = expectString(o.type, `type of ${what}`);
  if (type !== 'recording' && type !== 'alerting') throw new ShapeError(`type of ${what} is "${snippet(type, 40)}", expected "recording" or "alerting"`);
  const health = optString(o, 'health', what) ?? 'unknown';
  const r: RuleInfo = {
    name: expectString(o.name, `name of ${what}`),
    query: expectString(o.query, `query of ${what}`),
    type,
    health: health === 'ok' || health === 'err' ? health : 'unknown',
  };
  const lastError = optString(o, 'lastError', what);
  if (lastError !== undefined) r.lastError = lastError;
  const state = optString(o, 'state', what);
  if (state !== undefined) r.state = state;
  if (o.labels !== undefined && o.labels !== null) r.labels = checkLabels(o.labels, `the labels of ${what}`);
  if (o.annotations !== undefined && o.annotations !== null) r.annotations = checkLabels(o.annotations, `the annotations of ${what}`);
  if (o.alerts !== undefined && o.alerts !== null) r.alerts = expectList(o.alerts, `alerts of ${what}`).map((a, i) => checkAlert(a, `alert ${i} of ${what}`));
  if (typeof o.duration === 'number') r.duration = o.duration;
  return r;
}

/** Validate the `data` of /api/v1/rules. */
export function checkRulesData(data: unknown): RuleGroupInfo[] {
  const d = expectObject(data, 'data');
  if (d.groups === undefined || d.groups === null) return [];
  return expectList(d.groups, 'data.groups').map((g, i) => {
    const o = expectObject(g, `rule group ${i}`);
    const name = expectString(o.name, `name of rule group ${i}`);
    return {
      name,
      file: optString(o, 'file', `rule group ${i}`) ?? '',
      interval: typeof o.interval === 'number' ? o.interval : 0,
      rules: o.rules === undefined || o.rules === null ? [] : expectList(o.rules, `rules of group "${snippet(name, 40)}"`).map((r, j) => checkRule(r, `rule ${j} of group "${snippet(name, 40)}"`)),
    };
  });
}

/** Validate the `data` of /api/v1/alerts. */
export function checkAlertsData(data: unknown): Array<{ labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string }> {
  const d = expectObject(data, 'data');
  if (d.alerts === undefined || d.alerts === null) return [];
  return expectList(d.alerts, 'data.alerts').map((a, i) => checkAlert(a, `alert ${i}`));
}

/** Validate the `data` of /api/v1/status/buildinfo: an object with a version string. */
export function checkBuildInfo(data: unknown): BuildInfo {
  const d = expectObject(data, 'data');
  expectString(d.version, 'data.version');
  return d as BuildInfo;
}

/** Quote-free string for messages: trims, collapses whitespace, caps length. */
function snippet(text: string, max = 160): string {
  const s = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Drop a response body we will not read; destroying it unobserved would raise an uncaught AbortError. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function secs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * A connection to one Prometheus-compatible server. Create one per configured endpoint and `close()` it
 * when settings change or the extension deactivates.
 */
export class PrometheusClient implements PromApi {
  /** Base URL without credentials and without a trailing slash. */
  readonly baseUrl: string;
  private readonly dispatcher: Dispatcher;
  private readonly headers: Record<string, string>;
  /** This connection's secrets; every message, log line and report made from its answers goes through it. */
  readonly redactor = new Redactor();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly log?: (line: string) => void;
  /** The proxy requests to this server go through (NO_PROXY applied), for messages about a dead proxy. */
  private readonly route?: ProxyRoute;
  private closed = false;

  constructor(opts: PromConnectionOptions) {
    let url: URL;
    try {
      url = new URL(opts.url.trim());
    } catch {
      throw new PromError('unreachable', 'The Prometheus URL is not a valid URL. Use a form like http://prometheus:9090 (add a path prefix such as /prometheus if your server needs one).');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PromError('unreachable', `The Prometheus URL must start with http:// or https:// (got ${url.protocol}).`);
    }
    this.headers = { accept: 'application/json', 'user-agent': opts.userAgent ?? 'nativelink-vscode' };
    let auth = opts.auth ?? { kind: 'none' };
    // Credentials embedded in the URL become basic auth and are removed from the URL.
    if (url.username || url.password) {
      if (auth.kind === 'none') auth = { kind: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
      url.username = '';
      url.password = '';
    }
    url.hash = '';
    url.search = '';
    this.baseUrl = url.toString().replace(/\/+$/, '');

    switch (auth.kind) {
      case 'bearer':
        this.headers.authorization = `Bearer ${auth.token}`;
        this.redactor.add(auth.token);
        break;
      case 'basic': {
        const b64 = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
        this.headers.authorization = `Basic ${b64}`;
        this.redactor.add(auth.password);
        this.redactor.add(`${auth.username}:${auth.password}`);
        this.redactor.add(b64);
        break;
      }
      case 'header':
        this.headers[auth.name.toLowerCase()] = auth.value;
        this.redactor.add(auth.value);
        // "Bearer xyz" in a custom header: the bare token is the secret too.
        this.redactor.add(auth.value.replace(/^\s*(bearer|basic)\s+/i, ''));
        break;
      default:
        break;
    }
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      this.headers[k.toLowerCase()] = v;
      this.redactor.add(v);
    }
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const log = opts.log;
    this.log = log ? (line) => log(this.redact(line)) : undefined;

    const tls = opts.tls ?? {};
    const connect: Record<string, unknown> = { timeout: Math.min(this.timeoutMs, 10_000) };
    if (tls.ca) connect.ca = tls.ca;
    if (tls.cert) connect.cert = tls.cert;
    if (tls.key) connect.key = tls.key;
    if (tls.servername) connect.servername = tls.servername;
    if (tls.skipTlsVerify) connect.rejectUnauthorized = false;
    const proxy = opts.proxy ?? 'env';
    for (const u of proxyUrls(proxy)) this.redactor.addUrlCredentials(u);
    if (proxy !== 'env' && proxy !== 'none') this.redactor.add(proxy.token);
    this.route = proxyRoute(this.baseUrl, proxy);
    this.dispatcher = makeDispatcher({
      proxy,
      connect,
      connections: opts.connections ?? 16,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      // Hard upper bounds; the per-request AbortSignal enforces the configured timeout precisely.
      headersTimeout: this.timeoutMs + 1_000,
      bodyTimeout: this.timeoutMs + 1_000,
    });
  }

  /** Replace any configured secret (its encodings and fragments, and any `user:pass@` in URLs) with `***`. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** Server-provided text for a message: redacted whole first, then tags stripped, whitespace collapsed and cut. */
  private clip(text: string, max?: number): string {
    return snippet(this.redact(text), max);
  }

  private fail(kind: PromErrorKind, message: string, extra: { status?: number; code?: string; endpoint?: string } = {}): PromError {
    const err = new PromError(kind, this.redact(message), extra);
    this.log?.(`[prometheus] ${extra.endpoint ?? ''} ${kind}: ${err.message}`);
    return err;
  }

  /** Low-level call: returns the parsed `data` of a successful JSON envelope. */
  async call<T = unknown>(path: string, params: Record<string, string | string[] | undefined>, opts: RequestOptions & { method?: 'GET' | 'POST' } = {}): Promise<{ data: T; warnings?: string[] }> {
    const res = await this.raw(path, params, opts);
    const endpoint = path;
    const ct = res.contentType;
    let body: unknown;
    if (/json/i.test(ct)) {
      try {
        body = JSON.parse(res.text);
      } catch {
        throw this.fail('not-prometheus', `The server at ${this.baseUrl} answered ${endpoint} with invalid JSON. Check that the URL points at a Prometheus-compatible API (including any path prefix such as /prometheus).`, { status: res.status, endpoint, code: 'bad-json' });
      }
    }
    const env = body as { status?: unknown; data?: unknown; errorType?: string; error?: string; warnings?: string[] } | undefined;
    const isEnvelope = !!env && typeof env === 'object' && (env.status === 'success' || env.status === 'error');
    if (res.status === 401 || res.status === 403) {
      throw this.fail('auth', `Prometheus refused the credentials (HTTP ${res.status}). Check the token, user name/password or tenant header configured for this connection.`, { status: res.status, endpoint });
    }
    if (isEnvelope && env.status === 'error') {
      const text = `${env.errorType ?? 'error'}: ${env.error ?? 'no details'}`;
      if (res.status === 400 || res.status === 422 || env.errorType === 'bad_data' || env.errorType === 'execution') {
        throw this.fail('bad-query', `Prometheus rejected the query: ${this.clip(env.error ?? text, 400)}`, { status: res.status, endpoint, code: env.errorType });
      }
      if (env.errorType === 'timeout' || env.errorType === 'canceled') {
        throw this.fail('timeout', `Prometheus gave up on the query (${this.clip(text)}). The query may be too expensive; try a shorter range or raise the server's --query.timeout.`, { status: res.status, endpoint, code: env.errorType });
      }
      throw this.fail('server', `Prometheus reported an error (HTTP ${res.status}, ${this.clip(text)}). Check the server's logs.`, { status: res.status, endpoint, code: env.errorType });
    }
    if (res.status >= 500) {
      const hint = res.status === 503 ? ' It may still be starting (loading its TSDB) or shutting down; try again shortly.' : ' Check the server or proxy logs.';
      throw this.fail('server', `The server answered HTTP ${res.status} for ${endpoint}${res.text ? ` (${this.clip(res.text)})` : ''}.${hint}`, { status: res.status, endpoint });
    }
    if (res.status === 404) {
      throw this.fail('not-prometheus', `The server at ${this.baseUrl} has no ${endpoint} (HTTP 404). Check the URL's path prefix (Mimir uses /prometheus, Grafana Cloud /api/prom) or whether this server supports this endpoint.`, { status: 404, endpoint, code: 'http-404' });
    }
    if (!isEnvelope) {
      const what = /html/i.test(ct) || /^\s*</.test(res.text) ? 'an HTML page' : body !== undefined ? 'JSON that is not a Prometheus API response' : `non-JSON content (${ct || 'no content type'})`;
      throw this.fail('not-prometheus', `The server at ${this.baseUrl} answered ${endpoint} with ${what} instead of a Prometheus API response. The URL may point at a login page, a dashboard (e.g. Grafana's UI) or a proxy; use the Prometheus API base URL.`, { status: res.status, endpoint, code: 'not-json' });
    }
    if (res.status >= 400) {
      throw this.fail('bad-query', `Prometheus rejected the request (HTTP ${res.status}).`, { status: res.status, endpoint });
    }
    return { data: env.data as T, warnings: env.warnings };
  }

  /** Low-level call without envelope handling (used for /-/ready). */
  async raw(path: string, params: Record<string, string | string[] | undefined> = {}, opts: RequestOptions & { method?: 'GET' | 'POST' } = {}): Promise<{ status: number; contentType: string; text: string }> {
    if (this.closed) throw new PromError('cancelled', 'This Prometheus connection was closed (settings changed or the extension stopped).');
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) qs.append(k, x);
      else qs.append(k, v);
    }
    const query = qs.toString(); // serialised once (it was built three times per request)
    const method = opts.method ?? (query.length > 1500 ? 'POST' : 'GET');
    const endpoint = path;
    const target = method === 'GET' && query ? `${this.baseUrl}${path}?${query}` : `${this.baseUrl}${path}`;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const timeoutCtl = new AbortController();
    const timer = setTimeout(() => timeoutCtl.abort(new Error('timeout')), timeoutMs);
    const signals = [timeoutCtl.signal, ...(opts.signal ? [opts.signal] : [])];
    const signal = signals.length > 1 ? AbortSignal.any(signals) : timeoutCtl.signal;
    const started = Date.now();
    try {
      if (opts.signal?.aborted) throw this.fail('cancelled', 'The request was cancelled.', { endpoint, code: 'aborted' });
      const headers: Record<string, string> = { ...this.headers };
      if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await this.follow(target, { method, headers, body: method === 'POST' ? query : undefined, signal }, endpoint);
      const contentType = String(res.headers['content-type'] ?? '');
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > this.maxBytes) {
        discard(res.body);
        throw this.fail('server', `The server's answer for ${endpoint} is too large (${Math.round(declared / 1024 / 1024)} MB, limit ${Math.round(this.maxBytes / 1024 / 1024)} MB). Narrow the query or raise the size limit.`, { status: res.statusCode, endpoint, code: 'too-large' });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.maxBytes) {
          res.body.destroy();
          throw this.fail('server', `The server's answer for ${endpoint} exceeded the ${Math.round(this.maxBytes / 1024 / 1024)} MB limit and was cut off. Narrow the query or raise the size limit.`, { status: res.statusCode, endpoint, code: 'too-large' });
        }
        chunks.push(chunk as Buffer);
      }
      this.log?.(`[prometheus] ${method} ${endpoint} → ${res.statusCode} in ${Date.now() - started} ms (${size} bytes)`);
      return { status: res.statusCode, contentType, text: Buffer.concat(chunks).toString('utf8') };
    } catch (e) {
      if (e instanceof PromError) throw e;
      throw this.classify(e, { endpoint, timeoutMs, userSignal: opts.signal, timeoutSignal: timeoutCtl.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One request, following redirects within the same origin only (a path prefix that adds a slash, a moved API):
   * credentials are never sent to another host or over a downgraded scheme. A loop ends after MAX_REDIRECTS with
   * "too many redirects".
   */
  private async follow(target: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal }, endpoint: string): Promise<Dispatcher.ResponseData> {
    let url = target;
    let { method, body } = init;
    for (let hop = 0; ; hop++) {
      const res = await request(url, { method, headers: init.headers, body, dispatcher: this.dispatcher, signal: init.signal });
      const location = res.headers.location;
      if (res.statusCode < 300 || res.statusCode >= 400 || res.statusCode === 304 || !location) return res;
      discard(res.body);
      let next: URL;
      try {
        next = new URL(String(location), url);
      } catch {
        throw this.fail('not-prometheus', `The server redirected ${endpoint} (HTTP ${res.statusCode}) to an invalid location. Use the Prometheus API base URL the server expects.`, { status: res.statusCode, endpoint, code: 'redirect' });
      }
      if (next.origin !== new URL(url).origin) {
        throw this.fail('not-prometheus', `The server redirected ${endpoint} (HTTP ${res.statusCode}) to another host or scheme (${next.origin}); credentials are not sent there. If that is the right server, use ${next.origin} (with its path prefix) as the Prometheus URL; a redirect to a login page means a proxy in front of Prometheus wants a browser sign-in.`, { status: res.statusCode, endpoint, code: 'redirect' });
      }
      if (hop >= MAX_REDIRECTS) {
        throw this.fail('not-prometheus', `Too many redirects for ${endpoint} (more than ${MAX_REDIRECTS}, last HTTP ${res.statusCode}): the server or a proxy in front of it redirects in a loop. Check the URL's path prefix and the proxy's rewrite rules.`, { status: res.statusCode, endpoint, code: 'too-many-redirects' });
      }
      // 303 (and, as browsers do, 301/302 after a POST) continue as GET; 307/308 keep the method and body.
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        if (body) next.search = body;
        method = 'GET';
        body = undefined;
        delete init.headers['content-type'];
      }
      url = next.toString();
    }
  }

  private classify(e: unknown, ctx: { endpoint: string; timeoutMs: number; userSignal?: AbortSignal; timeoutSignal: AbortSignal }): PromError {
    const { endpoint } = ctx;
    if (ctx.userSignal?.aborted) return this.fail('cancelled', 'The request was cancelled.', { endpoint, code: 'aborted' });
    const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = err?.code ?? err?.cause?.code ?? '';
    const msg = `${err?.message ?? ''} ${err?.cause?.message ?? ''}`;
    const viaProxy = proxyProblem(this.route, code, msg);
    if (viaProxy) {
      return this.fail('unreachable', `Could not reach ${this.baseUrl}: ${viaProxy}. Check that the proxy is running, or exclude the Prometheus host from it with NO_PROXY.`, { endpoint, code: code || 'proxy' });
    }
    if (ctx.timeoutSignal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || err?.name === 'TimeoutError') {
      return this.fail('timeout', `Prometheus at ${this.baseUrl} did not answer ${endpoint} within ${secs(ctx.timeoutMs)}. The server may be overloaded or the query too expensive; try again or raise the timeout.`, { endpoint, code: code || 'timeout' });
    }
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO|ERR_OSSL)/.test(code) || /certificate|ssl|tls/i.test(msg)) {
      return this.fail('tls', `The TLS connection to ${this.baseUrl} failed (${code || this.clip(msg, 80)}). If the server uses a private CA, configure its CA certificate; check that the URL scheme (http vs https) matches the server; only for throwaway lab setups, turn off verification (skipTlsVerify in the cluster's settings, --skip-tls-verify in the CLI).`, { endpoint, code });
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return this.fail('unreachable', `Could not connect to ${this.baseUrl}: the connection attempt timed out. Check the host, port, firewall and proxy settings.`, { endpoint, code });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return this.fail('unreachable', `Could not find the host of ${this.baseUrl} (DNS lookup failed). Check the host name, or your VPN/proxy.`, { endpoint, code });
    }
    if (code === 'ECONNREFUSED') {
      return this.fail('unreachable', `Nothing is listening at ${this.baseUrl} (connection refused). Check that Prometheus is running and the port is right; for a cluster service, a port-forward may be needed.`, { endpoint, code });
    }
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'UND_ERR_CLOSED') {
      return this.fail('unreachable', `The connection to ${this.baseUrl} was dropped (${code}). Check the network path, proxy, and that the URL's scheme matches the server.`, { endpoint, code });
    }
    if (err?.name === 'AbortError') return this.fail('cancelled', 'The request was cancelled.', { endpoint, code: 'aborted' });
    if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL') {
      return this.fail('unreachable', `The request to ${this.baseUrl} could not be made (${this.clip(msg, 120)}).`, { endpoint, code });
    }
    return this.fail('unreachable', `Could not reach ${this.baseUrl} (${code || this.clip(msg, 120) || 'unknown error'}). Check the URL, network and proxy settings.`, { endpoint, code });
  }

  // ------------------------------------------------------------------------------------------
  // API methods
  // ------------------------------------------------------------------------------------------

  /**
   * Run `check` on the `data` of an answer; a shape mismatch becomes PromError('not-prometheus') naming the
   * endpoint (never a TypeError deep inside a health check).
   */
  private shape<T>(endpoint: string, check: () => T): T {
    try {
      return check();
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      throw this.fail('not-prometheus', `The server at ${this.baseUrl} answered ${endpoint} in an unexpected format (${e.detail}). It does not behave like a Prometheus-compatible API; check that the URL (including any path prefix) points at Prometheus and not at a proxy or another service.`, { endpoint, code: 'bad-shape' });
    }
  }

  async query(promql: string, time?: number | Date, opts: RequestOptions = {}): Promise<QueryResult> {
    const endpoint = '/api/v1/query';
    const { data, warnings } = await this.call(endpoint, { query: promql, time: time === undefined ? undefined : toUnixSeconds(time) }, opts);
    return this.shape(endpoint, () => checkQueryData(data, warnings));
  }

  async queryRange(promql: string, start: number | Date, end: number | Date, stepSeconds: number, opts: RequestOptions = {}): Promise<QueryResult> {
    const s = Number(toUnixSeconds(start));
    const e = Number(toUnixSeconds(end));
    // Prometheus refuses more than 11,000 points per series.
    const step = Math.max(stepSeconds, Math.ceil((e - s) / 11_000), 0.001);
    const endpoint = '/api/v1/query_range';
    const { data, warnings } = await this.call(endpoint, { query: promql, start: s.toFixed(3), end: e.toFixed(3), step: String(step) }, opts);
    return this.shape(endpoint, () => checkQueryData(data, warnings));
  }

  async labelValues(label: string, opts: RequestOptions & { match?: string[]; start?: number | Date; end?: number | Date } = {}): Promise<string[]> {
    const escaped = /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) ? label : `U__${[...label].map((c) => (/[a-zA-Z0-9]/.test(c) ? c : c === '_' ? '__' : `_${c.codePointAt(0)!.toString(16)}_`)).join('')}`;
    const endpoint = `/api/v1/label/${encodeURIComponent(escaped)}/values`;
    const { data } = await this.call(endpoint, {
      'match[]': opts.match,
      start: opts.start === undefined ? undefined : toUnixSeconds(opts.start),
      end: opts.end === undefined ? undefined : toUnixSeconds(opts.end),
    }, opts);
    return this.shape(endpoint, () => checkStringList(data, 'data'));
  }

  async series(match: string[], opts: RequestOptions & { start?: number | Date; end?: number | Date } = {}): Promise<Labels[]> {
    const endpoint = '/api/v1/series';
    const { data } = await this.call(endpoint, {
      'match[]': match,
      start: opts.start === undefined ? undefined : toUnixSeconds(opts.start),
      end: opts.end === undefined ? undefined : toUnixSeconds(opts.end),
    }, opts);
    return this.shape(endpoint, () => checkLabelSets(data, 'data'));
  }

  async targets(opts: RequestOptions & { state?: 'active' | 'dropped' | 'any' } = {}): Promise<{ activeTargets: TargetInfo[]; droppedTargets: unknown[] }> {
    const endpoint = '/api/v1/targets';
    const { data } = await this.call(endpoint, { state: opts.state }, opts);
    return this.shape(endpoint, () => checkTargetsData(data));
  }

  async rules(opts: RequestOptions & { type?: 'alert' | 'record' } = {}): Promise<RuleGroupInfo[]> {
    const endpoint = '/api/v1/rules';
    const { data } = await this.call(endpoint, { type: opts.type }, opts);
    return this.shape(endpoint, () => checkRulesData(data));
  }

  async alerts(opts: RequestOptions = {}): Promise<Array<{ labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string }>> {
    const endpoint = '/api/v1/alerts';
    const { data } = await this.call(endpoint, {}, opts);
    return this.shape(endpoint, () => checkAlertsData(data));
  }

  async buildinfo(opts: RequestOptions = {}): Promise<BuildInfo> {
    const endpoint = '/api/v1/status/buildinfo';
    const { data } = await this.call(endpoint, {}, opts);
    return this.shape(endpoint, () => checkBuildInfo(data));
  }

  /** Loaded configuration YAML (`/api/v1/status/config`). */
  async statusConfig(opts: RequestOptions = {}): Promise<{ yaml: string }> {
    const endpoint = '/api/v1/status/config';
    const { data } = await this.call(endpoint, {}, opts);
    return this.shape(endpoint, () => ({ yaml: expectString(expectObject(data, 'data').yaml, 'data.yaml') }));
  }

  /** `/-/ready`: 200 → ready, 503 → loading/stopping, 404 → not supported (Mimir, Grafana Cloud, AMP). */
  async ready(opts: RequestOptions = {}): Promise<ReadyState> {
    const res = await this.raw('/-/ready', {}, { ...opts, method: 'GET' });
    if (res.status === 401 || res.status === 403) {
      throw this.fail('auth', `Prometheus refused the credentials (HTTP ${res.status}). Check the token, user name/password or tenant header configured for this connection.`, { status: res.status, endpoint: '/-/ready' });
    }
    const ready = res.status === 200 ? true : res.status === 503 ? false : res.status === 404 ? null : false;
    return { ready, status: res.status, text: this.clip(res.text, 200) };
  }

  /** Close the pool. Pending requests are aborted. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dispatcher.destroy().catch(() => undefined);
  }
}

/** First value of an instant-vector/scalar answer, or undefined when empty. */
export function firstValue(r: QueryResult): number | undefined {
  if (r.resultType === 'scalar') return r.result[1];
  if (r.resultType === 'vector') return r.result.length ? r.result[0].value[1] : undefined;
  return undefined;
}
