import { findNodeAtOffset, getNodePath, type ASTNode } from '../parser/ast';
import { lineStartAt, previousLineStart } from '../parser/lines';

/** Where the cursor is, in schema terms: which object/array path, and whether a key or a value is being typed. */
export interface CursorContext {
  mode: 'key' | 'value';
  /** Path of the object (key mode) or of the value (value mode). */
  path: (string | number)[];
  /** Text range the completion replaces (the partial word under the cursor). */
  replace: { offset: number; length: number };
  /** Keys already present in the object (key mode), so completion does not offer them again. */
  existingKeys: Set<string>;
  /** YAML: indentation of the line being completed, for multi-line inserts. */
  indent: string;
  /** YAML key mode on a fresh `- ` item line: the keys start an array item. */
  inArrayItem?: boolean;
}

const WORD = /[A-Za-z0-9_$./-]/;

function wordRange(text: string, offset: number): { offset: number; length: number } {
  let s = offset;
  while (s > 0 && WORD.test(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && WORD.test(text[e])) e++;
  return { offset: s, length: e - s };
}

function keysOf(obj: ASTNode | undefined): Set<string> {
  const keys = new Set<string>();
  for (const p of obj?.type === 'object' ? obj.children ?? [] : []) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string') keys.add(k);
  }
  return keys;
}

function lineIndent(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** JSON5: the AST from the tolerant parser is enough, since half-typed keys become value-less properties. */
export function json5Context(root: ASTNode | undefined, text: string, offset: number): CursorContext | undefined {
  const indent = lineIndent(text, offset);
  if (!root) return { mode: 'key', path: [], replace: wordRange(text, offset), existingKeys: new Set(), indent };
  const node = findNodeAtOffset(root, offset, true);
  if (!node) return undefined;
  const inString = (n: ASTNode) => n.type === 'string' && n.quoted && offset > n.offset && offset < n.offset + n.length;
  const parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[0] === node) {
    // the key itself
    const obj = parent.parent;
    const keys = keysOf(obj);
    keys.delete(String(node.value));
    return { mode: 'key', path: obj ? getNodePath(obj) : [], replace: { offset: node.offset, length: node.length }, existingKeys: keys, indent };
  }
  if (node.type === 'property') {
    if (node.colonOffset !== undefined && offset > node.colonOffset) {
      const key = String(node.children![0].value);
      return { mode: 'value', path: [...(node.parent ? getNodePath(node.parent) : []), key], replace: wordRange(text, offset), existingKeys: new Set(), indent };
    }
    return { mode: 'key', path: node.parent ? getNodePath(node.parent) : [], replace: wordRange(text, offset), existingKeys: keysOf(node.parent), indent };
  }
  if (node.type === 'object') {
    if (offset === node.offset) return undefined;
    // `key: |` — the property ends at its colon, so the cursor lands in the object; it is a value position.
    const open = (node.children ?? []).find((p) => p.colonOffset !== undefined && p.colonOffset < offset && (p.children?.length ?? 0) < 2 && !/[,}]/.test(text.slice(p.colonOffset + 1, offset)));
    if (open) {
      return { mode: 'value', path: [...getNodePath(node), String(open.children![0].value)], replace: wordRange(text, offset), existingKeys: new Set(), indent };
    }
    return { mode: 'key', path: getNodePath(node), replace: wordRange(text, offset), existingKeys: keysOf(node), indent };
  }
  if (node.type === 'array') {
    if (offset === node.offset) return undefined;
    const idx = (node.children ?? []).filter((c) => c.offset + c.length <= offset).length;
    return { mode: 'value', path: [...getNodePath(node), idx], replace: wordRange(text, offset), existingKeys: new Set(), indent };
  }
  // a scalar value: complete a replacement for it (whole string when inside quotes)
  if (node.type !== 'string' || !node.quoted || inString(node) || offset === node.offset + node.length) {
    return {
      mode: 'value',
      path: getNodePath(node),
      replace: { offset: node.offset, length: node.length },
      existingKeys: new Set(),
      indent,
    };
  }
  return undefined;
}

interface YamlLine {
  indent: number;
  dash: boolean;
  /** Column where the key (or item content) starts. */
  contentCol: number;
  key?: string;
}

const WS = /\s/;
/** Characters that end a key in scanLine (the key of `key:` cannot contain them). */
const NOT_KEY = new Set(['"', "'", '#', ':', '{', '}', '[', ']', ',']);

/**
 * Reads a line's indentation, `- ` and `key:` by hand: the regular expression this replaces
 * (`^( *)(-\s+)?(?:(["']?)([^"'#:{}[\],]+?)\3\s*:(?:\s|$))?`) backtracks quadratically on a long run of blanks,
 * and completion walks every line above the cursor. Same result, one pass.
 */
