/** Check Collector Health: the collector's health_check endpoint answers. */
import { contrib } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import { hint } from '../hints';
import type { DiagnoseCheck } from '../types';
import { describeHttpError, finding, httpEv } from '../util';

const SECTION = 'Check Collector Health';

/** Bind addresses that say nothing about where the collector can be reached from here. */
function isBindAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '' || h === '0.0.0.0' || h === '::' || h === 'localhost' || h === '::1' || /^127\./.test(h) || h.includes('${');
}

/**
 * Split a collector `health_check` endpoint (`host:port[/path]`, `:port`, `[::]:port`, `${env:POD_IP}:port`, or a
 * full http(s) URL) into the URL to call as written, and the same URL with the host mapped to localhost.
 */
export function parseHealthEndpoint(endpoint: string): { url: string; localUrl: string; concrete: boolean } | undefined {
  const ep = endpoint.trim();
  if (!ep) return undefined;
  if (/^https?:\/\//i.test(ep)) {
    try {
      const u = new URL(ep);
      const concrete = !isBindAddress(u.hostname);
      const local = new URL(ep);
      local.hostname = 'localhost';
      return { url: u.toString(), localUrl: local.toString(), concrete };
    } catch {
      return undefined;
    }
  }
  const m = /^(\[[^\]]*\]|\$\{[^}]*\}|[^:/[]*)(?::([^/]*))?(\/.*)?$/.exec(ep);
  if (!m) return undefined;
  const [, host, port, path] = m;
  const tail = `${port ? `:${port}` : ''}${path ?? '/'}`;
  return { url: `http://${host}${tail}`, localUrl: `http://localhost${tail}`, concrete: !isBindAddress(host) };
}

/**
 * URL of the collector's health endpoint, in this order (issue 6):
 * 1. the `health_check` endpoint of the open collector config, when its host is a concrete name or address (the
 *    workspace describes the collector being worked on);
 * 2. else the explicit URL (`--collector-health` / the connection setting);
 * 3. else the config's endpoint with its bind address (0.0.0.0, ::, empty, localhost) mapped to localhost.
 */
export function collectorHealthUrl(ctx: { collectorHealthUrl?: string; config?: { healthCheckEndpoint?: string } }): string | undefined {
  const cfg = ctx.config?.healthCheckEndpoint ? parseHealthEndpoint(ctx.config.healthCheckEndpoint) : undefined;
  if (cfg?.concrete) return cfg.url;
  const explicit = ctx.collectorHealthUrl?.trim();
  if (explicit) return explicit;
  return cfg?.localUrl;
}

export const collectorHealth: DiagnoseCheck = {
  id: 'collector-health',
  section: SECTION,
  title: 'The collector\'s health endpoint answers',
  docs: sectionDocs(SECTION),
  upstream: [contrib('extension/healthcheckextension/config.go'), contrib('extension/healthcheckextension/README.md')],
  needsPrometheus: false,
  async run(ctx) {
    const url = collectorHealthUrl(ctx);
    if (!url) return { skipped: `No collector health URL (set ${hint(ctx.surface, 'collectorHealth')}, or open a collector config with a health_check extension).` };
    let res;
    try {
      res = await ctx.httpGet(url);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      const why = describeHttpError(e);
      return [
        finding({
          id: 'collector-health',
          section: SECTION,
          severity: 'warning',
          title: 'The collector\'s health endpoint does not answer',
          summary: `GET ${url} failed: ${why}. Either the collector is down, or its health_check extension is not enabled or not reachable from here.`,
          evidence: [httpEv(url, why)],
          causes: [
            'The collector process or container is not running.',
            'health_check is defined under extensions but not listed in service.extensions.',
            'The extension listens on localhost:13133 (the default of recent collectors), which is not reachable from outside its container or pod.',
          ],
          actions: ['Check that the collector runs (docker ps / kubectl get pods).', 'Enable health_check in service.extensions and set its endpoint to 0.0.0.0:13133 if it must be reached from outside.'],
          config: { kind: 'collector', key: 'extensions.health_check.endpoint' },
        }),
      ];
    }
    const body = res.text.replace(/\s+/g, ' ').trim().slice(0, 160);
    if (res.status >= 200 && res.status < 300) return 'passed';
    return [
      finding({
        id: 'collector-health',
        section: SECTION,
        severity: res.status === 503 ? 'critical' : 'warning',
        title: res.status === 503 ? 'The collector reports itself unhealthy' : `The collector's health endpoint answered HTTP ${res.status}`,
        summary: res.status === 503
          ? 'The health_check extension answered 503: the collector is starting, shutting down, or (with check_collector_pipeline) its exporters keep failing.'
          : `Expected HTTP 200 from the health endpoint, got ${res.status}. The URL may point at something else, or the path is not the extension's path.`,
        evidence: [httpEv(url, `HTTP ${res.status}${body ? `: ${body}` : ''}`)],
        causes: res.status === 503 ? ['The collector is not ready or its pipeline is failing.'] : ['Wrong port or path for the health_check extension.'],
        actions: ['Read the collector logs (docker logs otel-collector / kubectl logs -l app=otel-collector) for receiver, exporter or memory errors.'],
      }),
    ];
  },
};
