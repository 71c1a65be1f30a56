import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ASTNode } from '../../../server/src/parser/ast';
import { CORPUS_DIR as SHARED_CORPUS } from '../../sharedPaths';

export const CORPUS = SHARED_CORPUS;

/** Files in a corpus directory with one of the extensions; [] (and a log line) when the directory is absent. */
export function corpusFiles(dir: string, exts: string[]): string[] {
  const full = path.join(CORPUS, dir);
  if (!fs.existsSync(full)) {
    console.log(`      [corpus] ${full} does not exist: corpus checks skipped (0 files)`);
    return [];
  }
  return fs
    .readdirSync(full)
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .sort()
    .map((f) => path.join(full, f));
}

/** Checks structural invariants: parents, spans inside the text, children inside parents, property shape. */
export function checkTree(node: ASTNode | undefined, textLength: number, parent?: ASTNode): void {
  if (!node) return;
  if (node.parent !== parent) throw new Error(`bad parent at ${node.type}@${node.offset}`);
  if (node.offset < 0 || node.length < 0 || node.offset + node.length > textLength) {
    throw new Error(`span out of text: ${node.type}@${node.offset}+${node.length} (text ${textLength})`);
  }
  if (node.type === 'property') {
    const k = node.children?.[0];
    if (!k || k.type !== 'string' || typeof k.value !== 'string') throw new Error(`property without key at ${node.offset}`);
    if ((node.children?.length ?? 0) > 2) throw new Error('property with > 2 children');
  }
  for (const c of node.children ?? []) {
    checkTree(c, textLength, node);
  }
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = ['{', '}', '[', ']', ':', ',', '"', "'", '\\', '/*', '//', '*/', '\n', ' ', '0x', '1e', '.', '+', '-', 'Infinity', 'NaN', '\u0000', '\uFFFD', '\u2028', 'true', 'null', '&a', '*a', '<<: ', '- ', '? ', '---', '#', '|', '>', '\t', '!!str ', '%YAML 1.2\n'];

/** Random mutation of a text: deletions, insertions of syntax snippets, duplications, truncation, random bytes. */
export function mutate(text: string, rnd: () => number): string {
  let t = text;
  const ops = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < ops; i++) {
    const pos = Math.floor(rnd() * (t.length + 1));
    const r = rnd();
    if (r < 0.25) t = t.slice(0, pos) + t.slice(pos + 1 + Math.floor(rnd() * 20));
    else if (r < 0.55) t = t.slice(0, pos) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + t.slice(pos);
    else if (r < 0.65) t = t.slice(0, pos);
    else if (r < 0.8) {
      const len = Math.floor(rnd() * 200);
      t = t.slice(0, pos) + t.slice(pos, pos + len) + t.slice(pos);
    } else if (r < 0.9) {
      let junk = '';
      const n = 1 + Math.floor(rnd() * 16);
      for (let j = 0; j < n; j++) junk += String.fromCharCode(Math.floor(rnd() * 0x3000));
      t = t.slice(0, pos) + junk + t.slice(pos);
    } else {
      // swap two regions
      const a = Math.floor(rnd() * t.length);
      t = t.slice(a) + t.slice(0, a);
    }
  }
  return t;
}

/** Edits a user makes: mostly inside values (text stays valid), some that break or restructure it. */
const EDIT_BITS = ['x', '1', '0', ' ', '\n', 'gb', '"', "'", ',', '{', '}', '[', ']', ':', 'memory: {}, ', 'noop: {}, ', 'max_bytes: 1, ', 'bogus_key: 2, ', '// note\n', '/* c */', '/*', '${HOME}', '-', '.', 'true', '{}', '[]', '\\', 'max_action_timeout: 5, ', 'ref_store: { name: "A" }, '];

/** One random JSON5 edit (see EDIT_BITS). */
export function randomEdit(t: string, r: () => number): string {
  const pos = Math.floor(r() * (t.length + 1));
  if (r() < 0.3) return t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 4));
  return t.slice(0, pos) + EDIT_BITS[Math.floor(r() * EDIT_BITS.length)] + t.slice(pos);
}
