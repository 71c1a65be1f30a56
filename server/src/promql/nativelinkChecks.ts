/**
 * What NativeLink knowledge says about one PromQL expression: names it never emits, spellings the collector does
 * not produce, labels and label values it never records, counters read without rate() and rate() of gauges.
 * Offsets are into the expression; `checkExprAt` in ./exprFindings maps them into the document.
 */
import { ATTRIBUTE_LABELS, TARGET_INFO, instrumentDocs, labelFor, lookupSeries, promKind, type Instrument, type SeriesMatch } from '../metrics/instruments';
import type { Severity } from '../service/rules';
import type { ParsedPromQL, Selector, Span } from './parse';

export interface ExprFinding extends Span {
  code: string;
  severity: Severity;
  message: string;
  docs: string;
  upstream: string[];
  fix?: { title: string; span: Span; newText: string };
  /** The unknown metric name of a never-emitted finding: a recording rule of the same file may define it. */
  unknownName?: string;
}

const REFERENCE = 'https://docs.nativelink.com/reference/metrics';
const TRANSLATOR = 'open-telemetry/opentelemetry-collector-contrib@v0.159.0:pkg/translator/prometheus/README.md';
/** Functions whose result does not depend on a counter's reset-prone absolute value. */
const COUNTER_SAFE = new Set(['absent', 'count', 'group', 'timestamp', 'count_values']);
const RATE_FUNCS = new Set(['rate', 'irate', 'increase', 'resets']);

export interface ExprContext {
  /** Names recorded by rules in the same file: never "not emitted". */
  recorded?: ReadonlySet<string>;
}

