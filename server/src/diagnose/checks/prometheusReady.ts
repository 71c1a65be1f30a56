/** Metrics Not Appearing: Prometheus answers and is ready (the runner's probe already proved the API answers). */
import { prom } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { finding, httpEv } from '../util';

const SECTION = 'Metrics Not Appearing';

export const prometheusReady: DiagnoseCheck = {
  id: 'prometheus-ready',
  section: SECTION,
  title: 'Prometheus is reachable and ready',
  docs: sectionDocs(SECTION),
  upstream: [prom('web/web.go'), prom('web/api/v1/api.go')],
  async run(ctx) {
    if (!ctx.client.ready) return 'passed';
    const r = await ctx.client.ready({ signal: ctx.signal });
    if (r.ready !== false) return 'passed'; // ready, or /-/ready not offered (Mimir, Grafana Cloud)
    return [
      finding({
        id: 'prometheus-ready',
        section: SECTION,
        severity: 'warning',
        title: 'Prometheus reports it is not ready',
        summary: `Prometheus answered its readiness endpoint with HTTP ${r.status}. While it loads its TSDB or shuts down, queries can fail or miss recent data.`,
        evidence: [httpEv(`${ctx.prometheusUrl.replace(/\/+$/, '')}/-/ready`, `HTTP ${r.status}${r.text ? `: ${r.text}` : ''}`)],
        causes: ['The server is still replaying its write-ahead log after a restart.', 'The server is shutting down.'],
        actions: ['Wait until /-/ready answers 200 and run the diagnosis again.', 'If it stays unready, read the Prometheus logs for TSDB or WAL errors.'],
      }),
    ];
  },
};
