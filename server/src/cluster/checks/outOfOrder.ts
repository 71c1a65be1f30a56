/** Prometheus dropping out-of-order samples (several collectors / clock skew). */
import { prom } from '../upstream';
import { guide, num, type CheckDef } from './common';

export const outOfOrder: CheckDef = {
  id: 'out-of-order-samples',
  area: 'telemetry',
  title: 'Out-of-order samples',
  docs: guide('out-of-order-samples'),
  upstream: [prom('tsdb/head.go'), prom('config/config.go')],
  async run(ctx) {
    const w = ctx.t.rateWindow;
    const promql = `sum(rate(prometheus_tsdb_out_of_order_samples_total[${w}]))`;
    const threshold = 'warning when any sample is rejected';
    const v = await ctx.scalar(promql);
    if (v === undefined) return { status: 'unknown', display: 'not measured', threshold, promql, reason: 'Prometheus does not (yet) scrape its own metrics, or this server does not expose them, so dropped samples cannot be seen.' };
    if (v > 0) return { status: 'warning', value: v, display: `${num(v, 2)} samples/s rejected as out of order`, threshold, promql, reason: 'Late or duplicated samples are being dropped; consider storage.tsdb.out_of_order_time_window in the config file.' };
    return { status: 'ok', value: 0, display: 'no samples rejected', threshold, promql };
  },
};
