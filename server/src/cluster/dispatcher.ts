/**
 * The one dispatcher factory for every HTTP request the engines make (Prometheus and the collector's health and
 * metrics endpoints), so that both honour the same HTTP(S)_PROXY / NO_PROXY settings, and the one place that
 * knows which proxy a URL goes through, so that a dead proxy is reported as the proxy, not as the server.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { stripUserinfo } from './redact';

/** 'env': HTTP(S)_PROXY / NO_PROXY (lower case wins, as in undici); 'none': direct; or an explicit proxy. */
export type ProxySetting = 'env' | 'none' | { url: string; noProxy?: string; token?: string };

export interface ProxyRoute {
  /** Proxy URL without credentials. */
  url: string;
  /** Where it came from: an environment variable name, or "the proxy setting". */
  source: string;
}

type Env = Record<string, string | undefined>;

function first(env: Env, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) if (env[name]) return { name, value: env[name]! };
  return undefined;
}

/** The proxy URL with credentials removed and nothing but scheme, host and port. */
function shownProxy(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return stripUserinfo(url);
  }
}

/** NO_PROXY matching as undici's EnvHttpProxyAgent does it (host, suffix with or without a leading dot, :port, "*"). */
function bypassed(target: URL, noProxy: string): boolean {
  if (noProxy.trim() === '*') return true;
  const host = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || (target.protocol === 'https:' ? 443 : 80);
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const m = /^(.+):(\d+)$/.exec(entry);
    const h = (m ? m[1] : entry).replace(/^\*?\./, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (host === h || host.endsWith(`.${h}`)) return true;
  }
  return false;
}

/** Which proxy a request to `target` goes through, or undefined when it goes direct. */
export function proxyRoute(target: string | URL, proxy: ProxySetting = 'env', env: Env = process.env): ProxyRoute | undefined {
  let u: URL;
  try {
    u = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return undefined;
  }
  if (proxy === 'none') return undefined;
  if (proxy !== 'env') return bypassed(u, proxy.noProxy ?? '') ? undefined : { url: shownProxy(proxy.url), source: 'the proxy setting' };
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  if (bypassed(u, noProxy)) return undefined;
  // undici: https targets use https_proxy/HTTPS_PROXY, else fall back to the HTTP proxy; http targets only the latter.
  const hit = u.protocol === 'https:' ? first(env, 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY') : first(env, 'http_proxy', 'HTTP_PROXY');
  return hit ? { url: shownProxy(hit.value), source: hit.name } : undefined;
}

/** Proxy URLs (with their credentials) a setting may use: their passwords are secrets of the connection. */
export function proxyUrls(proxy: ProxySetting = 'env', env: Env = process.env): string[] {
  if (proxy === 'none') return [];
  if (proxy !== 'env') return [proxy.url];
  return [env.http_proxy, env.HTTP_PROXY, env.https_proxy, env.HTTPS_PROXY].filter((x): x is string => !!x);
}

export interface DispatcherOptions {
  proxy?: ProxySetting;
  /** TLS and connect options (ca, cert, key, rejectUnauthorized, servername, timeout). */
  connect: Record<string, unknown>;
  connections?: number;
  keepAliveTimeout?: number;
  keepAliveMaxTimeout?: number;
  headersTimeout?: number;
  bodyTimeout?: number;
}

/** A dispatcher that goes direct or through the configured proxy (per request, honouring NO_PROXY). */
export function makeDispatcher(opts: DispatcherOptions): Dispatcher {
  const { proxy = 'env', connect, ...rest } = opts;
  const agentOpts = { ...rest, connect };
  if (proxy === 'none') return new Agent(agentOpts);
  if (proxy === 'env') {
    if (!proxyUrls('env').length) return new Agent(agentOpts);
    return new EnvHttpProxyAgent({ ...agentOpts, requestTls: connect } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  }
  return new EnvHttpProxyAgent({
    ...agentOpts,
    httpProxy: proxy.url,
    httpsProxy: proxy.url,
    noProxy: proxy.noProxy ?? '',
    requestTls: connect,
    ...(proxy.token ? { token: proxy.token } : {}),
  } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
}

/**
 * When a request went through a proxy and failed, what went wrong with the proxy (or undefined when the error is
 * not about the proxy). Connection-level errors name the proxy: the client never connects to the server itself.
 */
export function proxyProblem(route: ProxyRoute | undefined, code: string, message: string): string | undefined {
  if (!route) return undefined;
  const via = `the proxy ${route.url} (from ${route.source})`;
  const status = /Proxy response \((\d+)\)/.exec(message)?.[1];
  if (status === '407') return `${via} requires credentials (HTTP 407)`;
  if (status) return `${via} could not connect to the server (it answered HTTP ${status})`;
  switch (code) {
    case 'ECONNREFUSED':
      return `${via} is unreachable (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${via} is unreachable (its host name was not found)`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `${via} is unreachable (the connection attempt timed out)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${via} is unreachable (${code})`;
    default:
      // A dropped socket may be the server's, passed through the tunnel: not blamed on the proxy.
      return undefined;
  }
}
