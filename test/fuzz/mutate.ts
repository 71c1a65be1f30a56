/**
 * Seeded mutations of config documents for the LSP fuzzer. Each mutation is one of the inputs that broke
 * (or could break) a line walk, a parser or a rule: leading blank lines, CRLF, BOM, lone surrogates, alias
 * floods, megabyte tokens, deep nesting, truncation, byte junk, plus ordinary editing noise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR, REPO_ROOT } from '../sharedPaths';

export type Rng = () => number;

/** mulberry32: small, fast, good enough to make a run reproducible from its seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];

export interface Seed {
  name: string;
  family: 'json5' | 'yaml';
  text: string;
}

const EXT: Record<string, Seed['family']> = { '.json5': 'json5', '.json': 'json5', '.yaml': 'yaml', '.yml': 'yaml' };

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (EXT[path.extname(e.name)]) out.push(p);
  }
  return out;
}

/** Our fixtures plus the shared corpus when it is present, in a stable order. */
export function loadSeeds(): Seed[] {
  const files = [...walk(path.join(REPO_ROOT, 'test', 'fixtures')), ...walk(CORPUS_DIR)].sort();
  return files
    .map((f) => ({ name: path.basename(f), family: EXT[path.extname(f)], text: fs.readFileSync(f, 'utf8') }))
    .filter((s) => s.text.length < 512 * 1024);
}

const TOKENS = [
  '\n', '\n\n', ' ', '  ', '\t', ':', ': ', '- ', '-', '{', '}', '[', ']', '"', "'", '#', '//', '/*', '*/', ',', '&a ', '*a', '<<: *a',
  '? ', '|', '>', '---\n', '...\n', '%YAML 1.2\n', '${VAR}', '${env:X}', '$$', '\\', '\\u', 'null', 'true', '0x', '1e', 'Infinity', 'NaN',
  'stores', 'servers', 'schedulers', 'workers', 'receivers', 'processors', 'exporters', 'service', 'pipelines', 'ref_store', 'name',
  'memory', 'otlp', 'batch', 'memory_limiter', 'prometheus', 'debug', 'traces', 'metrics', 'logs', 'extensions', 'connectors',
];

function randomJunk(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = int(r, 10);
    if (k < 3) s += String.fromCharCode(int(r, 32));
    else if (k < 5) s += String.fromCharCode(0x7f + int(r, 0x80));
    else if (k < 6) s += String.fromCharCode(0xd800 + int(r, 0x800)); // lone surrogates
    else if (k < 7) s += pick(r, ['\u2028', '\u2029', '\ufeff', '\u00a0', '\ufffd', '\u0000']);
    else s += String.fromCharCode(32 + int(r, 95));
  }
  return s;
}

function insertAt(s: string, at: number, piece: string): string {
  return s.slice(0, at) + piece + s.slice(at);
}

/** Offset at a line start, where keys and items begin. */
function lineStartNear(r: Rng, s: string): number {
  const at = int(r, s.length + 1);
  return s.lastIndexOf('\n', at - 1) + 1;
}

function bigSize(r: Rng): number {
  return pick(r, [1024, 16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024]);
}

type Mutation = (r: Rng, s: string, seed: Seed, others: Seed[]) => string;

