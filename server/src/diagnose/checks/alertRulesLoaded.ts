/** Alert Rules: does the Prometheus server have the guide's alerts loaded, and do they evaluate without errors? */
import { nl, prom } from '../../cluster/upstream';
import { sectionDocs } from '../guide';
import { PromError } from '../../cluster/prometheus';
import type { RuleInfo } from '../../cluster/types';
import type { DiagnoseCheck, Finding } from '../types';
import { finding, lv } from '../util';
import { lookupSeries, TARGET_INFO } from '../../metrics/instruments';
import { checkNativeLinkExpr } from '../../promql/nativelinkChecks';
import { parsePromQL, type ParsedPromQL, type Selector } from '../../promql/parse';

const SECTION = 'Alert Rules';

/**
 * Loaded rules' expressions are read with the rule-file PromQL parser (promql/parse.ts, Prometheus' own grammar):
 * what an alert watches is its selectors' metric names and label matchers, never a text search of the query.
 * An expression that does not parse watches nothing we can name.
 */
function selectorsOf(parsed: ParsedPromQL | undefined): Selector[] {
  return parsed && !parsed.errors.length ? parsed.selectors : [];
}

/** A selector of this NativeLink instrument in any spelling the instrument table knows (suffixes, prefix), or a name containing `part`. */
const reads = (sels: Selector[], otel: string, part: RegExp) => sels.some((s) => !!s.name && (lookupSeries(s.name)?.inst.otel === otel || part.test(s.name)));
const named = (sels: Selector[], re: RegExp) => sels.some((s) => !!s.name && re.test(s.name));
/** A positive matcher (`=`, `=~`) on `label` whose value matches `value`. */
const matches = (sels: Selector[], label: string, value: RegExp) => sels.some((s) => s.matchers.some((m) => m.label === label && (m.op === '=' || m.op === '=~') && value.test(m.value)));

/** The guide's five alerts, recognised by name or by what their expression watches (operators reword them). */
const GUIDE_ALERTS: Array<{ name: string; re: RegExp; expr: (sels: Selector[]) => boolean }> = [
  { name: 'HighExecutionErrorRate', re: /error.?rate|execution.?fail/i, expr: (s) => reads(s, 'execution.completed.count', /execution_completed/) && matches(s, 'execution_result', /failure|success/) },
  { name: 'CacheMissRateHigh', re: /cache.?miss|cache.?hit/i, expr: (s) => named(s, /cache_hit/) || matches(s, 'cache_operation_result', /^hit$/) },
  { name: 'QueueBacklog', re: /queue.?backlog|queue.?depth/i, expr: (s) => named(s, /queue_depth/) || matches(s, 'execution_stage', /^queued$/) },
  { name: 'WorkerUtilizationLow', re: /worker.?utili[sz]ation|workers?.?under.?used|idle.?workers/i, expr: (s) => named(s, /worker_utilization/) || reads(s, 'worker.connected.count', /worker_connected/) },
  {
    name: 'ComponentHealthFailed',
    re: /component.?(health|down)|nativelink.?down|metrics.?absent/i,
    expr: (s) => s.some((x) => x.name === 'up' || (x.name === TARGET_INFO && (x.consumer === 'absent' || x.consumer === 'absent_over_time'))),
  },
];

/**
 * About NativeLink: by its name, a series of a NativeLink instrument (in any spelling, the bare one of direct OTLP
 * ingestion too) or a `nativelink` recording rule, or a matcher value naming it (`job="nativelink"`).
 */
function aboutNativeLink(name: string, sels: Selector[]): boolean {
  return /nativelink/i.test(name) || sels.some((s) => (!!s.name && (/nativelink/i.test(s.name) || !!lookupSeries(s.name))) || s.matchers.some((m) => /nativelink/i.test(m.value)));
}

/**
 * A selector of a recording rule that is not loaded, of up{job="nativelink"} (NativeLink is never scraped), or of
 * a metric NativeLink v1.6.6 never emits, outside absent(), matches nothing.
 */
function cannotFire(parsed: ParsedPromQL | undefined, records: ReadonlySet<string>): boolean {
  if (!parsed || parsed.errors.length) return false;
  const neverEmitted = new Set(checkNativeLinkExpr(parsed).filter((f) => f.code === 'nativelink/metric-never-emitted').map((f) => f.from));
  return parsed.selectors.some((sel) => {
    if (!sel.name || sel.consumer === 'absent' || sel.consumer === 'absent_over_time') return false;
    if (sel.name.startsWith('nativelink:') && !records.has(sel.name)) return true;
    if (sel.name === 'up' && sel.matchers.some((m) => m.label === 'job' && m.op === '=' && m.value === 'nativelink')) return true;
    return !!sel.nameSpan && neverEmitted.has(sel.nameSpan.from);
  });
}

