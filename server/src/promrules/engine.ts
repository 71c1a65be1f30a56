/**
 * The third document kind, "promrules": Prometheus rule files (`groups:`), Prometheus Operator `PrometheusRule`
 * resources (`spec.groups`) and Grafana dashboards (PromQL of their targets only). No schema: the structure checks
 * are promtool's (./ruleGroups), the rest is PromQL.
 */
import { findNodeAtOffset, valueOf, type ASTNode } from '../parser/ast';
import { instrumentDocs, labelFor, lookupSeries, promKind } from '../metrics/instruments';
import { parsePromQL } from '../promql/parse';
import type { Family } from '../service/detect';
import type { LanguageEngine } from '../service/engine';
import { escapeMarkdown } from '../service/markdown';
import type { Rule } from '../service/rules';
import { EXPR_CHECKS } from '../promql/nativelinkChecks';
import { checkDashboard, dashboardTargets, isDashboard } from './dashboard';
import { exprSource, withoutGrafanaVariables } from './exprNode';
import { RULE_FILE_CHECKS, checkRuleGroups, ruleEntries } from './ruleGroups';

/** The `groups` list of a rule file or of a PrometheusRule resource. */
export function ruleGroupsNode(root: ASTNode | undefined): ASTNode | undefined {
  if (root?.type !== 'object') return undefined;
  if (isPrometheusRule(root)) return valueOf(valueOf(root, 'spec'), 'groups');
  return valueOf(root, 'groups');
}

export function isPrometheusRule(root: ASTNode | undefined): boolean {
  const api = valueOf(root, 'apiVersion')?.value;
  return valueOf(root, 'kind')?.value === 'PrometheusRule' && typeof api === 'string' && api.startsWith('monitoring.coreos.com/');
}

/** A standalone rule file: `groups` is a list whose entries hold `rules` (or it is still being typed). */
export function isRuleFile(root: ASTNode | undefined): boolean {
  if (root?.type !== 'object') return false;
  if (isPrometheusRule(root)) return true;
  const groups = valueOf(root, 'groups');
  if (groups?.type !== 'array') return false;
  const keys = (root.children ?? []).map((p) => p.children?.[0]?.value);
  return keys.length === 1 && (groups.children ?? []).every((g) => g.type === 'object' && (!!valueOf(g, 'rules') || !!valueOf(g, 'name')));
}

const checkAll: Rule = {
  id: 'promrules/check',
  docs: 'https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/',
  description: 'Rule structure as promtool checks it, PromQL syntax, and what NativeLink v1.6.6 really emits.',
  upstream: [...new Set([...Object.values(RULE_FILE_CHECKS), ...Object.values(EXPR_CHECKS)].flatMap((c) => c.upstream))],
  check(ctx) {
    const family: Family = /^\s*[{[]/.test(ctx.text) ? 'json5' : 'yaml';
    if (family === 'json5') {
      if (isDashboard(ctx.root)) checkDashboard(ctx.text, ctx.root, ctx.report);
      return;
    }
    const groups = ruleGroupsNode(ctx.root);
    if (groups) checkRuleGroups(ctx.text, groups, ctx.report, family);
  },
} as Rule;

/** Every PromQL scalar of the document, with how to read it. */
export function exprNodes(root: ASTNode | undefined, family: Family): { node: ASTNode; grafana: boolean; label: string }[] {
  if (family === 'json5') return root && isDashboard(root) ? dashboardTargets(root).map((t) => ({ node: t.expr, grafana: true, label: t.panel })) : [];
  return ruleEntries(ruleGroupsNode(root)).flatMap((r) => (r.expr ? [{ node: r.expr, grafana: false, label: r.name }] : []));
}

/** Hover on a metric name inside an expression: the NativeLink instrument behind it. */
export function promqlHover(root: ASTNode, text: string, offset: number): { markdown: string; offset: number; length: number } | undefined {
  const family: Family = /^\s*[{[]/.test(text) ? 'json5' : 'yaml';
  const hit = findNodeAtOffset(root, offset, true);
  const target = exprNodes(root, family).find((e) => e.node === hit);
  if (!target) return undefined;
  const src = exprSource(text, target.node, family);
  if (!src?.exact) return undefined;
  const parsed = parsePromQL(target.grafana ? withoutGrafanaVariables(src.value) : src.value);
  for (const sel of parsed.selectors) {
    if (!sel.name || !sel.nameSpan) continue;
    const from = src.at(sel.nameSpan.from);
    const to = src.at(sel.nameSpan.to);
    if (offset < from || offset > to) continue;
    const m = lookupSeries(sel.name);
    if (!m) return undefined;
    const i = m.inst;
    const lines = [
      `**${escapeMarkdown(sel.name)}** — NativeLink instrument \`${i.otel}\``,
      '',
      escapeMarkdown(i.description),
      '',
      `- Kind: OTel ${i.kind}, a Prometheus ${promKind(i, m.part)}${m.part !== 'value' ? ` (the \`_${m.part}\` series of a histogram)` : ''}`,
      `- Unit: ${i.unit ? `\`${i.unit}\`` : 'none'}`,
      `- Labels: ${i.attributes.length ? i.attributes.map((a) => `\`${labelFor(a)}\`${i.values?.[a] ? ` (${i.values[a].join(', ')})` : ''}`).join(', ') : 'none besides resource labels'}`,
      `- Recorded: ${i.emitted ? escapeMarkdown(i.where) : '**never** (declared in metrics.rs, no call site)'}`,
    ];
    if (m.correct) lines.push(`- Default collector spelling: \`${m.correct}\``);
    lines.push('', `[NativeLink metrics reference](${instrumentDocs(i)})`);
    return { markdown: lines.join('\n'), offset: from, length: to - from };
  }
  return undefined;
}

export const promRulesEngine: LanguageEngine = {
  kind: 'promrules',
  schema: {},
  rules: [checkAll],
  grammars: {},
  symbols: () => ({ definitions: [], references: [] }),
  hover: promqlHover,
};
