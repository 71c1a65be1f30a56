/** Are NativeLink processes reporting, and is the collector that carries their metrics being scraped? */
import { NL_TELEMETRY, PROM_EXPORTER, prom } from '../upstream';
import { selector } from '../names';
import { guide, missing, type CheckDef } from './common';

export const componentUp: CheckDef = {
  id: 'component-up',
  area: 'telemetry',
  title: 'NativeLink components reporting',
  docs: guide('component-health-failed'),
  upstream: [NL_TELEMETRY, PROM_EXPORTER, prom('scrape/scrape.go')],
  async run(ctx) {
    const info = ctx.sel('targetInfo') ?? ctx.sel('executionCompleted') ?? ctx.sel('workerConnected') ?? ctx.sel('executionActive');
    if (!info) {
      return missing('count(nativelink_target_info)', 'No NativeLink metric', 'Nothing from NativeLink reached this Prometheus in the last hour; see "Metrics not appearing".');
    }
    const inst = ctx.names.instanceLabel;
    const promql = inst ? `count(count by (${inst}) (${info}))` : `count(${info})`;
    const upQ = ctx.names.collectorJob ? `min(${selector('up', { job: ctx.names.collectorJob })})` : undefined;
    const [processes, up] = await Promise.all([ctx.scalar(promql), upQ ? ctx.scalar(upQ) : Promise.resolve(undefined)]);
    const threshold = 'critical when no process reports or the collector target is down';
    if (up === 0) {
      return {
        status: 'critical',
        value: processes ?? 0,
        display: `collector scrape target "${ctx.names.collectorJob}" is down`,
        threshold,
        promql: upQ!,
        reason: 'Prometheus cannot scrape the OpenTelemetry collector, so no NativeLink metrics arrive. NativeLink itself is never scraped (it pushes OTLP), so `up` describes the collector.',
      };
    }
    if (processes === undefined || processes === 0) {
      return {
        status: 'critical',
        value: 0,
        display: 'no NativeLink process is reporting now',
        threshold,
        promql,
        reason: 'NativeLink series existed in the last hour but none are current: the processes stopped, or their OTLP export to the collector broke.',
      };
    }
    const label = inst ?? 'series';
    return {
      status: 'ok',
      value: processes,
      display: `${processes} NativeLink process${processes === 1 ? '' : 'es'} reporting${up === 1 ? '; collector target up' : ''}`,
      threshold,
      promql,
      reason: inst ? undefined : `No ${'service_instance_id'}/exported_instance label found; counted ${label} instead.`,
    };
  },
};
