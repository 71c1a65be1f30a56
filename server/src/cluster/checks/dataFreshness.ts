/** "Metrics not appearing": how old is the newest NativeLink sample? */
import { NL_TELEMETRY, PROM_EXPORTER, contrib } from '../upstream';
import { duration, guide, type CheckDef } from './common';

export const dataFreshness: CheckDef = {
  id: 'data-freshness',
  area: 'telemetry',
  title: 'NativeLink metrics are fresh',
  docs: guide('metrics-not-appearing'),
  upstream: [NL_TELEMETRY, PROM_EXPORTER, contrib('exporter/prometheusexporter/config.go')],
  async run(ctx) {
    const limit = ctx.t.freshnessMinutes * 60;
    const threshold = `critical when the newest sample is older than ${ctx.t.freshnessMinutes} min`;
    const s = ctx.sel('targetInfo') ?? ctx.sel('workerConnected') ?? ctx.sel('executionActive') ?? ctx.sel('executionCompleted');
    if (!s) {
      return {
        status: 'critical',
        display: 'no NativeLink metrics in the last hour',
        threshold,
        promql: 'count({__name__=~"nativelink_.+"})',
        reason: 'Prometheus has no NativeLink series at all: check the OTEL_* variables of NativeLink, the collector, and the scrape job for the collector.',
      };
    }
    const promql = `time() - max(timestamp(${s}))`;
    let age = await ctx.scalar(promql);
    if (age === undefined) {
      // Older than the instant-query lookback (5m): look back over the last hour.
      age = await ctx.scalar(`time() - max(max_over_time(timestamp(${s})[1h:1m]))`);
    }
    if (age === undefined) {
      return { status: 'critical', display: 'no NativeLink samples in the last hour', threshold, promql, reason: 'Series names exist but no samples arrived in the last hour.' };
    }
    if (age > limit) {
      return { status: 'critical', value: age, display: `newest NativeLink sample is ${duration(age)} old`, threshold, promql, reason: 'Metrics stopped arriving: NativeLink, its OTLP export, the collector or the scrape of the collector stopped.' };
    }
    return { status: 'ok', value: age, display: `newest sample ${duration(Math.max(0, age))} old`, threshold, promql };
  },
};
