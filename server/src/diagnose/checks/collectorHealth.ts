/** Check Collector Health: the collector's health_check endpoint answers. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { describeHttpError, finding, httpEv } from '../util';

const SECTION = 'Check Collector Health';

/** URL of the health endpoint: explicit URL, else the collector config's health_check endpoint. */
export function collectorHealthUrl(ctx: { collectorHealthUrl?: string; config?: { healthCheckEndpoint?: string } }): string | undefined {
  if (ctx.collectorHealthUrl) return ctx.collectorHealthUrl;
  const ep = ctx.config?.healthCheckEndpoint?.trim();
  if (!ep) return undefined;
  const withScheme = /^https?:\/\//.test(ep) ? ep : `http://${ep.replace(/^0\.0\.0\.0/, 'localhost').replace(/^:/, 'localhost:')}`;
  return withScheme;
}

export const collectorHealth: DiagnoseCheck = {
  id: 'collector-health',
  section: SECTION,
  title: 'The collector\'s health endpoint answers',
  docs: sectionDocs(SECTION),
  needsPrometheus: false,
  async run(ctx) {
    const url = collectorHealthUrl(ctx);
    if (!url) return { skipped: 'No collector health URL (give --collector-health, or open a collector config with a health_check extension).' };
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
