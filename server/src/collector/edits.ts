/**
 * Small YAML text edits for quick fixes. They touch only the lines they must, so comments,
 * blank lines and the author's flow/block style survive. All functions return OffsetEdits
 * against the original text; `applyEdits` applies a batch (non-overlapping) in one go.
 */
import type { ASTNode } from '../parser/ast';
import type { OffsetEdit } from '../service/rules';

export function applyEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line containing `offset` (before "\r\n" / "\n"). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  if (i < 0) return text.length;
  return i > 0 && text[i - 1] === '\r' && i - 1 >= offset ? i - 1 : i;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The document's indentation step (first indented mapping line), default 2. */
export function indentUnit(text: string): number {
  const m = /\n( +)[^\s#-]/.exec(text);
  return m ? Math.min(Math.max(m[1].length, 2), 8) : 2;
}

/** End of the last non-comment, non-blank content that belongs to `node` (a YAML block may end in comments). */
function contentEnd(text: string, node: ASTNode): number {
  let end = node.offset + node.length;
  // Trim trailing whitespace the parser may have included.
  while (end > node.offset && /\s/.test(text[end - 1])) end--;
  return end;
}

function isFlow(text: string, node: ASTNode | undefined, open: string): boolean {
  return !!node && text[node.offset] === open;
}

/** Indents every line after the first by `pad`. */
function indentBlock(value: string, pad: string, nl: string): string {
  return value
    .split('\n')
    .map((l, i) => (i === 0 || l.length === 0 ? l : pad + l))
    .join(nl);
}

/** Position after which a child line can be appended for a property whose value is empty (null/missing). */
function afterKeyLine(text: string, prop: ASTNode): number {
  return lineEnd(text, prop.offset);
}

function keyNodeOf(prop: ASTNode): ASTNode {
  return prop.children![0];
}

/**
 * Inserts `key: value` into a mapping. `target` is the mapping's property (e.g. `processors`),
 * the object node itself, or the document root. `value` may be multi-line (written with
 * indentation relative to the key) or empty for a null body (`key:`).
 */
export function insertMappingEntry(text: string, target: ASTNode, key: string, value = '', block = false): OffsetEdit {
  const nl = eol(text);
  const unit = indentUnit(text);
  const obj = target.type === 'property' ? target.children?.[1] : target;
  const multi = block || value.includes('\n');
  const sep = value === '' ? ':' : ': ';
  const entry = (pad: string): string => {
    if (multi && value !== '') return `${key}:${nl}${pad}${' '.repeat(unit)}${indentBlock(value, pad + ' '.repeat(unit), nl)}`;
    return `${key}${sep}${value}`;
  };
  if (obj && obj.type === 'object' && isFlow(text, obj, '{')) {
    const close = obj.offset + obj.length - 1;
    const empty = !(obj.children ?? []).length;
    return { offset: close, length: 0, newText: `${empty ? '' : ', '}${key}: ${multi ? '{}' : value || 'null'}` };
  }
  if (obj && obj.type === 'object' && (obj.children ?? []).length) {
    const kids = obj.children!;
    const first = kids[0];
    const last = kids[kids.length - 1];
    const pad = ' '.repeat(column(text, first.offset));
    const at = lineEnd(text, contentEnd(text, last));
    return { offset: at, length: 0, newText: `${nl}${pad}${entry(pad)}` };
  }
  if (target.type === 'property') {
    // Empty body: `processors:` (possibly followed by a comment) → add an indented child line.
    const pad = ' '.repeat(column(text, target.offset) + unit);
    const v = target.children?.[1];
    if (v && v.type !== 'null' && v.type !== 'object') {
      // A scalar body (e.g. `otlp: ~` or a stray string) is replaced by the new mapping.
      return { offset: v.offset, length: v.length, newText: `${nl}${pad}${entry(pad)}` };
    }
    if (v && v.type === 'null' && v.length > 0) {
      // `key: null` / `key: ~` – replace the explicit null.
      return { offset: v.offset, length: v.length, newText: `${nl}${pad}${entry(pad)}` };
    }
    return { offset: afterKeyLine(text, target), length: 0, newText: `${nl}${pad}${entry(pad)}` };
  }
  // Empty document root.
  const needsNl = text.length > 0 && !text.endsWith('\n');
  return { offset: text.length, length: 0, newText: `${needsNl ? nl : ''}${entry('')}${nl}` };
}

/** Replaces a scalar (or any node) with new text. */
export function replaceNode(node: ASTNode, newText: string): OffsetEdit {
  return { offset: node.offset, length: node.length, newText };
}

/** Sets `key: value` in a mapping: replaces an existing scalar, otherwise inserts the key. */
export function setMappingValue(text: string, target: ASTNode, key: string, value: string): OffsetEdit {
  const obj = target.type === 'property' ? target.children?.[1] : target;
  const prop = obj?.type === 'object' ? obj.children?.find((p) => p.children?.[0]?.value === key) : undefined;
  const v = prop?.children?.[1];
  if (prop && v && v.length > 0) return replaceNode(v, value);
  if (prop) return { offset: (prop.colonOffset ?? keyNodeOf(prop).offset + keyNodeOf(prop).length) + 1, length: 0, newText: ` ${value}` };
  return insertMappingEntry(text, target, key, value);
}

/** Renames a mapping key, keeping its quoting style. */
export function renameKey(text: string, keyNode: ASTNode, newName: string): OffsetEdit {
  const raw = text.slice(keyNode.offset, keyNode.offset + keyNode.length);
  const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  return { offset: keyNode.offset, length: keyNode.length, newText: `${q}${newName}${q}` };
}

/** Replaces a sequence item (a scalar reference), keeping its quoting style. */
export function renameScalar(text: string, node: ASTNode, newValue: string): OffsetEdit {
  return renameKey(text, node, newValue);
}

function itemTexts(text: string, arr: ASTNode): string[] {
  return (arr.children ?? []).map((c) => text.slice(c.offset, c.offset + c.length));
}

/**
 * Adds an item to a sequence. `target` is the list's property (`processors: [...]`, `processors:`
 * with no value yet) or the array node. `index` defaults to the end.
 */
export function addSequenceItem(text: string, target: ASTNode, item: string, index?: number): OffsetEdit {
  const nl = eol(text);
  const arr = target.type === 'array' ? target : target.children?.[1];
  if (arr && arr.type === 'array' && isFlow(text, arr, '[')) {
    const items = arr.children ?? [];
    const at = index === undefined ? items.length : Math.max(0, Math.min(index, items.length));
    if (items.length === 0) {
      return { offset: arr.offset, length: arr.length, newText: `[${item}]` };
    }
    if (at >= items.length) {
      const last = items[items.length - 1];
      return { offset: last.offset + last.length, length: 0, newText: `, ${item}` };
    }
    return { offset: items[at].offset, length: 0, newText: `${item}, ` };
  }
  if (arr && arr.type === 'array' && (arr.children ?? []).length) {
    const items = arr.children!;
    const at = index === undefined ? items.length : Math.max(0, Math.min(index, items.length));
    if (at >= items.length) {
      const last = items[items.length - 1];
      const dashLine = lineStart(text, last.offset);
      const pad = text.slice(dashLine, text.indexOf('-', dashLine));
      return { offset: lineEnd(text, contentEnd(text, last)), length: 0, newText: `${nl}${pad}- ${item}` };
    }
    const ls = lineStart(text, items[at].offset);
    const pad = text.slice(ls, text.indexOf('-', ls));
    return { offset: ls, length: 0, newText: `${pad}- ${item}${nl}` };
  }
  if (arr && arr.type === 'string' && typeof arr.value === 'string') {
    // comma separated string form → rewrite as a flow list
    const parts = arr.value.split(',').map((s) => s.trim()).filter(Boolean);
    const at = index === undefined ? parts.length : index;
    parts.splice(at, 0, item);
    return { offset: arr.offset, length: arr.length, newText: `[${parts.join(', ')}]` };
  }
  if (target.type === 'property') {
    const v = target.children?.[1];
    if (v && v.length > 0 && (v.type === 'null' || v.type === 'array')) return { offset: v.offset, length: v.length, newText: `[${item}]` };
    const colon = target.colonOffset ?? keyNodeOf(target).offset + keyNodeOf(target).length;
    return { offset: colon + 1, length: 0, newText: ` [${item}]` };
  }
  return { offset: target.offset, length: target.length, newText: `[${item}]` };
}

/** Removes one sequence item with its separator (flow) or its whole line (block). */
export function removeSequenceItem(text: string, arr: ASTNode, index: number): OffsetEdit {
  const items = arr.children ?? [];
  const it = items[index];
  if (isFlow(text, arr, '[')) {
    if (items.length === 1) return { offset: arr.offset, length: arr.length, newText: '[]' };
    if (index < items.length - 1) {
      const next = items[index + 1];
      return { offset: it.offset, length: next.offset - it.offset, newText: '' };
    }
    const prev = items[index - 1];
    const prevEnd = prev.offset + prev.length;
    return { offset: prevEnd, length: it.offset + it.length - prevEnd, newText: '' };
  }
  const ls = lineStart(text, it.offset);
  let le = lineEnd(text, it.offset + it.length);
  if (le < text.length) le += text[le] === '\r' ? 2 : 1;
  return { offset: ls, length: le - ls, newText: '' };
}

/** Moves a sequence item to a new index, keeping every item's own text (and block comments). */
export function moveSequenceItem(text: string, arr: ASTNode, from: number, to: number): OffsetEdit {
  const items = arr.children ?? [];
  if (isFlow(text, arr, '[')) {
    const texts = itemTexts(text, arr);
    const [moved] = texts.splice(from, 1);
    texts.splice(to, 0, moved);
    const first = items[0];
    const last = items[items.length - 1];
    // Keep the author's separator style (", " vs ",").
    const sepMatch = items.length > 1 ? text.slice(first.offset + first.length, items[1].offset) : ', ';
    const sep = sepMatch.trim() === ',' ? sepMatch : ', ';
    return { offset: first.offset, length: last.offset + last.length - first.offset, newText: texts.join(sep) };
  }
  // Block: segment i runs from its line start to the next item's line start (trailing comments travel with it).
  const starts = items.map((c) => lineStart(text, c.offset));
  const lastEnd = lineEnd(text, items[items.length - 1].offset + items[items.length - 1].length);
  const segs = starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : lastEnd));
  // normalise: every segment ends with a newline except possibly the last
  const nl = eol(text);
  const norm = segs.map((s) => (s.endsWith('\n') ? s : s + nl));
  const [moved] = norm.splice(from, 1);
  norm.splice(to, 0, moved);
  let joined = norm.join('');
  joined = joined.slice(0, joined.length - nl.length);
  return { offset: starts[0], length: lastEnd - starts[0], newText: joined };
}

/** Deletes a whole mapping entry (its key line through its last line). */
export function removeProperty(text: string, prop: ASTNode): OffsetEdit {
  const obj = prop.parent;
  if (obj && isFlow(text, obj, '{')) {
    const kids = obj.children ?? [];
    const i = kids.indexOf(prop);
    if (kids.length === 1) return { offset: obj.offset, length: obj.length, newText: '{}' };
    if (i < kids.length - 1) return { offset: prop.offset, length: kids[i + 1].offset - prop.offset, newText: '' };
    const prevEnd = kids[i - 1].offset + kids[i - 1].length;
    return { offset: prevEnd, length: prop.offset + prop.length - prevEnd, newText: '' };
  }
  const ls = lineStart(text, prop.offset);
  let le = lineEnd(text, contentEnd(text, prop));
  if (le < text.length) le += text[le] === '\r' ? 2 : 1;
  return { offset: ls, length: le - ls, newText: '' };
}
