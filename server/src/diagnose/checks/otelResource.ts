/**
 * Verify OTEL Configuration: what NativeLink's OpenTelemetry resource really gives Prometheus, and what can go wrong.
 * NativeLink hard-codes service.name="nativelink" and a random service.instance.id per process (telemetry.rs), so
 * OTEL_SERVICE_NAME changes nothing. The collector's prometheus exporter moves service.name/namespace/instance.id
 * into job and instance and leaves them off target_info (createTargetInfoMetrics), so target_info never has
 * service_name. What can break: the instance id getting lost on the way (processes can no longer be told apart),
 * target_info not arriving at all, and instance_name missing for the shipped rules.
 */
import { contrib, nl, NL_TELEMETRY, PROM_EXPORTER } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { DiagnoseCheck, Finding } from '../types';
import { finding, promEv } from '../util';

const SECTION = 'Verify OTEL Configuration';

export const otelResource: DiagnoseCheck = {
  id: 'otel-resource',
  section: SECTION,
  title: 'NativeLink processes can be told apart and carry their resource attributes',
  docs: sectionDocs(SECTION),
  upstream: [NL_TELEMETRY, PROM_EXPORTER, contrib('exporter/prometheusexporter/README.md'), nl('deployment-examples/metrics/otel-collector-config.yaml'), nl('deployment-examples/metrics/prometheus-recording-rules.yml')],
  async run(ctx) {
    const names = await ctx.names();
    if (!names.nativelinkNames.length) return { skipped: 'No NativeLink metrics at all (see "NativeLink metrics reach Prometheus").' };
    const out: Finding[] = [];
    const info = ctx.sel(names, 'targetInfo');
    const unprefixed = Object.values(names.metrics).some((m) => m?.spellings.includes('no-prefix'));
    if (!info && unprefixed) {
      // Without the exporter's namespace NativeLink's target_info is plain `target_info`, which every other
      // OpenTelemetry service behind a prometheus exporter writes too (names.ts never takes it for NativeLink's).
      out.push(
        finding({
          id: 'otel-resource/target-info-unattributable',
          section: SECTION,
          severity: 'info',
          title: 'NativeLink\'s target_info cannot be told from other services\'',
          summary: 'NativeLink metrics arrive without a namespace, so its resource series is plain target_info, the same name every other OpenTelemetry service writes. Resource attributes (deployment.environment, nativelink.instance_name, …) cannot be attributed to NativeLink processes, and target_info is not used as evidence that NativeLink is up.',
          evidence: [promEv(`count(${ctx.sel(names, 'executionCompleted') ?? ctx.sel(names, 'workerConnected') ?? 'execution_completed_count_total'})`, 'NativeLink series without the nativelink_ prefix', '1h')],
          causes: ['The collector\'s prometheus exporter has no namespace (the shipped config sets namespace: nativelink).'],
          actions: ['Set namespace: nativelink on the collector\'s prometheus exporter; names become nativelink_…, including nativelink_target_info. Update queries and rules that use the unprefixed names.'],
        }),
      );
    } else if (!info) {
      out.push(
        finding({
          id: 'otel-resource/no-target-info',
          section: SECTION,
          severity: 'info',
          title: 'No target_info series: resource attributes cannot be read',
          summary: 'NativeLink metrics exist but no target_info (or nativelink_target_info) series does, so attributes set through OTEL_RESOURCE_ATTRIBUTES (deployment.environment, nativelink.instance_name, …) cannot be joined onto the metrics.',
          evidence: [promEv('count({__name__=~"(nativelink_)?target_info"})', 'no series', '1h')],
          causes: ['The metrics reach Prometheus through a path that does not write target_info (for example a remote-write exporter with target_info disabled).'],
          actions: ['Use the collector\'s prometheus exporter (it writes one target_info per process), or enable resource_to_telemetry_conversion so the attributes appear on every series.'],
        }),
      );
    }
    if (!names.instanceLabel) {
      // Without a per-process label every process's series collapse into one, and counting processes is impossible.
      const probe = info ?? ctx.sel(names, 'executionCompleted') ?? ctx.sel(names, 'workerConnected') ?? 'nativelink_target_info';
      out.push(
        finding({
          id: 'otel-resource/instance-id',
          section: SECTION,
          severity: 'warning',
          title: 'NativeLink processes cannot be told apart',
          summary: 'No NativeLink series carries the process\'s service.instance.id (as exported_instance, instance or service_instance_id). NativeLink sets a fresh one per process and the collector\'s prometheus exporter turns it into the instance label, so it was dropped on the way: series of different processes overwrite each other and per-process views are wrong.',
          evidence: [promEv(`count by (exported_instance, instance, service_instance_id) (${probe})`, 'no NativeLink instance label', '1h')],
          causes: [
            'A resource or attributes processor in the collector deletes service.instance.id.',
            'A metric_relabel_configs or relabeling rule in the Prometheus scrape job of the collector drops exported_instance (or instance).',
          ],
          actions: ['Keep service.instance.id in the collector pipeline, and keep exported_instance (or instance with honor_labels: true) in the scrape job of the collector.'],
        }),
      );
    }
    if (info && !names.utf8Labels) {
      const end = new Date(ctx.time * 1000);
      const sets = await ctx.client.series([info], { start: new Date(end.getTime() - 3600_000), end, signal: ctx.signal });
      if (sets.length && sets.every((s) => !s.instance_name && !s.nativelink_instance_name)) {
        out.push(
          finding({
            id: 'otel-resource/instance-name',
            section: SECTION,
            severity: 'info',
            title: 'No instance_name label on NativeLink metrics',
            summary: 'The shipped recording rules and dashboards group by instance_name, which exists only when OTEL_RESOURCE_ATTRIBUTES sets nativelink.instance_name and the collector copies it onto the data points (the shipped collector config does this in its transform/nativelink processor). Without it, several deployments are summed together.',
            evidence: [promEv(`count by (instance_name) (${info})`, 'no instance_name values', '1h')],
            actions: ['Add nativelink.instance_name=<name> to OTEL_RESOURCE_ATTRIBUTES of each NativeLink process, and copy it into instance_name in the collector as the shipped otel-collector-config.yaml does.'],
          }),
        );
      }
    }
    return out.length ? out : 'passed';
  },
};
