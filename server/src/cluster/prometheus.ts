/**
 * Prometheus HTTP API client on undici 7: one keep-alive dispatcher per connection, path prefixes,
 * auth, TLS, proxy from the environment, per-request timeouts, capped bodies and typed errors
 * whose messages never contain secrets.
 */
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import type {
  BuildInfo,
  Labels,
  PromApi,
  PromConnectionOptions,
  PromErrorKind,
  QueryResult,
  ReadyState,
  RequestOptions,
  RuleGroupInfo,
  SamplePair,
  TargetInfo,
} from './types';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

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

function pair(p: unknown): SamplePair {
  const a = p as [number, string];
  return [Number(a[0]), parseSampleValue(a[1])];
}

/** Quote-free string for messages: trims, collapses whitespace, caps length. */
function snippet(text: string, max = 160): string {
  const s = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
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
  private readonly secrets: string[] = [];
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly log?: (line: string) => void;
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
        this.addSecret(auth.token);
        break;
      case 'basic': {
        const b64 = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
        this.headers.authorization = `Basic ${b64}`;
        this.addSecret(auth.password);
        this.addSecret(b64);
        break;
      }
      case 'header':
        this.headers[auth.name.toLowerCase()] = auth.value;
        this.addSecret(auth.value);
        break;
      default:
        break;
    }
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      this.headers[k.toLowerCase()] = v;
      this.addSecret(v);
    }
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.log = opts.log;

    const tls = opts.tls ?? {};
    const connect: Record<string, unknown> = { timeout: Math.min(this.timeoutMs, 10_000) };
    if (tls.ca) connect.ca = tls.ca;
    if (tls.cert) connect.cert = tls.cert;
    if (tls.key) connect.key = tls.key;
    if (tls.servername) connect.servername = tls.servername;
    if (tls.skipTlsVerify) connect.rejectUnauthorized = false;
    const agentOpts = {
      connections: opts.connections ?? 16,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      // Hard upper bounds; the per-request AbortSignal enforces the configured timeout precisely.
      headersTimeout: this.timeoutMs + 1_000,
      bodyTimeout: this.timeoutMs + 1_000,
      connect,
    };
    const proxy = opts.proxy ?? 'env';
    if (proxy === 'none') {
      this.dispatcher = new Agent(agentOpts);
    } else if (proxy === 'env') {
      const env = process.env;
      const any = env.http_proxy ?? env.HTTP_PROXY ?? env.https_proxy ?? env.HTTPS_PROXY;
      this.dispatcher = any ? new EnvHttpProxyAgent({ ...agentOpts, requestTls: connect } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]) : new Agent(agentOpts);
      if (any) this.addProxySecrets(any);
    } else {
      this.addProxySecrets(proxy.url);
      if (proxy.token) this.addSecret(proxy.token);
      this.dispatcher = new EnvHttpProxyAgent({
        ...agentOpts,
        httpProxy: proxy.url,
        httpsProxy: proxy.url,
        noProxy: proxy.noProxy ?? '',
        requestTls: connect,
        ...(proxy.token ? { token: proxy.token } : {}),
      } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
    }
  }

  private addSecret(s: string | undefined): void {
    if (s && s.length >= 3) this.secrets.push(s);
  }

  private addProxySecrets(u: string): void {
    try {
      const p = new URL(u);
      if (p.password) this.addSecret(decodeURIComponent(p.password));
      if (p.password) this.addSecret(p.password);
    } catch {
      /* ignore */
    }
  }

  /** Replace any configured secret (and any `user:pass@` in URLs) with `***`. */
  redact(text: string): string {
    let out = text.replace(/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1***@');
    for (const s of this.secrets) out = out.split(s).join('***');
    out = out.replace(/(authorization\s*[:=]\s*)(bearer|basic)?\s*\S+/gi, '$1$2 ***');
    return out;
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
        throw this.fail('bad-query', `Prometheus rejected the query: ${snippet(env.error ?? text, 400)}`, { status: res.status, endpoint, code: env.errorType });
      }
      if (env.errorType === 'timeout' || env.errorType === 'canceled') {
        throw this.fail('timeout', `Prometheus gave up on the query (${snippet(text)}). The query may be too expensive; try a shorter range or raise the server's --query.timeout.`, { status: res.status, endpoint, code: env.errorType });
      }
      throw this.fail('server', `Prometheus reported an error (HTTP ${res.status}, ${snippet(text)}). Check the server's logs.`, { status: res.status, endpoint, code: env.errorType });
    }
    if (res.status >= 500) {
      const hint = res.status === 503 ? ' It may still be starting (loading its TSDB) or shutting down; try again shortly.' : ' Check the server or proxy logs.';
      throw this.fail('server', `The server answered HTTP ${res.status} for ${endpoint}${res.text ? ` (${snippet(res.text)})` : ''}.${hint}`, { status: res.status, endpoint });
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
    const method = opts.method ?? (qs.toString().length > 1500 ? 'POST' : 'GET');
    const endpoint = path;
    const target = method === 'GET' && qs.toString() ? `${this.baseUrl}${path}?${qs}` : `${this.baseUrl}${path}`;
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
      const res = await request(target, {
        method,
        headers,
        body: method === 'POST' ? qs.toString() : undefined,
        dispatcher: this.dispatcher,
        signal,
      });
      const contentType = String(res.headers['content-type'] ?? '');
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > this.maxBytes) {
        res.body.destroy();
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

  private classify(e: unknown, ctx: { endpoint: string; timeoutMs: number; userSignal?: AbortSignal; timeoutSignal: AbortSignal }): PromError {
    const { endpoint } = ctx;
    if (ctx.userSignal?.aborted) return this.fail('cancelled', 'The request was cancelled.', { endpoint, code: 'aborted' });
    const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = err?.code ?? err?.cause?.code ?? '';
    const msg = `${err?.message ?? ''} ${err?.cause?.message ?? ''}`;
    if (ctx.timeoutSignal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || err?.name === 'TimeoutError') {
      return this.fail('timeout', `Prometheus at ${this.baseUrl} did not answer ${endpoint} within ${secs(ctx.timeoutMs)}. The server may be overloaded or the query too expensive; try again or raise the timeout.`, { endpoint, code: code || 'timeout' });
    }
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO|ERR_OSSL)/.test(code) || /certificate|ssl|tls/i.test(msg)) {
      return this.fail('tls', `The TLS connection to ${this.baseUrl} failed (${code || snippet(msg, 80)}). If the server uses a private CA, configure its CA certificate; check that the URL scheme (http vs https) matches the server; only for throwaway lab setups, turn on "skip TLS verification".`, { endpoint, code });
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
      return this.fail('unreachable', `The request to ${this.baseUrl} could not be made (${snippet(msg, 120)}).`, { endpoint, code });
    }
    return this.fail('unreachable', `Could not reach ${this.baseUrl} (${code || snippet(msg, 120) || 'unknown error'}). Check the URL, network and proxy settings.`, { endpoint, code });
  }

  // ------------------------------------------------------------------------------------------
  // API methods
  // ------------------------------------------------------------------------------------------

  async query(promql: string, time?: number | Date, opts: RequestOptions = {}): Promise<QueryResult> {
    const { data, warnings } = await this.call<{ resultType: string; result: unknown }>('/api/v1/query', { query: promql, time: time === undefined ? undefined : toUnixSeconds(time) }, opts);
    return this.toResult(data, warnings);
  }

  async queryRange(promql: string, start: number | Date, end: number | Date, stepSeconds: number, opts: RequestOptions = {}): Promise<QueryResult> {
    const s = Number(toUnixSeconds(start));
    const e = Number(toUnixSeconds(end));
    // Prometheus refuses more than 11,000 points per series.
    const step = Math.max(stepSeconds, Math.ceil((e - s) / 11_000), 0.001);
    const { data, warnings } = await this.call<{ resultType: string; result: unknown }>('/api/v1/query_range', { query: promql, start: s.toFixed(3), end: e.toFixed(3), step: String(step) }, opts);
    return this.toResult(data, warnings);
  }

  async labelValues(label: string, opts: RequestOptions & { match?: string[]; start?: number | Date; end?: number | Date } = {}): Promise<string[]> {
    const escaped = /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) ? label : `U__${[...label].map((c) => (/[a-zA-Z0-9]/.test(c) ? c : c === '_' ? '__' : `_${c.codePointAt(0)!.toString(16)}_`)).join('')}`;
    const { data } = await this.call<string[]>(`/api/v1/label/${encodeURIComponent(escaped)}/values`, {
      'match[]': opts.match,
      start: opts.start === undefined ? undefined : toUnixSeconds(opts.start),
      end: opts.end === undefined ? undefined : toUnixSeconds(opts.end),
    }, opts);
    return Array.isArray(data) ? data.map(String) : [];
  }

  async series(match: string[], opts: RequestOptions & { start?: number | Date; end?: number | Date } = {}): Promise<Labels[]> {
    const { data } = await this.call<Labels[]>('/api/v1/series', {
      'match[]': match,
      start: opts.start === undefined ? undefined : toUnixSeconds(opts.start),
      end: opts.end === undefined ? undefined : toUnixSeconds(opts.end),
    }, opts);
    return Array.isArray(data) ? data : [];
  }

  async targets(opts: RequestOptions & { state?: 'active' | 'dropped' | 'any' } = {}): Promise<{ activeTargets: TargetInfo[]; droppedTargets: unknown[] }> {
    const { data } = await this.call<{ activeTargets?: TargetInfo[]; droppedTargets?: unknown[] }>('/api/v1/targets', { state: opts.state }, opts);
    return { activeTargets: data?.activeTargets ?? [], droppedTargets: data?.droppedTargets ?? [] };
  }

  async rules(opts: RequestOptions & { type?: 'alert' | 'record' } = {}): Promise<RuleGroupInfo[]> {
    const { data } = await this.call<{ groups?: RuleGroupInfo[] }>('/api/v1/rules', { type: opts.type }, opts);
    return data?.groups ?? [];
  }

  async alerts(opts: RequestOptions = {}): Promise<Array<{ labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string }>> {
    const { data } = await this.call<{ alerts?: Array<{ labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string }> }>('/api/v1/alerts', {}, opts);
    return data?.alerts ?? [];
  }

  async buildinfo(opts: RequestOptions = {}): Promise<BuildInfo> {
    const { data } = await this.call<BuildInfo>('/api/v1/status/buildinfo', {}, opts);
    return data;
  }

  /** Loaded configuration YAML (`/api/v1/status/config`). */
  async statusConfig(opts: RequestOptions = {}): Promise<{ yaml: string }> {
    const { data } = await this.call<{ yaml: string }>('/api/v1/status/config', {}, opts);
    return { yaml: String(data?.yaml ?? '') };
  }

  /** `/-/ready`: 200 → ready, 503 → loading/stopping, 404 → not supported (Mimir, Grafana Cloud, AMP). */
  async ready(opts: RequestOptions = {}): Promise<ReadyState> {
    const res = await this.raw('/-/ready', {}, { ...opts, method: 'GET' });
    if (res.status === 401 || res.status === 403) {
      throw this.fail('auth', `Prometheus refused the credentials (HTTP ${res.status}). Check the token, user name/password or tenant header configured for this connection.`, { status: res.status, endpoint: '/-/ready' });
    }
    const ready = res.status === 200 ? true : res.status === 503 ? false : res.status === 404 ? null : false;
    return { ready, status: res.status, text: snippet(res.text, 200) };
  }

  private toResult(data: { resultType: string; result: unknown } | undefined, warnings?: string[]): QueryResult {
    if (!data || typeof data !== 'object' || typeof data.resultType !== 'string') {
      throw this.fail('not-prometheus', 'The query answer has no resultType; the server does not look like a Prometheus-compatible API.', { code: 'bad-shape' });
    }
    const w = warnings && warnings.length ? { warnings } : {};
    switch (data.resultType) {
      case 'vector':
        return { resultType: 'vector', result: ((data.result as Array<{ metric: Labels; value: unknown }>) ?? []).map((s) => ({ metric: s.metric ?? {}, value: pair(s.value) })), ...w };
      case 'matrix':
        return { resultType: 'matrix', result: ((data.result as Array<{ metric: Labels; values: unknown[] }>) ?? []).map((s) => ({ metric: s.metric ?? {}, values: (s.values ?? []).map(pair) })), ...w };
      case 'scalar':
        return { resultType: 'scalar', result: pair(data.result), ...w };
      case 'string': {
        const a = data.result as [number, string];
        return { resultType: 'string', result: [Number(a[0]), String(a[1])], ...w };
      }
      default:
        throw this.fail('not-prometheus', `Unexpected resultType "${snippet(String(data.resultType), 40)}" in the query answer.`, { code: 'bad-shape' });
    }
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
