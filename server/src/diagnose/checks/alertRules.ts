/**
 * Alert Rules: the guide's five alerts evaluated now (with their `for` duration checked over a subquery), using
 * the metric names this Prometheus really has, plus notes where the guide's expressions misbehave as written.
 */
import { selector } from '../../cluster/names';
import { nl, NL_METRICS, NL_TELEMETRY } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import type { CheckEnv, DiagnoseCheck, Finding, Severity } from '../types';
import { finding, labelOf, num, pct, presence, promEv } from '../util';

const SECTION = 'Alert Rules';

interface AlertEval {
  name: string;
  section: string;
  /** The check whose finding describes the same condition; the alert becomes evidence of it. */
  relatesTo: string;
  severity: Severity;
  forMinutes: number;
  op: '>' | '<';
  threshold: number;
  /** Value expression (condition is `value op threshold`). */
  value?: string;
  format: (v: number) => string;
  /** Why it could not be evaluated. */
  missing?: string;
}

async function evaluate(ctx: CheckEnv, a: AlertEval): Promise<{ now?: number; held?: boolean }> {
  if (!a.value) return {};
  const now = await ctx.scalar(a.value);
  if (now === undefined || !Number.isFinite(now)) return { now };
  const cond = a.op === '>' ? now > a.threshold : now < a.threshold;
  if (!cond) return { now, held: false };
  const fn = a.op === '>' ? 'min_over_time' : 'max_over_time';
  const held = await ctx.scalar(`${fn}((${a.value})[${a.forMinutes}m:1m])`);
  return { now, held: held !== undefined && (a.op === '>' ? held > a.threshold : held < a.threshold) };
}

