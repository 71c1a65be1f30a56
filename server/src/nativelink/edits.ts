/**
 * JSON5 text edits for quick fixes. Every helper works on the original text plus AST nodes and returns
 * offset edits that keep the surrounding formatting and comments; style (indentation, quoted keys,
 * trailing commas) is copied from the sibling properties.
 */
import type { ASTNode } from '../parser/ast';
import type { OffsetEdit } from '../service/rules';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Skip whitespace and comments starting at pos; returns the first significant offset. */
export function skipTrivia(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF' || c === '\u00A0') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else break;
  }
  return i;
}

function lineStart(text: string, pos: number): number {
  const nl = text.lastIndexOf('\n', pos - 1);
  return nl + 1;
}

function indentAt(text: string, pos: number): string {
  const start = lineStart(text, pos);
  const m = /^[ \t]*/.exec(text.slice(start));
  return m ? m[0] : '';
}

/** The file's indentation unit (two spaces when undecidable). */
export function indentUnit(text: string): string {
  const lines = text.split('\n');
  let best = '';
  for (const l of lines) {
    const m = /^([ \t]+)\S/.exec(l);
    if (m && (best === '' || m[1].length < best.length)) best = m[1];
  }
  return best || '  ';
}

export interface KeyStyle {
  quote: '' | '"' | "'";
}

/** Quoting style of keys: from the object's own keys, else from the whole file. */
export function keyStyle(text: string, obj: ASTNode | undefined): KeyStyle {
  const keys = (obj?.children ?? []).map((p) => p.children?.[0]).filter((k): k is ASTNode => !!k);
  for (const k of keys) {
    const c = text[k.offset];
    return { quote: c === '"' || c === "'" ? c : '' };
  }
  // Whole file: first key-looking token.
  const m = /[{,]\s*(?:\/\/[^\n]*\n\s*)*(["']?)[A-Za-z_$][\w$-]*\1\s*:/.exec(text);
  const q = m?.[1] ?? '';
  return { quote: q === '"' || q === "'" ? q : '' };
}

export function formatKey(key: string, style: KeyStyle): string {
  if (style.quote) return `${style.quote}${key}${style.quote}`;
  return IDENT.test(key) ? key : JSON.stringify(key);
}

/** Render a small JS value as inline JSON5 using the given key style. */
export function formatValue(value: unknown, style: KeyStyle = { quote: '' }): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, style)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${formatKey(k, style)}: ${formatValue(v, style)}`).join(', ')} }`;
}

function hasTrailingComma(text: string, node: ASTNode, closeOffset: number): boolean {
  const p = skipTrivia(text, node.offset + node.length);
  return p < closeOffset && text[p] === ',';
}

/**
 * Insert `key: valueText` as the last property of `obj`. valueText must already be JSON5.
 * Copies indentation, key quoting and trailing-comma style from the siblings.
 */
export function insertProperty(text: string, obj: ASTNode, key: string, valueText: string): OffsetEdit[] {
  const style = keyStyle(text, obj);
  const member = `${formatKey(key, style)}: ${valueText}`;
  const close = obj.offset + obj.length - 1; // the '}'
  const children = (obj.children ?? []).filter((c) => c.children?.[0]);
  if (children.length === 0) {
    const inner = text.slice(obj.offset + 1, close);
    if (inner.includes('\n')) {
      const base = indentAt(text, obj.offset);
      const ind = base + indentUnit(text);
      const trailing = /,\s*\n\s*[}\]]/.test(text) ? ',' : '';
      return [{ offset: obj.offset + 1, length: inner.length, newText: `\n${ind}${member}${trailing}\n${base}` }];
    }
    return [{ offset: obj.offset + 1, length: inner.length, newText: ` ${member} ` }];
  }
  const last = children[children.length - 1];
  const trailing = hasTrailingComma(text, last, close);
  const closeOnOwnLine = text.slice(lineStart(text, close), close).trim() === '';
  const firstOnOwnLine = text.slice(lineStart(text, children[0].offset), children[0].offset).trim() === '';
  if (closeOnOwnLine && firstOnOwnLine) {
    const ind = indentAt(text, children[0].offset);
    const edits: OffsetEdit[] = [];
    if (!trailing) edits.push({ offset: last.offset + last.length, length: 0, newText: ',' });
    edits.push({ offset: lineStart(text, close), length: 0, newText: `${ind}${member}${trailing ? ',' : ''}\n` });
    return edits;
  }
  // Inline object: `{ a: 1 }` or `{ a: 1, }`.
  if (trailing) {
    const comma = skipTrivia(text, last.offset + last.length);
    return [{ offset: comma + 1, length: 0, newText: ` ${member},` }];
  }
  return [{ offset: last.offset + last.length, length: 0, newText: `, ${member}` }];
}

