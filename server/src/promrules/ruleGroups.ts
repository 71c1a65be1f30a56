/**
 * Prometheus rule groups (`groups:` of a rule file, `spec.groups` of a PrometheusRule) checked as
 * `promtool check rules` does (`prometheus/prometheus@v3.14.0:model/rulefmt/rulefmt.go` Validate and
 * `cmd/promtool/main.go` checkDuplicates), plus the NativeLink checks of every `expr`.
 *
 * `checkRuleGroups(text, groupsNode, report)` is the entry for any host: it needs only the document text and the
 * AST node of the `groups` list. A rule file embedded in a ConfigMap entry (`data: {rules.yml: |…}`) plugs in
 * through the embedded-documents layer: parse the entry's content as YAML, call this function on the inner
 * `groups` node with the inner text, and shift the findings' offsets back into the host (the layer's job).
 */
import { valueOf, type ASTNode } from '../parser/ast';
import type { Family } from '../service/detect';
import type { Finding } from '../service/rules';
import { mapScalar } from '../promql/sourceMap';
import { checkExprNode } from './exprNode';
import { checkGoTemplate } from './goTemplate';

const RULEFMT = 'prometheus/prometheus@v3.14.0:model/rulefmt/rulefmt.go';
const DOCS = 'https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/';
const ALERT_DOCS = 'https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/';

/** Codes this module reports, with docs and upstream beside each. */
export const RULE_FILE_CHECKS = {
  'promrules/structure': { docs: DOCS, upstream: [RULEFMT] },
  'promrules/duration': { docs: DOCS, upstream: [RULEFMT, 'prometheus/common@v0.70.1:model/time.go'] },
  'promrules/template': { docs: ALERT_DOCS + '#templating', upstream: [RULEFMT] },
  'promrules/duplicate-rule': { docs: 'https://prometheus.io/docs/prometheus/latest/command-line/promtool/#promtool-check-rules', upstream: ['prometheus/prometheus@v3.14.0:cmd/promtool/main.go'] },
} as const;

const GROUP_KEYS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']);
const RULE_KEYS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
/** `model.ParseDuration`: units in descending order, each at most once; "0" alone is allowed. */
const DURATION = /^(?:0|(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?)$/;

export interface RuleEntry {
  group: string;
  /** 1-based, as promtool counts. */
  index: number;
  type: 'alert' | 'record';
  name: string;
  rule: ASTNode;
  expr?: ASTNode;
}

/** The rules of a `groups` list, for CodeLens and the live check. */
export function ruleEntries(groups: ASTNode | undefined): RuleEntry[] {
  const out: RuleEntry[] = [];
  if (groups?.type !== 'array') return out;
  for (const g of groups.children ?? []) {
    const rules = valueOf(g, 'rules');
    if (rules?.type !== 'array') continue;
    const group = String(valueOf(g, 'name')?.value ?? '');
    (rules.children ?? []).forEach((r, i) => {
      const alert = valueOf(r, 'alert')?.value;
      const record = valueOf(r, 'record')?.value;
      if (alert == null && record == null) return;
      out.push({ group, index: i + 1, type: alert != null ? 'alert' : 'record', name: String(alert ?? record), rule: r, expr: valueOf(r, 'expr') });
    });
  }
  return out;
}

/** A mapping's properties by key, read once per rule instead of one scan per lookup. */
function fields(obj: ASTNode): Map<string, ASTNode> {
  const m = new Map<string, ASTNode>();
  for (const p of obj.children ?? []) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string' && !m.has(k)) m.set(k, p);
  }
  return m;
}

const val = (f: Map<string, ASTNode>, key: string) => f.get(key)?.children?.[1];

function err(code: keyof typeof RULE_FILE_CHECKS, node: ASTNode, message: string, severity: Finding['severity'] = 'error'): Finding {
  return { code, severity, message, node, docs: RULE_FILE_CHECKS[code].docs };
}

export function checkRuleGroups(text: string, groups: ASTNode, report: (f: Finding) => void, family: Family = 'yaml'): void {
  if (groups.type !== 'array') {
    report(err('promrules/structure', groups, '"groups" must be a list of rule groups.'));
    return;
  }
  const recorded = new Set(ruleEntries(groups).filter((r) => r.type === 'record').map((r) => r.name));
  const seenGroups = new Set<string>();
  for (const g of groups.children ?? []) {
    if (g.type !== 'object') {
      report(err('promrules/structure', g, 'A rule group must be a mapping with "name" and "rules".'));
      continue;
    }
    unknownKeys(g, GROUP_KEYS, 'rule group', report);
    const nameNode = valueOf(g, 'name');
    const name = nameNode?.value == null ? '' : String(nameNode.value);
    if (!name) report(err('promrules/structure', nameNode ?? g, 'Groupname must not be empty'));
    else if (seenGroups.has(name)) report(err('promrules/structure', nameNode!, `groupname: "${name}" is repeated in the same file`));
    seenGroups.add(name);
    for (const key of ['interval', 'query_offset']) duration(valueOf(g, key), key, report);
    const limit = valueOf(g, 'limit');
    if (limit && !(limit.type === 'number' && Number.isInteger(limit.value))) report(err('promrules/structure', limit, '"limit" must be an integer.'));
    const groupLabels = valueOf(g, 'labels');
    labelNames(groupLabels, report);
    const rules = valueOf(g, 'rules');
    if (!rules) continue;
    if (rules.type !== 'array') {
      report(err('promrules/structure', rules, '"rules" must be a list.'));
      continue;
    }
    const byName = new Map<string, { id: ASTNode; labels?: ASTNode; index: number }[]>();
    (rules.children ?? []).forEach((r, i) => {
      if (r.type !== 'object') {
        report(err('promrules/structure', r, `group "${name}", rule ${i + 1}: a rule must be a mapping with "record" or "alert" and "expr".`));
        return;
      }
      const f = fields(r);
      checkRule(text, r, f, family, recorded, report);
      const id = val(f, 'alert') ?? val(f, 'record');
      if (id?.value == null) return;
      const list = byName.get(String(id.value)) ?? [];
      list.push({ id, labels: val(f, 'labels'), index: i + 1 });
      byName.set(String(id.value), list);
    });
    // promtool's duplicate lint: same name and the same labels (group labels merged under rule labels); expr is not compared.
    for (const [ruleName, list] of byName) {
      if (list.length < 2) continue;
      const seen = new Map<string, number>();
      for (const x of list) {
        const key = JSON.stringify(Object.entries({ ...plain(groupLabels), ...plain(x.labels) }).sort());
        const first = seen.get(key);
        if (first) report(err('promrules/duplicate-rule', x.id, `Duplicate rule "${ruleName}" with the same labels in this group (first at rule ${first}): promtool reports it as a lint error; the two would overwrite each other's series.`, 'warning'));
        else seen.set(key, x.index);
      }
    }
  }
}