const MUTATIONS: [weight: number, name: string, fn: Mutation][] = [
  [10, 'insert-token', (r, s) => insertAt(s, int(r, s.length + 1), pick(r, TOKENS))],
  [8, 'delete-span', (r, s) => {
    const a = int(r, s.length + 1);
    return s.slice(0, a) + s.slice(a + 1 + int(r, 40));
  }],
  [5, 'duplicate-span', (r, s) => {
    const a = int(r, s.length + 1);
    return insertAt(s, int(r, s.length + 1), s.slice(a, a + int(r, 200)));
  }],
  [4, 'swap-lines', (r, s) => {
    const lines = s.split('\n');
    const i = int(r, lines.length);
    const j = int(r, lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  }],
  [4, 'reindent', (r, s) => {
    const lines = s.split('\n');
    const i = int(r, lines.length);
    lines[i] = r() < 0.5 ? ' '.repeat(1 + int(r, 6)) + lines[i] : lines[i].replace(/^\s{1,4}/, '');
    return lines.join('\n');
  }],
  [3, 'splice-other', (r, s, _seed, others) => {
    const o = pick(r, others).text;
    const a = int(r, o.length + 1);
    return insertAt(s, int(r, s.length + 1), o.slice(a, a + int(r, 400)));
  }],
  [4, 'leading-blank-lines', (r, s) => '\n'.repeat(1 + int(r, 3)) + (r() < 0.3 ? '  \n' : '') + s],
  [3, 'crlf', (_r, s) => s.replace(/\r?\n/g, '\r\n')],
  [2, 'lone-cr', (_r, s) => s.replace(/\r?\n/g, '\r')],
  [3, 'bom', (_r, s) => '\ufeff' + s],
  [3, 'lone-surrogate', (r, s) => insertAt(s, int(r, s.length + 1), pick(r, ['\ud800', '\udfff', '\udbff\udbff', '😀'.slice(0, 1)]))],
  [4, 'truncate', (r, s) => s.slice(0, int(r, s.length + 1))],
  [3, 'byte-junk', (r, s) => insertAt(s, int(r, s.length + 1), randomJunk(r, 1 + int(r, 64)))],
  [1, 'alias-flood', (r, s, seed) => {
    const n = pick(r, [100, 1000, 5000]);
    if (seed.family === 'yaml') {
      const laughs = r() < 0.5;
      if (laughs) {
        let out = 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
        for (let i = 1; i < 9; i++) out += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
        return s + '\n' + out;
      }
      return s + `\nflood_anchor: &fa {k: v}\nflood:\n${'  - *fa\n'.repeat(n)}`;
    }
    return insertAt(s, lineStartNear(r, s), `refs: [${Array(n).fill('"A"').join(', ')}],\n`);
  }],
  [0.5, 'megabyte-token', (r, s) => {
    const size = bigSize(r);
    const body = pick(r, ['k', ' ', 'a ', '"', '\\', '[', '{', '-', '#', 'x:']).repeat(size).slice(0, size);
    const at = pick(r, [lineStartNear(r, s), int(r, s.length + 1)]);
    return insertAt(s, at, r() < 0.5 ? body + ': 1\n' : body);
  }],
  [0.5, 'megabyte-line-of-blanks', (r, s) => insertAt(s, lineStartNear(r, s), 'a' + ' '.repeat(bigSize(r)) + 'b\n')],
  [1, 'deep-nesting', (r, s, seed) => {
    const depth = pick(r, [100, 1000, 5000, 20000]);
    if (seed.family === 'yaml') {
      if (r() < 0.5) return s + '\ndeep: ' + '['.repeat(depth) + ']'.repeat(int(r, depth + 1));
      let out = 'deep:\n';
      for (let i = 1; i < Math.min(depth, 2000); i++) out += ' '.repeat(i) + `k${i}:\n`;
      return s + '\n' + out;
    }
    return insertAt(s, int(r, s.length + 1), '{a:'.repeat(depth) + '1' + '}'.repeat(int(r, depth + 1)));
  }],
  [1, 'many-keys', (r, s, seed) => {
    const n = pick(r, [1000, 10000]);
    const lines = Array.from({ length: n }, (_, i) => (seed.family === 'yaml' ? `  k${i % (n - int(r, 3))}: ${i}\n` : `  k${i}: ${i},\n`));
    return seed.family === 'yaml' ? s + '\nmany:\n' + lines.join('') : insertAt(s, lineStartNear(r, s), 'many: {\n' + lines.join('') + '},\n');
  }],
  [1, 'empty', () => ''],
  [1, 'whitespace-only', (r) => pick(r, ['\n', '\n\n\n', '   ', '\r\n', '\ufeff', '\t\n'])],
];

const TOTAL = MUTATIONS.reduce((a, [w]) => a + w, 0);

/** 1–4 stacked mutations of a seed; returns the text and the names of the mutations applied. */
export function mutate(r: Rng, seed: Seed, others: Seed[]): { text: string; applied: string[] } {
  let text = seed.text;
  const applied: string[] = [];
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    let x = r() * TOTAL;
    let m = MUTATIONS[0];
    for (const cand of MUTATIONS) {
      x -= cand[0];
      if (x < 0) {
        m = cand;
        break;
      }
    }
    text = m[2](r, text, seed, others);
    applied.push(m[1]);
  }
  return { text, applied };
}
