/**
 * A string value's characters mapped back to document offsets, so an error at column 16 of an `expr` lands on the
 * right character whether the expression was a plain, quoted or block YAML scalar, or a JSON string.
 *
 * The decoder follows YAML 1.2 folding (flow scalars: a line break becomes a space, an empty line a newline;
 * block scalars: indentation stripped, `>` folds, chomping indicators) and JSON escapes. Its result is compared
 * with the parser's decoded value: on any mismatch the map degrades to "everything at the scalar's start", which
 * is imprecise but never wrong about which scalar is meant.
 */
import type { ASTNode } from '../parser/ast';

export interface MappedString {
  value: string;
  /** Document offset of character `i` of `value`; `at(value.length)` is the end of the scalar's content. */
  at(i: number): number;
  /** True when the mapping is exact (the decoder agreed with the parser). */
  exact: boolean;
}

export function mapScalar(text: string, node: ASTNode, family: 'yaml' | 'json5'): MappedString | undefined {
  if (node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const raw = text.slice(node.offset, node.offset + node.length);
  const value = node.value;
  let decoded: { chars: string[]; offs: number[] } | undefined;
  try {
    const c = raw[0];
    if (family === 'yaml' && (c === '|' || c === '>')) decoded = blockScalar(raw);
    else if (c === '"') decoded = flowScalar(raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined), 1, family === 'yaml' ? 'double' : 'json');
    else if (c === "'") decoded = flowScalar(raw.slice(1, raw.endsWith("'") && raw.length > 1 ? -1 : undefined), 1, family === 'yaml' ? 'single' : 'json-single');
    else decoded = flowScalar(raw, 0, family === 'yaml' ? 'plain' : 'json');
  } catch {
    decoded = undefined;
  }
  const base = node.offset;
  if (decoded && decoded.chars.join('') === value) {
    const offs = decoded.offs;
    const end = base + raw.length;
    return { value, exact: true, at: (i) => (i < offs.length ? base + offs[i] : offs.length ? Math.min(end, base + offs[offs.length - 1] + 1) : base) };
  }
  return { value, exact: false, at: () => base };
}

type FlowStyle = 'plain' | 'double' | 'single' | 'json' | 'json-single';

const YAML_ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };
const JSON5_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };

function flowScalar(body: string, shift: number, style: FlowStyle): { chars: string[]; offs: number[] } {
  const chars: string[] = [];
  const offs: number[] = [];
  const push = (s: string, at: number) => {
    for (const ch of s) {
      chars.push(ch);
      offs.push(at + shift);
      if (ch.length === 2) (chars.push(''), offs.push(at + shift)); // keep UTF-16 indexing for astral chars
    }
  };
  const yaml = style === 'plain' || style === 'double' || style === 'single';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (yaml && (ch === '\n' || ch === '\r')) {
      // Fold: trailing spaces before the break go, leading spaces after go; n empty lines give n newlines, none a space.
      while (chars.length && (chars[chars.length - 1] === ' ' || chars[chars.length - 1] === '\t') && offs[offs.length - 1] - shift < i && !escapedSpace(body, offs[offs.length - 1] - shift)) (chars.pop(), offs.pop());
      let breaks = 0;
      let j = i;
      while (j < body.length && /[\n\r \t]/.test(body[j])) {
        if (body[j] === '\n') breaks++;
        j++;
      }
      if (style === 'double' && i > 0 && body[i - 1] === '\\') {
        // An escaped line break joins without a space.
      } else if (breaks <= 1) push(' ', i);
      else for (let k = 1; k < breaks; k++) push('\n', i);
      i = j - 1;
      continue;
    }
    if (style === 'single' && ch === "'" && body[i + 1] === "'") {
      push("'", i);
      i++;
      continue;
    }
    if ((style === 'double' || style === 'json' || style === 'json-single') && ch === '\\') {
      const e = body[i + 1];
      if (style === 'double' && (e === '\n' || e === '\r')) {
        i++;
        while (i + 1 < body.length && /[ \t\n\r]/.test(body[i + 1])) i++;
        continue;
      }
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' && style === 'double' ? 8 : 0;
      if (hex) {
        push(String.fromCodePoint(parseInt(body.slice(i + 2, i + 2 + hex), 16)), i);
        i += 1 + hex;
        continue;
      }
      const table = style === 'double' ? YAML_ESCAPES : JSON5_ESCAPES;
      push(table[e] ?? e, i);
      i++;
      continue;
    }
    push(ch, i);
  }
  return { chars, offs };
}

function escapedSpace(body: string, at: number): boolean {
  return at > 0 && body[at - 1] === '\\';
}

/** `|`/`>` scalars with optional indentation and chomping indicators (in either order). */
function blockScalar(raw: string): { chars: string[]; offs: number[] } {
  const headerEnd = raw.indexOf('\n');
  if (headerEnd < 0) return { chars: [], offs: [] };
  const header = raw.slice(0, headerEnd).replace(/\s+#.*$/, '').trim();
  const folded = header[0] === '>';
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const lines: { start: number; text: string }[] = [];
  let pos = headerEnd + 1;
  while (pos <= raw.length) {
    const nl = raw.indexOf('\n', pos);
    const end = nl < 0 ? raw.length : nl;
    lines.push({ start: pos, text: raw.slice(pos, end).replace(/\r$/, '') });
    if (nl < 0) break;
    pos = nl + 1;
    if (pos === raw.length) break; // a final line break ends the last line; it does not start another
  }
  // An explicit indentation indicator is relative to the parent's indentation, which is not known here; the
  // first content line gives the same answer for every expression we have seen, and the value check catches the rest.
  const first = lines.find((l) => l.text.trim());
  const indent = first ? first.text.length - first.text.trimStart().length : 0;
  const chars: string[] = [];
  const offs: number[] = [];
  const content = lines.map((l) => ({ lineStart: l.start, start: l.start + Math.min(indent, l.text.length), text: l.text.slice(indent), empty: !l.text.trim() }));
  // Trailing empty lines belong to chomping, not content.
  let last = content.length - 1;
  while (last >= 0 && content[last].empty) last--;
  let prevMore = false;
  let seenBeforePrev = false;
  for (let k = 0; k <= last; k++) {
    const l = content[k];
    seenBeforePrev = k >= 2 && (seenBeforePrev || !content[k - 2].empty);
    const more = !l.empty && /^[ \t]/.test(l.text);
    if (k > 0) {
      const prev = content[k - 1];
      // Folding joins two normal lines with a space; breaks next to empty or more-indented lines stay newlines.
      if (folded && !prev.empty && !l.empty && !more && !prevMore) {
        chars.push(' ');
        offs.push(l.lineStart - 1);
      } else if (folded && prev.empty && !l.empty && !more && !prevMore && seenBeforePrev) {
        // The empty line before this one already stands for the break.
      } else {
        chars.push('\n');
        offs.push(l.lineStart - 1);
      }
    }
    for (let i = 0; i < l.text.length; i++) {
      chars.push(l.text[i]);
      offs.push(l.start + i);
    }
    if (!l.empty) prevMore = more;
  }
  if (last >= 0 && chomp !== 'strip') {
    chars.push('\n');
    offs.push(content[last].start + content[last].text.length);
    if (chomp === 'keep') for (let k = last + 1; k < content.length; k++) (chars.push('\n'), offs.push(content[k].start));
  }
  return { chars, offs };
}
