/**
 * NativeLink's own health checks (`health.checks`): components whose checks failed or timed out.
 *
 * health_utils.rs records a result each time the health registry is evaluated, which happens when something
 * requests the health endpoint. No series therefore means nobody polls it, not that everything is healthy.
 */
import { guide, missing, type CheckDef, type CheckOutcome } from './common';

export const componentHealth: CheckDef = {
  id: 'component-health',
  area: 'telemetry',
  title: 'Component health checks',
  docs: guide('component-health-failed'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/health_utils.rs',
  ],
  async run(ctx): Promise<CheckOutcome> {
    const w = ctx.t.rateWindow;
    const all = ctx.sel('healthChecks');
    const threshold = 'critical when a component reports failed, warning when one times out';
    if (!all) return missing('sum by (health_namespace, health_status) (increase(nativelink_health_checks_total[5m]))', 'health.checks', 'NativeLink (v1.6.6 on) records a result only when its health endpoint is requested; without a probe or scraper calling it, component health is not measurable.');
    const ns = ctx.label('health_namespace');
    const st = ctx.label('health_status');
    const total = await ctx.scalar(`sum(increase(${all}[${w}]))`);
    const promql = `count(sum by (${ns}) (increase(${ctx.sel('healthChecks', { health_status: ['=~', 'failed|timeout'] })}[${w}])) > 0) or vector(0)`;
    if (total === undefined || total <= 0) return { status: 'unknown', display: 'no health checks ran', threshold, promql, reason: `No health check ran in the last ${w}: nothing requested the health endpoint.` };
    const bad = await ctx.vector(`sum by (${ns}, ${st}) (increase(${ctx.sel('healthChecks', { health_status: ['=~', 'failed|timeout'] })}[${w}])) > 0`);
    if (!bad.length) return { status: 'ok', value: 0, display: `every component healthy (last ${w})`, threshold, promql };
    const failed = new Set(bad.filter((b) => b.metric[st] === 'failed').map((b) => b.metric[ns] ?? ''));
    const timedOut = new Set(bad.filter((b) => b.metric[st] === 'timeout').map((b) => b.metric[ns] ?? ''));
    const names = [...new Set([...failed, ...timedOut])].sort();
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    return {
      status: failed.size ? 'critical' : 'warning',
      value: names.length,
      display: `${names.length} component${names.length === 1 ? '' : 's'} ${failed.size ? 'failed' : 'timed out'}: ${shown} (last ${w})`,
      threshold,
      promql,
    };
  },
};