function plain(node: ASTNode | undefined): Record<string, string> {
  const o: Record<string, string> = {};
  if (node?.type !== 'object') return o;
  for (const p of node.children ?? []) o[String(p.children?.[0]?.value)] = String(p.children?.[1]?.value ?? '');
  return o;
}

function unknownKeys(obj: ASTNode, known: Set<string>, what: string, report: (f: Finding) => void): void {
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && !known.has(String(k.value))) report(err('promrules/structure', k, `Unknown field "${String(k.value)}" in a ${what}: promtool rejects unknown fields (allowed: ${[...known].join(', ')}).`));
  }
}

function duration(node: ASTNode | undefined, key: string, report: (f: Finding) => void): void {
  if (!node) return;
  const s = node.value == null ? '' : String(node.value);
  if (!s || !DURATION.test(s)) report(err('promrules/duration', node, `"${key}": not a valid duration string: "${s}" (use units ms, s, m, h, d, w, y in that order, e.g. 5m or 1h30m).`));
}

function labelNames(labels: ASTNode | undefined, report: (f: Finding) => void): void {
  if (!labels) return;
  if (labels.type !== 'object') {
    report(err('promrules/structure', labels, '"labels" must be a mapping of label names to values.'));
    return;
  }
  for (const p of labels.children ?? []) {
    const k = p.children?.[0];
    if (k && (k.value === '__name__' || k.value === '')) report(err('promrules/structure', k, `invalid label name: ${String(k.value)}`));
  }
}

function checkRule(text: string, r: ASTNode, f: Map<string, ASTNode>, family: Family, recorded: Set<string>, report: (f: Finding) => void): void {
  unknownKeys(r, RULE_KEYS, 'rule', report);
  const alert = val(f, 'alert');
  const record = val(f, 'record');
  const alertName = alert?.value == null ? '' : String(alert.value);
  const recordName = record?.value == null ? '' : String(record.value);
  if (alertName && recordName) report(err('promrules/structure', f.get('record')!, "only one of 'record' and 'alert' must be set"));
  if (!alertName && !recordName) report(err('promrules/structure', alert ?? record ?? r, "one of 'record' or 'alert' must be set"));
  const expr = val(f, 'expr');
  if (!expr || expr.value == null || String(expr.value).trim() === '') report(err('promrules/structure', expr ?? r, "field 'expr' must be set in rule"));
  else checkExprNode(text, expr, family, { recorded }, report);
  if (recordName) {
    for (const key of ['annotations', 'for', 'keep_firing_for']) {
      const p = f.get(key);
      if (p && !(key === 'annotations' && (val(f, key)?.children ?? []).length === 0) && !(key !== 'annotations' && /^0+[a-z]*$/.test(String(val(f, key)?.value ?? '')))) {
        report(err('promrules/structure', p.children![0], `invalid field '${key}' in recording rule`));
      }
    }
    if (/[{}]/.test(recordName)) report(err('promrules/structure', record!, `braces present in the recording rule name; should it be in expr?: ${recordName}`));
  }
  for (const key of ['for', 'keep_firing_for']) duration(val(f, key), key, report);
  labelNames(val(f, 'labels'), report);
  const annotations = val(f, 'annotations');
  if (annotations && annotations.type !== 'object') report(err('promrules/structure', annotations, '"annotations" must be a mapping.'));
  if (alertName) {
    for (const [kind, node] of [['label', val(f, 'labels')], ['annotation', annotations]] as const) {
      for (const p of node?.type === 'object' ? node.children ?? [] : []) {
        const v = p.children?.[1];
        if (v?.type !== 'string' || typeof v.value !== 'string') continue;
        const e = checkGoTemplate(v.value);
        if (e) report({ ...err('promrules/template', v, `${kind} "${String(p.children?.[0]?.value)}": template: __alert_${alertName}: ${e.message}`), node: undefined, range: templateRange(text, v, family, e) });
      }
    }
  }
}

function templateRange(text: string, v: ASTNode, family: Family, e: { offset: number; length: number }): { offset: number; length: number } {
  const at = mapScalar(text, v, family)?.at ?? (() => v.offset);
  const from = at(e.offset);
  return { offset: from, length: Math.max(1, at(e.offset + e.length) - from) };
}
