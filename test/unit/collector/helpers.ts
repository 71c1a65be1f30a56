/**
 * Test helpers: parse YAML into the shared AST, run collector rules, apply fixes.
 * Uses the project's parser; while that is still a stub (returns no root for non-empty text),
 * a small yaml@2-based converter stands in so the collector tests stay runnable.
 */
import * as YAML from 'yaml';
import type { ASTNode } from '../../../server/src/parser/ast';
import { parseYaml } from '../../../server/src/parser/yaml';
import type { Finding, Rule, RuleContext } from '../../../server/src/service/rules';
import { defaultSettings, type Settings } from '../../../server/src/service/settings';
import { collectorRules } from '../../../server/src/collector/rules';
import { applyEdits } from '../../../server/src/collector/edits';

function convert(node: unknown, text: string, parent?: ASTNode): ASTNode {
  if (YAML.isMap(node)) {
    const [s, , e] = node.range ?? [0, 0, 0];
    const obj: ASTNode = { type: 'object', offset: s, length: trimEnd(text, s, e) - s, parent, children: [] };
    for (const pair of node.items) {
      const k = pair.key as YAML.Scalar;
      const [ks, ke] = k.range ?? [0, 0];
      const prop: ASTNode = { type: 'property', offset: ks, length: 0, parent: obj, children: [] };
      const key: ASTNode = { type: 'string', offset: ks, length: ke - ks, parent: prop, value: String(k.value), quoted: k.type !== 'PLAIN' };
      prop.children!.push(key);
      const colon = text.indexOf(':', ke);
      prop.colonOffset = colon;
      let end = ke;
      if (pair.value !== null && pair.value !== undefined) {
        const v = convert(pair.value, text, prop);
        prop.children!.push(v);
        end = v.length > 0 ? v.offset + v.length : Math.max(colon + 1, ke);
      } else end = colon + 1;
      prop.length = end - ks;
      obj.children!.push(prop);
    }
    return obj;
  }
  if (YAML.isSeq(node)) {
    const [s, , e] = node.range ?? [0, 0, 0];
    const arr: ASTNode = { type: 'array', offset: s, length: trimEnd(text, s, e) - s, parent, children: [] };
    for (const it of node.items) arr.children!.push(convert(it, text, arr));
    return arr;
  }
  const sc = node as YAML.Scalar;
  const [s, ve] = sc.range ?? [0, 0];
  const v = sc.value;
  const type = v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
  return { type, offset: s, length: ve - s, parent, value: v as string | number | boolean | null, quoted: sc.type === 'QUOTE_DOUBLE' || sc.type === 'QUOTE_SINGLE' };
}

function trimEnd(text: string, s: number, e: number): number {
  while (e > s && /\s/.test(text[e - 1])) e--;
  // drop trailing comment lines
  return e;
}

export function parse(text: string): ASTNode | undefined {
  const real = parseYaml(text);
  if (real.root || text.trim() === '') return real.root;
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  return doc.contents ? convert(doc.contents, text) : undefined;
}

export function usingFallbackParser(): boolean {
  return !parseYaml('a: 1').root;
}

export function settingsWith(extra: Partial<Settings['collector']> = {}): Settings {
  return { ...defaultSettings, collector: { ...defaultSettings.collector, ...extra } };
}

export function run(text: string, rules: Rule[] = collectorRules, settings: Settings = defaultSettings): Finding[] {
  const root = parse(text);
  const out: Finding[] = [];
  if (!root) return out;
  const ctx: RuleContext = { uri: 'file:///test.yaml', text, root, kind: 'collector', settings, report: (f) => out.push(f) };
  for (const r of rules) r.check(ctx);
  return out;
}

export function rangeOf(f: Finding): { offset: number; length: number } {
  if (f.range) return f.range;
  return { offset: f.node!.offset, length: f.node!.length };
}

export function textOf(text: string, f: Finding): string {
  const r = rangeOf(f);
  return text.slice(r.offset, r.offset + r.length);
}

export function byCode(fs: Finding[], code: string): Finding[] {
  return fs.filter((f) => f.code === code);
}

export function applyFix(text: string, f: Finding, index = 0): string {
  const fix = f.fixes?.[index];
  if (!fix) throw new Error(`finding ${f.code} has no fix #${index}`);
  return applyEdits(text, fix.edits);
}

export function errors(fs: Finding[]): Finding[] {
  return fs.filter((f) => f.severity === 'error');
}

/** y`...` – strips the common leading indentation so fixtures can be indented in test code. */
export function y(strings: TemplateStringsArray, ...vals: unknown[]): string {
  let s = strings.reduce((acc, str, i) => acc + str + (i < vals.length ? String(vals[i]) : ''), '');
  s = s.replace(/^\n/, '');
  const lines = s.split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(ind)).join('\n').replace(/[ \t]+$/, '');
}

function sig(f: Finding, text: string): string {
  return `${f.code}|${f.severity}|${f.message}|${textOf(text, f)}`;
}

/**
 * Applies fix #index of the first finding with `code` (optionally matching `pick`), re-parses and
 * re-runs all rules. Returns the new text and findings; throws when the problem is still there or a
 * new error-severity finding appeared.
 */
export function fixAndRecheck(
  text: string,
  code: string,
  pick: (f: Finding) => boolean = () => true,
  index = 0,
  settings: Settings = defaultSettings,
): { text: string; findings: Finding[]; finding: Finding } {
  const before = run(text, collectorRules, settings);
  const finding = before.find((f) => f.code === code && pick(f));
  if (!finding) throw new Error(`no ${code} finding in:\n${text}\n${before.map((f) => f.code + ': ' + f.message).join('\n')}`);
  const fixed = applyFix(text, finding, index);
  if (!parse(fixed)) throw new Error('fixed text does not parse');
  const after = run(fixed, collectorRules, settings);
  const sameProblem = after.filter((f) => f.code === code && f.message === finding.message);
  if (sameProblem.length >= before.filter((f) => f.code === code && f.message === finding.message).length) {
    throw new Error(`fix did not remove ${code}: ${finding.message}\n--- fixed text ---\n${fixed}`);
  }
  const beforeErrors = new Set(errors(before).map((f) => `${f.code}|${f.message}`));
  const newErrors = errors(after).filter((f) => !beforeErrors.has(`${f.code}|${f.message}`));
  if (newErrors.length) throw new Error(`fix introduced errors: ${newErrors.map((f) => sig(f, fixed)).join('; ')}\n--- fixed text ---\n${fixed}`);
  return { text: fixed, findings: after, finding };
}
