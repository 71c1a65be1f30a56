/**
 * Less work per keystroke on JSON5 (issue 15): a keystroke changes one small object of a 5,000-line config, yet a
 * whole parse rebuilds every node, and on a fresh server that parse and the garbage it leaves were most of the
 * time from change to diagnostics. So the previous parse of the same document is reused: only the innermost
 * object or array whose brackets lie outside the changed text is parsed again, and the rest of the tree is kept,
 * its later offsets moved by the change in length.
 *
 * Only where it provably equals the whole-text parse: the previous parse had no error (error recovery can look
 * past a container), the changed text lies strictly inside the container's brackets, and the new container parses
 * without an error to exactly where its closing bracket was (parseJson5Container says why that is the subtree
 * the whole parse would build). Anything else is a whole parse.
 *
 * The previous tree is taken over, not copied: kept nodes get new offsets and parents. Its owner must hand it
 * over only once, and only when nothing will read the previous version again (ConfigLanguageService keeps one
 * per document and replaces its analysis with the new one). The root and every node on the way down to the
 * reparsed container are new objects, so views cached per tree (nativelink/util.ts `once`) are computed afresh.
 */
import type { ASTNode, ParseResult } from './ast';
import { parseJson5, parseJson5Container } from './json5';

export interface Json5Parse {
  text: string;
  result: ParseResult;
}

/** The parse of `text`, reusing `prev` (the parse of the document's previous text, handed over) when it can. */
export function reparseJson5(prev: Json5Parse | undefined, text: string): ParseResult {
  const root = prev?.result.root;
  if (!prev || !root || prev.result.errors.length) return parseJson5(text);
  const old = prev.text;
  if (old === text) return prev.result;
  // The changed text: old [start, oldEnd) became new [start, oldEnd + delta).
  const { start, same } = commonEnds(old, text);
  const oldEnd = old.length - same;
  const delta = text.length - old.length;
  const encloses = (n: ASTNode | undefined): n is ASTNode => !!n && (n.type === 'object' || n.type === 'array') && n.offset < start && oldEnd < n.offset + n.length;
  if (!encloses(root)) return parseJson5(text);

  // Down to the innermost enclosing container; `chain` holds every node above it (containers and properties).
  const chain: ASTNode[] = [];
  let depth = 0;
  let container = root;
  for (;;) {
    const child = childAt(container, start);
    const inner = child?.type === 'property' ? child.children?.[1] : child;
    if (!child || !encloses(inner)) break;
    chain.push(container);
    if (child !== inner) chain.push(child);
    container = inner;
    depth++;
  }
  // Parsed from a flat copy of its own text, shifted into place: a slice of the document would keep this whole
  // version of the text alive for as long as the container's strings live (and kept nodes outlive many versions).
  const own = JSON.parse(JSON.stringify(text.slice(container.offset, container.offset + container.length + delta))) as string;
  const fresh = parseJson5Container(own, depth);
  if (!fresh) return parseJson5(text);

  // Taken over from here on: new nodes above the container, kept nodes after the change moved.
  shift(fresh.node, container.offset);
  let newRoot: ASTNode = fresh.node;
  let below: { old: ASTNode; now: ASTNode } = { old: container, now: fresh.node };
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    const children = n.children!.slice();
    const at = children.indexOf(below.old);
    const copy: ASTNode = { ...n, length: n.length + delta, children };
    children[at] = below.now;
    for (let k = 0; k < children.length; k++) {
      const c = children[k];
      c.parent = copy;
      if (k > at && delta) shift(c, delta);
    }
    below = { old: n, now: copy };
    newRoot = copy;
  }
  newRoot.parent = undefined;

  const oldContainerEnd = container.offset + container.length;
  const before: { offset: number; length: number }[] = [];
  const after: { offset: number; length: number }[] = [];
  for (const c of prev.result.comments) {
    if (c.offset < container.offset) before.push(c);
    else if (c.offset >= oldContainerEnd) after.push(delta ? { offset: c.offset + delta, length: c.length } : c);
  }
  const inside = fresh.comments.map((c) => ({ offset: c.offset + container.offset, length: c.length }));
  return { root: newRoot, errors: [], comments: before.concat(inside, after) };
}

/**
 * Lengths of the common prefix and (not overlapping it) common suffix. Whole chunks first: string equality runs
 * in native code, tens of times faster than comparing character by character in a loop.
 */
function commonEnds(a: string, b: string): { start: number; same: number } {
  const CHUNK = 1024;
  const min = Math.min(a.length, b.length);
  let start = 0;
  while (start + CHUNK <= min && a.slice(start, start + CHUNK) === b.slice(start, start + CHUNK)) start += CHUNK;
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  const al = a.length;
  const bl = b.length;
  let same = 0;
  while (same + CHUNK <= min - start && a.slice(al - same - CHUNK, al - same) === b.slice(bl - same - CHUNK, bl - same)) same += CHUNK;
  while (same < min - start && a.charCodeAt(al - 1 - same) === b.charCodeAt(bl - 1 - same)) same++;
  return { start, same };
}

/** The child of a container whose span holds `offset` (children are in document order). */
function childAt(container: ASTNode, offset: number): ASTNode | undefined {
  const cs = container.children ?? [];
  let lo = 0;
  let hi = cs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cs[mid];
    if (offset < c.offset) hi = mid - 1;
    else if (offset >= c.offset + c.length) lo = mid + 1;
    else return c;
  }
  return undefined;
}

function shift(node: ASTNode, delta: number): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    n.offset += delta;
    if (n.colonOffset !== undefined) n.colonOffset += delta;
    if (n.children) for (const c of n.children) stack.push(c);
  }
}