export const alertRules: DiagnoseCheck = {
  id: 'alert-rules',
  section: SECTION,
  title: 'The guide\'s five alerts would not fire now',
  docs: sectionDocs(SECTION),
  upstream: [nl('deployment-examples/metrics/kubernetes/prometheus.yaml'), nl('deployment-examples/metrics/prometheus-recording-rules.yml'), NL_METRICS, NL_TELEMETRY],
  async run(ctx) {
    const names = await ctx.names();
    if (!names.nativelinkNames.length) return { skipped: 'No NativeLink metrics to evaluate the alerts on.' };
    const [err, hit, queue, util] = await Promise.all(
      (['execution-error-rate', 'cache-hit-rate', 'queue-depth', 'worker-utilization'] as const).map((id) => ctx.health(id).catch(() => undefined)),
    );
    const w = ctx.t.rateWindow;
    const reads = ctx.sel(names, 'cacheOperations', { cache_operation_name: 'read' });
    const ct = labelOf(names, 'cache_type').by;
    const missValue = reads
      ? `max(1 - (sum by (${ct}) (rate(${ctx.sel(names, 'cacheOperations', { cache_operation_name: 'read', cache_operation_result: 'hit' })}[${w}])) / sum by (${ct}) (rate(${reads}[${w}]))))`
      : hit?.promql
        ? `1 - (${hit.promql})`
        : undefined;
    const alerts: AlertEval[] = [
      { name: 'HighExecutionErrorRate', section: 'High Error Rate', relatesTo: 'execution-failures', severity: 'warning', forMinutes: 5, op: '>', threshold: 0.05, value: err?.promql || undefined, format: (v) => pct(v) },
      { name: 'CacheMissRateHigh', section: 'Cache Miss Rate High', relatesTo: 'cache-hit-rate', severity: 'info', forMinutes: 10, op: '>', threshold: 0.5, value: missValue, format: (v) => pct(v) },
      { name: 'QueueBacklog', section: 'Queue Backlog', relatesTo: 'queue-depth', severity: 'warning', forMinutes: 15, op: '>', threshold: 100, value: queue?.promql || undefined, format: (v) => `${num(v, 0)} queued` },
      { name: 'WorkerUtilizationLow', section: 'Worker Utilization Low', relatesTo: 'worker-utilization', severity: 'info', forMinutes: 30, op: '<', threshold: 0.3, value: util?.promql || undefined, format: (v) => pct(v) },
    ];
    const out: Finding[] = [];
    const results = await Promise.all(alerts.map((a) => evaluate(ctx, a).catch(() => ({} as { now?: number; held?: boolean }))));
    alerts.forEach((a, i) => {
      const r = results[i];
      if (r.now === undefined || !Number.isFinite(r.now)) return;
      const cond = a.op === '>' ? r.now > a.threshold : r.now < a.threshold;
      if (!cond) return;
      out.push({
        ...finding({
          id: `alert-rules/${a.name}`,
          section: a.section,
          severity: r.held ? a.severity : 'info',
          title: r.held ? `Alert ${a.name} would be firing (${a.format(r.now)})` : `Alert ${a.name} would be pending (${a.format(r.now)})`,
          summary: `${a.name} (threshold ${a.op} ${a.format(a.threshold)}, for ${a.forMinutes}m, severity ${a.severity}) ${r.held ? `has held for at least ${a.forMinutes} minutes` : `is true now but has not held for ${a.forMinutes} minutes yet`}. See the matching finding of the diagnosis for causes and fixes.`,
          evidence: [promEv(a.value!, a.format(r.now), w), promEv(`${a.op === '>' ? 'min_over_time' : 'max_over_time'}((${a.value})[${a.forMinutes}m:1m])`, r.held ? 'held' : 'not held', `${a.forMinutes}m`)],
          actions: ['Follow the related finding in this report.'],
        }),
        evidenceOf: a.relatesTo,
      });
    });

    // ComponentHealthFailed: NativeLink is never scraped, so judge "down" from the collector target and fresh data.
    const [up, fresh] = await Promise.all([ctx.health('component-up').catch(() => undefined), ctx.health('data-freshness').catch(() => undefined)]);
    if (up?.status === 'critical') {
      const held = fresh?.status === 'critical' || /target .* is down/.test(up.display);
      out.push({
        ...finding({
          id: 'alert-rules/ComponentHealthFailed',
          section: 'Component Health Failed',
          severity: held ? 'critical' : 'info',
          title: `Alert ComponentHealthFailed would be ${held ? 'firing' : 'pending'} (${up.display})`,
          summary: 'Evaluated the way it can work with NativeLink: NativeLink pushes its metrics, so "component down" means the collector\'s scrape target is down or no NativeLink process reports any more.',
          evidence: [promEv(up.promql, up.display), ...(fresh ? [promEv(fresh.promql, fresh.display)] : [])],
          actions: ['See the "NativeLink metrics" finding of this report.'],
        }),
        evidenceOf: 'nativelink-metrics',
      });
    }

    // Where the guide's expressions, copied verbatim, misbehave on this server.
    const notes: string[] = [];
    const evidence = [];
    const all = ctx.sel(names, 'executionCompleted');
    if (all) {
      const success = ctx.sel(names, 'executionCompleted', { execution_result: 'success' })!;
      const asWritten = `1 - (sum(rate(${success}[5m])) / sum(rate(${all}[5m])))`;
      const v = await ctx.scalar(asWritten).catch(() => undefined);
      const real = results[0].now;
      if (v !== undefined && Number.isFinite(v) && v > 0.05 && real !== undefined && real <= 0.05) {
        notes.push(`HighExecutionErrorRate as written counts every non-success result as an error, including cancelled and cache-hit results where a version records them: it reads ${pct(v)} here while failures are ${pct(real)}. Compare execution_result="failure" with all results instead.`);
        evidence.push(promEv(asWritten, pct(v), '5m'));
      }
    }
    const upNl = await presence(ctx.scalar(`count(${selector('up', { job: 'nativelink' })})`));
    if (upNl === undefined) {
      notes.push('ComponentHealthFailed as written watches up{job="nativelink"}, which does not exist here: NativeLink pushes metrics through the collector and is never scraped, so the alert can never fire. Alert on the collector job\'s up and on absent(nativelink_target_info) instead.');
      evidence.push(promEv('count(up{job="nativelink"})', 'no series'));
    }
    const [hitRule, utilRule] = await Promise.all([
      presence(ctx.scalar('count(nativelink:cache_hit_rate)')),
      presence(ctx.scalar('count(nativelink:worker_utilization)')),
    ]);
    const missingRules = [hitRule === undefined ? 'nativelink:cache_hit_rate' : '', utilRule === undefined ? 'nativelink:worker_utilization' : ''].filter(Boolean);
    if (missingRules.length) {
      notes.push(`CacheMissRateHigh and WorkerUtilizationLow read recording rules; ${missingRules.join(' and ')} ${missingRules.length > 1 ? 'have' : 'has'} no series here (rules not loaded${reads ? '' : ', or no cache metrics'}), so those alerts stay silent. This diagnosis computed the values directly.`);
      for (const r of missingRules) evidence.push(promEv(`count(${r})`, 'no series'));
    }
    if (notes.length) {
      out.push(
        finding({
          id: 'alert-rules/as-written',
          section: SECTION,
          severity: 'info',
          title: 'Some of the guide\'s alert expressions would misbehave on this server',
          summary: notes.join(' '),
          evidence,
          actions: ['Adapt the alert expressions before loading them (see the notes above).'],
        }),
      );
    }
    return out.length ? out : 'passed';
  },
};