/** Catalogue of the check codes: docs link and upstream evidence beside each (see the preamble's convention). */
export const EXPR_CHECKS = {
  'promql/syntax': { docs: 'https://prometheus.io/docs/prometheus/latest/querying/basics/', upstream: ['prometheus/prometheus@v3.14.0:web/ui/module/lezer-promql/src/promql.grammar'] },
  'nativelink/metric-never-emitted': { docs: `${REFERENCE}#declared-but-never-emitted`, upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs'] },
  'nativelink/metric-spelling': { docs: `${REFERENCE}#how-an-instrument-becomes-a-prometheus-series`, upstream: [TRANSLATOR, 'open-telemetry/opentelemetry-collector-contrib@v0.159.0:exporter/prometheusexporter/collector.go'] },
  'nativelink/label-never-carried': { docs: `${REFERENCE}#attributes`, upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs'] },
  'nativelink/label-value-never-recorded': { docs: `${REFERENCE}#attributes`, upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs'] },
  'nativelink/counter-without-rate': { docs: 'https://prometheus.io/docs/prometheus/latest/querying/functions/#rate', upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs', 'prometheus/prometheus@v3.14.0:util/annotations/annotations.go'] },
  'nativelink/rate-of-gauge': { docs: 'https://prometheus.io/docs/prometheus/latest/querying/functions/#deriv', upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs', TRANSLATOR] },
} as const;

type Code = keyof typeof EXPR_CHECKS;

function make(code: Code, severity: Severity, span: Span, message: string, extra: Partial<ExprFinding> = {}): ExprFinding {
  return { code, severity, message, from: span.from, to: span.to, docs: EXPR_CHECKS[code].docs, upstream: [...EXPR_CHECKS[code].upstream], ...extra };
}

export function checkNativeLinkExpr(p: ParsedPromQL, ctx: ExprContext = {}): ExprFinding[] {
  // Like promtool, an expression that does not parse gets its syntax errors and nothing else.
  if (p.errors.length) return p.errors.map((e) => make('promql/syntax', 'error', e, e.message));
  const out: ExprFinding[] = [];
  const known: { sel: Selector; match: SeriesMatch }[] = [];
  for (const sel of p.selectors) {
    if (!sel.name || !sel.nameSpan) continue;
    const match = lookupSeries(sel.name);
    if (!match) {
      if (/^nativelink_/.test(sel.name) && sel.name !== TARGET_INFO && !ctx.recorded?.has(sel.name)) {
        out.push(make('nativelink/metric-never-emitted', 'warning', sel.nameSpan, `NativeLink v1.6.6 has no instrument that becomes "${sel.name}": this selector matches nothing, so a rule on it never has data.`, { unknownName: sel.name }));
      }
      continue;
    }
    known.push({ sel, match });
    const inst = match.inst;
    if (!inst.emitted) {
      out.push(make('nativelink/metric-never-emitted', 'warning', sel.nameSpan, `"${sel.name}" comes from the instrument "${inst.otel}", which NativeLink v1.6.6 declares but never records (${inst.where}): this selector never has data.`, { docs: instrumentDocs(inst), upstream: inst.upstream }));
    } else if (match.correct) {
      const bare = !sel.name.startsWith('nativelink_');
      out.push(
        make('nativelink/metric-spelling', bare ? 'information' : 'warning', sel.nameSpan, `The collector's default Prometheus translation spells "${inst.otel}" as "${match.correct}", not "${sel.name}": ${match.reason}.${bare ? ' (Without the prefix this is right only for direct OTLP ingestion into Prometheus.)' : ''}`, {
          fix: { title: `Change to ${match.correct}`, span: sel.nameSpan, newText: needsQuotes(sel) ? JSON.stringify(match.correct) : match.correct },
        }),
      );
    }
    checkLabels(sel, inst, out);
    checkUse(sel, match, out);
  }
  checkGrouping(p, known, out);
  return out;
}

function needsQuotes(sel: Selector): boolean {
  return !!sel.nameSpan && sel.nameSpan.from !== sel.from && sel.nameSpan.from > sel.from; // quoted `{"name"}` form
}

function checkLabels(sel: Selector, inst: Instrument, out: ExprFinding[]): void {
  const carried = new Map(inst.attributes.map((a) => [labelFor(a), a]));
  for (const m of sel.matchers) {
    const attr = carried.get(m.label);
    if (!attr) {
      // Resource, const and scrape labels (job, instance_name, service_*, …) ride on every series: only a NativeLink
      // attribute this instrument does not carry is certainly absent.
      if (ATTRIBUTE_LABELS.has(m.label) && (m.op === '=' || m.op === '=~') && m.value !== '' && !/^\.\*$/.test(m.value)) {
        out.push(make('nativelink/label-never-carried', 'warning', m.labelSpan, `"${inst.otel}" is never recorded with "${m.label}" (its labels: ${[...carried.keys()].join(', ') || 'none'}), so this matcher matches nothing.`, { docs: instrumentDocs(inst), upstream: inst.upstream }));
      }
      continue;
    }
    const allowed = inst.values?.[attr];
    if (!allowed || (m.op !== '=' && m.op !== '=~')) continue;
    const wanted = m.op === '=' ? [m.value] : literalAlternatives(m.value);
    if (!wanted) continue;
    const missing = wanted.filter((v) => !allowed.includes(v));
    if (!missing.length) continue;
    const note = inst.valueNotes?.[attr];
    const all = missing.length === wanted.length;
    out.push(
      make('nativelink/label-value-never-recorded', all ? 'warning' : 'information', m.valueSpan, `NativeLink v1.6.6 never records ${m.label}=${missing.map((v) => JSON.stringify(v)).join(' or ')} on "${inst.otel}" (recorded: ${allowed.map((v) => JSON.stringify(v)).join(', ')})${note ? `; ${note}` : ''}.${all ? ' This matcher matches nothing.' : ''}`, { docs: instrumentDocs(inst), upstream: inst.upstream }),
    );
  }
}

/** `a|b|c` of plain words; undefined for any other regular expression. */
function literalAlternatives(re: string): string[] | undefined {
  return /^[A-Za-z0-9_]+(\|[A-Za-z0-9_]+)*$/.test(re) ? re.split('|') : undefined;
}

function checkUse(sel: Selector, match: SeriesMatch, out: ExprFinding[]): void {
  const kind = promKind(match.inst, match.part);
  const span = sel.nameSpan ?? sel;
  if (kind === 'counter' && !sel.range && !sel.inSubquery && !(sel.consumer && COUNTER_SAFE.has(sel.consumer))) {
    out.push(make('nativelink/counter-without-rate', 'warning', span, `"${sel.name}" is a counter (${match.part === 'value' ? `OTel ${match.inst.kind}` : `the ${match.part} of a histogram`}): its raw value is a running total since the NativeLink process started and resets on restart. Use rate() or increase() over a range, e.g. rate(${sel.name}[5m]).`, { docs: EXPR_CHECKS['nativelink/counter-without-rate'].docs }));
  }
  if (kind === 'gauge' && sel.range && sel.consumer && RATE_FUNCS.has(sel.consumer)) {
    out.push(make('nativelink/rate-of-gauge', 'warning', span, `${sel.consumer}() expects a counter, but "${sel.name}" is a gauge (OTel ${match.inst.kind} "${match.inst.otel}"): its drops are read as counter resets. Use deriv() or delta() for a gauge's change.`));
  }
}

function checkGrouping(p: ParsedPromQL, known: { sel: Selector; match: SeriesMatch }[], out: ExprFinding[]): void {
  for (const g of p.grouping) {
    if (!ATTRIBUTE_LABELS.has(g.label)) continue;
    const inside = known.filter((k) => k.sel.from >= g.scope.from && k.sel.to <= g.scope.to);
    // Only when every selector under the aggregation is a NativeLink instrument and none carries the label.
    if (!inside.length || inside.length !== p.selectors.filter((s) => s.from >= g.scope.from && s.to <= g.scope.to).length) continue;
    if (inside.some((k) => k.match.inst.attributes.map(labelFor).includes(g.label))) continue;
    const insts = [...new Set(inside.map((k) => k.match.inst.otel))];
    out.push(make('nativelink/label-never-carried', 'warning', g, `by (${g.label}) groups nothing: ${insts.map((i) => `"${i}"`).join(' and ')} ${insts.length > 1 ? 'are' : 'is'} never recorded with "${g.label}", so every result has it empty.`));
  }
}