function scanLine(text: string, start: number): YamlLine | undefined {
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? text.length : end);
  if (/^\s*(#.*)?$/.test(line) || /^\s*---/.test(line)) return undefined;
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  const indent = i;
  let dash = false;
  if (line[i] === '-' && i + 1 < line.length && WS.test(line[i + 1])) {
    dash = true;
    i += 2;
    while (i < line.length && WS.test(line[i])) i++;
  }
  const contentCol = i;
  const quote = line[i] === '"' || line[i] === "'" ? line[i] : '';
  const keyStart = i + quote.length;
  let e = keyStart;
  while (e < line.length && !NOT_KEY.has(line[e])) e++;
  let key: string | undefined;
  if (e > keyStart) {
    let c = e;
    if (quote) {
      c = line[e] === quote ? e + 1 : -1;
      while (c > 0 && c < line.length && WS.test(line[c])) c++;
    }
    if (c >= 0 && line[c] === ':' && (c + 1 === line.length || WS.test(line[c + 1]))) key = line.slice(keyStart, e).trim();
  }
  return { indent, dash, contentCol, key };
}

const MAX_COMPLETION_COLUMN = 2000;

/**
 * YAML: half-typed lines rarely parse into the shape the user means (`  ot` is a scalar, not a key),
 * so the path comes from the indentation of the lines above, as a human reads it.
 */
export function yamlContext(root: ASTNode | undefined, text: string, offset: number): CursorContext | undefined {
  const lineStart = lineStartAt(text, offset);
  // The patterns below backtrack on long runs of blanks; nobody completes 2,000 columns into a line.
  if (offset - lineStart > MAX_COMPLETION_COLUMN) return undefined;
  const before = text.slice(lineStart, offset);
  if (/#/.test(before.replace(/(["']).*?\1/g, ''))) return undefined; // in a comment
  const replace = wordRange(text, offset);

  let mode: 'key' | 'value';
  let ownKey: string | undefined;
  let flowItems = -1;
  let m: RegExpExecArray | null;
  let indent: number;
  let dashLen = 0;
  if ((m = /^( *)(-\s+)?(["']?)([^"'#:[]+?)\3:\s*\[([^\]]*)$/.exec(before))) {
    mode = 'value';
    ownKey = m[4].trim();
    flowItems = m[5].split(',').length - 1;
    indent = m[1].length;
    dashLen = m[2]?.length ?? 0;
  } else if ((m = /^( *)(-\s+)?(["']?)([^"'#:]+?)\3:\s+(\S*)$/.exec(before))) {
    mode = 'value';
    ownKey = m[4].trim();
    indent = m[1].length;
    dashLen = m[2]?.length ?? 0;
  } else if ((m = /^( *)(-\s*)?([^\s:#]*)$/.exec(before))) {
    mode = 'key';
    indent = m[1].length;
    dashLen = m[2]?.length ?? 0;
  } else return undefined;

  const path: (string | number)[] = [];
  let want = indent + dashLen;
  let seq: number | undefined = dashLen ? indent : undefined;
  let idx = 0;
  for (let pos = previousLineStart(text, lineStart); pos >= 0; pos = previousLineStart(text, pos)) {
    const l = scanLine(text, pos);
    if (!l) continue;
    if (seq !== undefined) {
      if (l.dash && l.indent === seq) {
        idx++;
        continue;
      }
      if (l.key && l.contentCol <= seq && l.indent <= seq) {
        path.unshift(l.key, idx);
        seq = undefined;
        if (l.dash) {
          seq = l.indent;
          idx = 0;
        } else {
          want = l.indent;
          if (want === 0) break;
        }
      }
      continue;
    }
    if (l.dash && l.contentCol === want) {
      seq = l.indent;
      idx = 0;
      continue;
    }
    if (l.key && l.contentCol < want) {
      path.unshift(l.key);
      if (l.dash) {
        seq = l.indent;
        idx = 0;
      } else {
        want = l.indent;
        if (want === 0) break;
      }
    }
  }
  if (seq !== undefined) return undefined; // a top-level sequence: not a config shape we know

  const indentStr = ' '.repeat(indent + dashLen);
  if (mode === 'value') {
    const valuePath = flowItems >= 0 ? [...path, ownKey!, flowItems] : [...path, ownKey!];
    return { mode, path: valuePath, replace, existingKeys: new Set(), indent: indentStr };
  }
  if (dashLen) {
    // `- |`: either a scalar list item or the first key of an object item; the caller decides by schema
    return { mode: 'key', path, replace, existingKeys: new Set(), indent: indentStr, inArrayItem: true };
  }
  return { mode, path, replace, existingKeys: keysAt(root, path), indent: indentStr };
}

function nodeAt(root: ASTNode | undefined, path: (string | number)[]): ASTNode | undefined {
  let node = root;
  for (const seg of path) {
    if (!node) break;
    if (typeof seg === 'number') node = node.type === 'array' ? node.children?.[seg] : undefined;
    else node = node.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === seg)?.children?.[1] : undefined;
  }
  return node;
}

function keysAt(root: ASTNode | undefined, path: (string | number)[]): Set<string> {
  return keysOf(nodeAt(root, path));
}
