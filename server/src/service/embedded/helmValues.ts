/**
 * A values file of the opentelemetry-collector chart: the user's `config:` (or `alternateConfig:`) with the
 * chart's contribution spliced in as Helm would coalesce it (see helmChart.ts), as one embedded collector
 * document. The user's lines keep their host positions; what we add is synthetic text at the end of the
 * mapping it extends, one `key: {json}` line per missing key, and a user `null` removes the key (Helm deletes
 * it). Where the user wrote a flow mapping that would need additions we decline the whole document rather
 * than check a config the chart would not render.
 */
import { toValue, type ASTNode } from '../../parser/ast';
import { parseYaml } from '../../parser/yaml';
import { chartBase, yamlLine, type Json } from './helmChart';
import { lineIndex, lineStarts, type EmbeddedText } from './blockText';
import { MappedTextBuilder } from './offsetMap';

interface Splice {
  at: number;
  /** Characters removed from `at` (a deleted `key: null` line keeps its line break). */
  remove: number;
  insert: string;
}

/**
 * `subchart`: the values sit under the dependency's key in a parent chart, where a `null` does not remove a
 * chart default (Helm PR 12879, cited by the chart's values.yaml comment above `alternateConfig` at 0.170.0).
 */
export function withChartDefaults(user: EmbeddedText, values: Record<string, unknown>, alternate: boolean, subchart = false): EmbeddedText | undefined {
  const parsed = parseYaml(user.text);
  const root = parsed.root;
  const base = chartBase(values, alternate, toValue(root));
  if (!Object.keys(base).length) return user;
  if (parsed.errors.length || root?.type !== 'object') return undefined;
  const starts = lineStarts(user.text);
  const splices: Splice[] = [];
  if (!merge(user.text, starts, root, base, splices, subchart)) return undefined;
  splices.sort((a, b) => a.at - b.at || b.remove - a.remove);
  const b = new MappedTextBuilder('');
  let pos = 0;
  for (const s of splices) {
    if (s.at < pos) return undefined;
    b.mapped(user.text, user.map, pos, s.at);
    b.add(s.insert);
    pos = s.at + s.remove;
  }
  b.mapped(user.text, user.map, pos, user.text.length);
  return { ...b.build(), indent: user.indent };
}

/** End of the line holding a node's last character (a node's range may end after its line break). */
function lineEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  const nl = text.indexOf('\n', Math.max(start, e - 1));
  return nl < 0 ? text.length : nl;
}

/** Coalesces `defaults` under the user's block mapping `obj`; false when that needs a change we cannot make in text. */
function merge(text: string, starts: number[], obj: ASTNode, defaults: { [k: string]: Json }, out: Splice[], subchart: boolean): boolean {
  if (text[obj.offset] === '{') return false;
  const props = obj.children ?? [];
  const col = obj.offset - starts[lineIndex(starts, obj.offset)];
  const missing: string[] = [];
  for (const [key, dv] of Object.entries(defaults)) {
    const p = props.find((x) => x.children?.[0]?.value === key);
    if (!p) {
      missing.push(yamlLine(key, dv));
      continue;
    }
    const uv = p.children?.[1];
    if (!uv || uv.type === 'null') {
      // Helm deletes a key the user set to null: take the line out, keep the line break.
      const from = starts[lineIndex(starts, p.offset)];
      out.push({ at: from, remove: lineEnd(text, p.offset, p.offset + p.length) - from, insert: '' });
      if (subchart) missing.push(yamlLine(key, dv)); // the default survives a subchart's null
      continue;
    }
    if (uv.type === 'object' && dv && typeof dv === 'object' && !Array.isArray(dv)) {
      if (!merge(text, starts, uv, dv, out, subchart)) return false;
    }
    // Scalars and lists: the user's value replaces the default whole.
  }
  if (missing.length) {
    const last = props[props.length - 1];
    const at = last ? lineEnd(text, last.offset, last.offset + last.length) : lineEnd(text, obj.offset, obj.offset + obj.length);
    out.push({ at, remove: 0, insert: missing.map((l) => `\n${' '.repeat(col)}${l}`).join('') });
  }
  return true;
}