export const alertRulesLoaded: DiagnoseCheck = {
  id: 'alert-rules-loaded',
  section: SECTION,
  title: 'Prometheus has the guide\'s alerts loaded',
  docs: sectionDocs(SECTION),
  upstream: [nl('deployment-examples/metrics/kubernetes/prometheus.yaml'), prom('web/api/v1/api.go')],
  async run(ctx) {
    if (!ctx.client.rules) return { skipped: 'This connection cannot read /api/v1/rules.' };
    let groups;
    try {
      groups = await ctx.client.rules({ signal: ctx.signal });
    } catch (e) {
      // A missing endpoint (404, HTML page) means "no rules API"; an answer in the wrong format is a failure.
      if (e instanceof PromError && e.kind === 'not-prometheus' && e.code !== 'bad-shape') return { skipped: 'This server does not serve /api/v1/rules (e.g. Grafana Cloud, Mimir without ruler).' };
      throw e;
    }
    const rules: RuleInfo[] = groups.flatMap((g) => g.rules ?? []);
    const parsed = new Map<RuleInfo, ParsedPromQL>();
    for (const r of rules) if (typeof r.query === 'string') parsed.set(r, parsePromQL(r.query));
    const sels = (r: RuleInfo) => selectorsOf(parsed.get(r));
    const alerts = rules.filter((r) => r.type === 'alerting');
    const records = new Set(rules.filter((r) => r.type === 'recording').map((r) => r.name));
    const nlAlerts = alerts.filter((r) => aboutNativeLink(r.name, sels(r)));
    const url = `${ctx.prometheusUrl.replace(/\/+$/, '')}/api/v1/rules`;
    const out: Finding[] = [];
    const missing = GUIDE_ALERTS.filter((g) => !nlAlerts.some((r) => g.re.test(r.name) || g.expr(sels(r))));
    if (missing.length) {
      out.push(
        finding({
          id: 'alert-rules-loaded/missing',
          section: SECTION,
          severity: 'info',
          title: missing.length === GUIDE_ALERTS.length ? 'None of the guide\'s NativeLink alerts are loaded' : `${missing.length} of the guide's NativeLink alerts are not loaded`,
          summary: `Prometheus has no alerting rule for ${missing.map((m) => m.name).join(', ')}, so nobody is paged when these conditions occur. This report evaluated them once; alerts watch continuously.`,
          evidence: [{ kind: 'http', url, value: `${alerts.length} alerting rules loaded, ${nlAlerts.length} about NativeLink` }],
          actions: ['Add the missing alerts to a rule file listed under rule_files in the Prometheus config and reload Prometheus (adapt the expressions; see the alert-expression notes of this report).'],
        }),
      );
    }
    const broken = rules.filter((r) => r.health === 'err' && aboutNativeLink(r.name, sels(r)));
    if (broken.length) {
      out.push(
        finding({
          id: 'alert-rules-loaded/errors',
          section: SECTION,
          severity: 'warning',
          title: `${broken.length} NativeLink rule${broken.length > 1 ? 's fail' : ' fails'} to evaluate`,
          summary: 'Prometheus reports evaluation errors for these rules, so they never produce data or alerts.',
          evidence: broken.slice(0, 5).map((r) => ({ kind: 'http' as const, url, value: `${lv(r.name)}: ${lv(r.lastError ?? 'error')}` })),
          actions: ['Fix the rule expressions (often a many-to-many match or a metric name that does not exist) and reload Prometheus.'],
        }),
      );
    }
    const deaf = nlAlerts.filter((r) => cannotFire(parsed.get(r), records));
    if (deaf.length) {
      out.push(
        finding({
          id: 'alert-rules-loaded/cannot-fire',
          section: SECTION,
          severity: 'warning',
          title: `${deaf.length} loaded NativeLink alert${deaf.length > 1 ? 's' : ''} can never fire`,
          summary: 'These alerts read recording rules that are not loaded, metrics NativeLink never emits, or up{job="nativelink"}, a series that never exists because NativeLink pushes its metrics instead of being scraped.',
          evidence: deaf.slice(0, 5).map((r) => ({ kind: 'http' as const, url, value: `${lv(r.name)}: ${lv(r.query.replace(/\s+/g, ' '))}` })),
          actions: ['Load the recording rules the alerts use, and watch the collector\'s scrape job (or absent(nativelink_target_info)) instead of up{job="nativelink"}.'],
        }),
      );
    }
    return out.length ? out : 'passed';
  },
};
