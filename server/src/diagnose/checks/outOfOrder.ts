/** Out-of-Order Samples: Prometheus dropping late samples, and its out_of_order_time_window. */
import { prom } from '../../cluster/upstream';
import { parse } from 'yaml';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Evidence } from '../types';
import { finding, healthEv, num, promEv } from '../util';

const SECTION = 'Out-of-Order Samples';

/** `storage.tsdb.out_of_order_time_window` from the loaded Prometheus config ('0s' when unset). */
export function outOfOrderWindow(yamlText: string): string | undefined {
  try {
    const doc = parse(yamlText) as { storage?: { tsdb?: { out_of_order_time_window?: unknown } } } | null;
    const w = doc?.storage?.tsdb?.out_of_order_time_window;
    return w === undefined || w === null ? '0s' : String(w);
  } catch {
    return undefined;
  }
}

export const outOfOrder: DiagnoseCheck = {
  id: 'out-of-order',
  section: SECTION,
  title: 'Prometheus accepts NativeLink\'s samples in order',
  docs: sectionDocs(SECTION),
  upstream: [prom('tsdb/head.go'), prom('config/config.go')],
  async run(ctx) {
    const present = await ctx.metricNames(/^prometheus_tsdb_out_of_order_samples_total$/);
    if (!present.length) return { skipped: 'Prometheus does not scrape its own metrics, so dropped out-of-order samples cannot be counted (add a self-scrape job to see them).' };
    const r = await ctx.health('out-of-order-samples');
    const q1h = 'sum(increase(prometheus_tsdb_out_of_order_samples_total[1h]))';
    const dropped1h = (await ctx.scalar(q1h)) ?? 0;
    if (r.status !== 'warning' && dropped1h <= 0) return 'passed';
    const evidence: Evidence[] = [healthEv(r, ctx.t.rateWindow), promEv(q1h, `${num(dropped1h, 0)} samples dropped`, '1h')];
    let window: string | undefined;
    if (ctx.client.statusConfig) {
      const cfg = await ctx.client.statusConfig({ signal: ctx.signal }).catch(() => undefined);
      if (cfg) {
        window = outOfOrderWindow(cfg.yaml);
        if (window) evidence.push({ kind: 'http', url: `${ctx.prometheusUrl.replace(/\/+$/, '')}/api/v1/status/config`, value: `storage.tsdb.out_of_order_time_window: ${window}` });
      }
    }
    const disabled = window === '0s' || window === '0';
    return [
      finding({
        id: 'out-of-order',
        section: SECTION,
        severity: r.status === 'warning' ? 'warning' : 'info',
        title: r.status === 'warning' ? 'Prometheus is dropping out-of-order samples' : 'Prometheus dropped out-of-order samples earlier in the hour',
        summary: `Samples that arrive with a timestamp older than the newest one of their series are rejected${window ? `; the out-of-order window is ${disabled ? 'off' : window}` : ''}. The affected series get gaps.`,
        evidence,
        causes: ['Several NativeLink instances or collectors write the same series with slightly different timestamps.', 'Network delays or retries deliver samples late.', 'Clocks of the hosts disagree.'],
        actions: [
          'Set storage.tsdb.out_of_order_time_window in the Prometheus configuration file (e.g. 30m or 1h). It is a config-file setting only: Prometheus has no command-line flag for it.',
          'Make sure each NativeLink process has its own service.instance.id so their series do not collide, and keep host clocks in sync (NTP).',
        ],
      }),
    ];
  },
};
