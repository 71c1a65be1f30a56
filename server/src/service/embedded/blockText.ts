/**
 * Embedded text out of a host YAML node, with its offset map:
 *  - a block scalar (`|`, `|-`, `|+`, `>`, `>-`, indentation indicators) decoded line by line as YAML 1.2
 *    does (literal keeps line breaks; folded joins lines of equal indentation with a space);
 *  - a block mapping (OpenTelemetryCollector v1beta1 `spec.config`, Helm `config:`) dedented to column 0;
 *  - a single-line quoted or plain scalar whose source spells its value verbatim (no escapes).
 * Every scalar result is compared with the value the YAML library decoded; on any difference the node is
 * declined (no embedded document) rather than checked with offsets that could point at the wrong text.
 */
import type { ASTNode } from '../../parser/ast';
import { MappedTextBuilder, type OffsetMap } from './offsetMap';

export interface EmbeddedText {
  text: string;
  map: OffsetMap;
  /**
   * Host columns of an embedded line's first character, when embedded lines are host lines (literal block
   * scalars, mappings): a line break an edit inserts is followed by this many spaces. -1 where a line break
   * has no host spelling (folded and one-line scalars): edits with line breaks are not offered there.
   */
  indent: number;
}

/** Start offsets of each line of `text` (a line ends at `\n`; a preceding `\r` is not part of its content). */
export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Index of the line holding `offset` (binary search over lineStarts). */
export function lineIndex(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Content end of line i (before `\r\n` / `\n`). */
function lineContentEnd(text: string, starts: number[], i: number): number {
  let end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
  if (end > starts[i] && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

function indentAt(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === 32) i++;
  return i - from;
}

/** A scalar node's text as an embedded document, or undefined (not a string, or declined). */
export function scalarText(host: string, starts: number[], node: ASTNode): EmbeddedText | undefined {
  if (node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const c = host[node.offset];
  if (c === '|' || c === '>') return blockScalar(host, starts, node, node.value);
  // One-line scalars: only where the source is the value (no escapes, no folding).
  const raw = host.slice(node.offset, node.offset + node.length);
  if (raw.includes('\n')) return undefined;
  const quoted = c === '"' || c === "'";
  const inner = quoted ? raw.slice(1, -1) : raw;
  if (inner !== node.value) return undefined;
  const b = new MappedTextBuilder(host);
  b.host(node.offset + (quoted ? 1 : 0), node.offset + (quoted ? 1 : 0) + inner.length);
  return { ...b.build(), indent: -1 };
}

function blockScalar(host: string, starts: number[], node: ASTNode, expected: string): EmbeddedText | undefined {
  const header = /^([|>])([1-9]?)([+-]?)([1-9]?)[ \t]*(?:#[^\n]*)?\r?$/.exec(host.slice(node.offset, lineContentEnd(host, starts, lineIndex(starts, node.offset))));
  if (!header || (header[2] && header[4])) return undefined;
  const folded = header[1] === '>';
  const chomp = header[3] || '';
  const indicator = Number(header[2] || header[4] || 0);
  const first = lineIndex(starts, node.offset) + 1;
  // The lines of the scalar: up to the node's end (the library's range ends after its last line).
  const last = Math.min(starts.length - 1, lineIndex(starts, Math.max(node.offset, node.offset + node.length - 1)));
  let indent: number;
  if (indicator) {
    // Relative to the parent's indentation: the column of the key (or `- `) that owns the scalar.
    const owner = node.parent?.type === 'property' ? node.parent.offset : -1;
    if (owner < 0) return undefined;
    indent = owner - starts[lineIndex(starts, owner)] + indicator;
  } else {
    indent = -1;
    for (let i = first; i <= last; i++) {
      const end = lineContentEnd(host, starts, i);
      const ind = indentAt(host, starts[i], end);
      if (starts[i] + ind < end) {
        indent = ind;
        break;
      }
    }
    if (indent < 0) return undefined; // empty scalar: nothing to check
  }
  const isEmpty = (i: number) => {
    const end = lineContentEnd(host, starts, i);
    const ind = indentAt(host, starts[i], end);
    return starts[i] + ind >= end && ind <= indent;
  };
  const b = new MappedTextBuilder(host);
  if (!folded) {
    // Literal: host lines are embedded lines; an empty one keeps a zero-length slice so edits land on it.
    let lastContent = -1;
    for (let i = first; i <= last; i++) if (!isEmpty(i)) lastContent = i;
    for (let i = first; i <= lastContent; i++) {
      if (i > first) b.implied('\n');
      const end = lineContentEnd(host, starts, i);
      if (isEmpty(i)) b.anchor(Math.min(end, starts[i] + indent));
      else if (indentAt(host, starts[i], end) < indent) return undefined;
      else b.host(starts[i] + indent, end);
    }
    const trailing = last - lastContent;
    if (chomp === '+') b.implied('\n'.repeat(lastContent >= 0 ? 1 + trailing : trailing));
    else if (chomp === '' && lastContent >= 0) b.implied('\n');
    const lit = b.build();
    return lit.text === expected ? { ...lit, indent } : undefined;
  }
  let empty = 0;
  let didRead = false;
  let moreIndented = false;
  for (let i = first; i <= last; i++) {
    const start = starts[i];
    const end = lineContentEnd(host, starts, i);
    const ind = indentAt(host, start, end);
    if (isEmpty(i)) {
      empty++;
      continue;
    }
    if (ind < indent) return undefined; // a less-indented line ends the scalar before `last`: not what we expect
    const contentStart = start + indent;
    const lead = host.charCodeAt(contentStart);
    if (lead === 32 || lead === 9) {
      moreIndented = true;
      b.implied('\n'.repeat(didRead ? 1 + empty : empty));
    } else if (moreIndented) {
      moreIndented = false;
      b.implied('\n'.repeat(empty + 1));
    } else if (empty === 0) {
      if (didRead) b.implied(' ');
    } else b.implied('\n'.repeat(empty));
    b.host(contentStart, end);
    didRead = true;
    empty = 0;
  }
  if (chomp === '+') b.implied('\n'.repeat(didRead ? 1 + empty : empty));
  else if (chomp === '' && didRead) b.implied('\n');
  const out = b.build();
  return out.text === expected ? { ...out, indent: -1 } : undefined;
}

/**
 * A block mapping's lines, dedented by its column: the embedded document is part of the host's own YAML.
 * Blank lines and comments left of the column become empty lines. Flow mappings are declined.
 */
export function mappingText(host: string, starts: number[], node: ASTNode): EmbeddedText | undefined {
  if (node.type !== 'object' || !node.children?.length) return undefined;
  const firstLine = lineIndex(starts, node.offset);
  const col = node.offset - starts[firstLine];
  if (indentAt(host, starts[firstLine], node.offset) !== col || host[node.offset] === '{') return undefined;
  const last = lineIndex(starts, Math.max(node.offset, node.offset + node.length - 1));
  const b = new MappedTextBuilder(host);
  for (let i = firstLine; i <= last; i++) {
    if (i > firstLine) b.implied('\n');
    const start = starts[i];
    const end = lineContentEnd(host, starts, i);
    if (indentAt(host, start, end) < col) {
      if (host.slice(start, end).trim() && !/^\s*#/.test(host.slice(start, end))) return undefined;
      b.anchor(start + Math.min(col, indentAt(host, start, end)));
      continue;
    }
    b.host(start + col, end);
  }
  b.implied('\n');
  return { ...b.build(), indent: col };
}