/** Replace a value node's text. */
export function replaceValue(node: ASTNode, newText: string): OffsetEdit[] {
  return [{ offset: node.offset, length: node.length, newText }];
}

/** Rename a property key, keeping its quoting style. */
export function renameKey(text: string, prop: ASTNode, newName: string): OffsetEdit[] {
  const key = prop.children![0];
  const c = text[key.offset];
  const quote = c === '"' || c === "'" ? c : '';
  const newText = quote ? `${quote}${newName}${quote}` : IDENT.test(newName) ? newName : JSON.stringify(newName);
  return [{ offset: key.offset, length: key.length, newText }];
}

/** Set (replace or insert) `key` in `obj`. */
export function setProperty(text: string, obj: ASTNode, key: string, valueText: string): OffsetEdit[] {
  for (const p of obj.children ?? []) {
    if (p.children?.[0]?.value === key) {
      const v = p.children?.[1];
      if (v) return replaceValue(v, valueText);
      return [{ offset: p.offset + p.length, length: 0, newText: ` ${valueText}` }];
    }
  }
  return insertProperty(text, obj, key, valueText);
}

/** Remove a property together with its comma (and its line when it stood alone). */
export function removeProperty(text: string, prop: ASTNode): OffsetEdit[] {
  let start = prop.offset;
  let end = prop.offset + prop.length;
  const after = skipTrivia(text, end);
  if (text[after] === ',') {
    end = after + 1;
  } else {
    // Last member without trailing comma: remove the comma before it instead, if any.
    const parent = prop.parent;
    const siblings = parent?.children ?? [];
    const idx = siblings.indexOf(prop);
    if (idx > 0) {
      const prev = siblings[idx - 1];
      const c = skipTrivia(text, prev.offset + prev.length);
      if (text[c] === ',') start = c;
    }
  }
  const ls = lineStart(text, start);
  if (text.slice(ls, start).trim() === '') {
    const rest = text.slice(end);
    const m = /^[ \t]*(\r?\n)/.exec(rest);
    if (m) {
      return [{ offset: ls, length: end + m[0].length - ls, newText: '' }];
    }
  }
  return [{ offset: start, length: end - start, newText: '' }];
}

/** Wrap a node: insert `before` at its start and `after` at its end. */
export function wrapNode(node: ASTNode, before: string, after: string): OffsetEdit[] {
  return [
    { offset: node.offset, length: 0, newText: before },
    { offset: node.offset + node.length, length: 0, newText: after },
  ];
}

/** Apply edits (non-overlapping) to text; used by tests and the CLI's --fix. */
export function applyEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/** Quote a string value in the document's preferred quote style (double unless the file uses single). */
export function quoteString(s: string): string {
  return JSON.stringify(s);
}

/** Merge several edits into one edit covering their span (original text kept between them). */
export function mergeEdits(text: string, edits: OffsetEdit[]): OffsetEdit {
  if (edits.length === 1) return edits[0];
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const start = sorted[0].offset;
  const end = Math.max(...sorted.map((e) => e.offset + e.length));
  let out = '';
  let pos = start;
  for (const e of sorted) {
    out += text.slice(pos, e.offset) + e.newText;
    pos = e.offset + e.length;
  }
  out += text.slice(pos, end);
  return { offset: start, length: end - start, newText: out };
}

/** Single-edit variant of insertProperty (for LanguageEngine.insertProperty). */
export function insertPropertyEdit(text: string, obj: ASTNode, key: string, valueText: string): OffsetEdit {
  return mergeEdits(text, insertProperty(text, obj, key, valueText));
}
