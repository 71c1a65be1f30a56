/** Verify OTEL Configuration: target_info shows the resource attributes (service name, instance name) took effect. */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Finding } from '../types';
import { finding, lv, promEv } from '../util';

const SECTION = 'Verify OTEL Configuration';

export const otelResource: DiagnoseCheck = {
  id: 'otel-resource',
  section: SECTION,
  title: 'NativeLink\'s OpenTelemetry resource attributes took effect',
  docs: sectionDocs(SECTION),
  async run(ctx) {
    const names = await ctx.names();
    if (!names.nativelinkNames.length) return { skipped: 'No NativeLink metrics at all (see "NativeLink metrics reach Prometheus").' };
    const info = ctx.sel(names, 'targetInfo');
    if (!info) {
      return [
        finding({
          id: 'otel-resource/no-target-info',
          section: SECTION,
          severity: 'info',
          title: 'No target_info series: resource attributes cannot be checked',
          summary: 'NativeLink metrics exist but no target_info series does, so this diagnosis cannot confirm which OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES the processes run with.',
          evidence: [promEv('count({__name__=~"(nativelink_)?target_info"})', 'no series', '1h')],
          causes: ['The metrics reach Prometheus through a path that drops target_info (e.g. a collector exporter or receiver setting that disables it).'],
          actions: ['Keep target_info enabled in the collector\'s prometheus exporter, or enable resource_to_telemetry_conversion so the attributes appear on every series.'],
        }),
      ];
    }
    const end = new Date(ctx.time * 1000);
    const sets = await ctx.client.series([info], { start: new Date(end.getTime() - 3600_000), end, signal: ctx.signal });
    if (!sets.length) return { skipped: 'target_info has no samples in the last hour.' };
    const svcKey = names.utf8Labels ? 'service.name' : 'service_name';
    const services = new Map<string, number>();
    for (const s of sets) {
      const v = s[svcKey] ?? '';
      services.set(v, (services.get(v) ?? 0) + 1);
    }
    const out: Finding[] = [];
    const bad = [...services.keys()].filter((v) => !v || /^unknown_service/.test(v));
    const q = `count by (${names.utf8Labels ? JSON.stringify(svcKey) : svcKey}) (${info})`;
    const listing = [...services.entries()].map(([k, n]) => `${lv(k || '(missing)')} × ${n}`).join(', ');
    if (bad.length) {
      out.push(
        finding({
          id: 'otel-resource/service-name',
          section: SECTION,
          severity: 'warning',
          title: 'Some NativeLink processes report no proper service name',
          summary: `target_info shows service names ${listing}. A missing or "unknown_service" name means the process was started without its OpenTelemetry settings, so its metrics cannot be told apart or joined reliably.`,
          evidence: [promEv(q, listing, '1h')],
          causes: ['OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) is not set for these processes.', 'A different program exports through the same collector.'],
          actions: ['Set OTEL_SERVICE_NAME=nativelink (and deployment.environment / nativelink.instance_name in OTEL_RESOURCE_ATTRIBUTES) in the environment of every NativeLink process and restart them.'],
        }),
      );
    }
    const instKey = 'instance_name';
    if (!names.utf8Labels && sets.every((s) => !s[instKey] && !s.nativelink_instance_name)) {
      out.push(
        finding({
          id: 'otel-resource/instance-name',
          section: SECTION,
          severity: 'info',
          title: 'No instance_name label on NativeLink metrics',
          summary: 'The shipped recording rules and dashboards group by instance_name, which only exists when OTEL_RESOURCE_ATTRIBUTES sets nativelink.instance_name and the collector copies it onto the data points. Without it, several instances are summed together.',
          evidence: [promEv(`count by (instance_name) (${info})`, 'no instance_name values', '1h')],
          actions: ['Add nativelink.instance_name=<name> to OTEL_RESOURCE_ATTRIBUTES of each NativeLink process (the shipped collector config copies it into instance_name).'],
        }),
      );
    }
    return out.length ? out : 'passed';
  },
};
