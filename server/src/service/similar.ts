/**
 * Edit distances for did-you-mean suggestions, bounded so that a pathological document cannot make them
 * the slowest part of an analysis (issue 10, defect 6: a 4 MB key cost seconds in an O(n·m) table per
 * candidate). Words longer than MAX_WORD are never a plausible typo of a name, and every analysis gets a
 * fixed number of table cells (the language service resets the budget per analysis); past it, nothing is
 * "close" and the diagnostics simply come without a suggestion.
 */
import { flatCopy } from '../parser/flat';
import { registerCache } from '../cacheFill';

const MAX_WORD = 100;
const BUDGET_CELLS = 8_000_000;
/** What one comparison costs beyond its table, in cells: lower-casing, prefix and word checks. */
const CALL_CELLS = 64;
let budget = BUDGET_CELLS;

/** Called at the start of each analysis. */
export function resetSimilarityBudget(): void {
  budget = BUDGET_CELLS;
}

/**
 * Levenshtein distance, exact while it is at most `cap`; a larger distance answers `cap + 1`. Past MAX_WORD
 * characters (or the budget) it answers an upper bound no caller takes as close: the longer length.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  if (a.length > MAX_WORD || b.length > MAX_WORD || budget < a.length * b.length) return Math.min(Math.max(a.length, b.length), cap + 1);
  budget -= a.length * b.length;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      if (prev[j] < rowMin) rowMin = prev[j];
    }
    if (rowMin > cap) return cap + 1;
  }
  return Math.min(prev[b.length], cap + 1);
}

// Candidates are schema and component names, compared again for every unknown word: split them once.
const tokenCache = new Map<string, string[]>();
const TOKEN_CACHE_MAX = 4096;
let tokenEvictions = 0;
registerCache(
  () => ({ name: 'did-you-mean words', entries: tokenCache.size, maxEntries: TOKEN_CACHE_MAX, evictions: tokenEvictions }),
  () => tokenCache.clear(),
);

/** Words of a name: split on _ - . / and space, and at camelCase humps; lower-cased. */
function tokens(s: string): string[] {
  let t = tokenCache.get(s);
  if (t) return t;
  t = splitWords(s);
  if (tokenCache.size >= TOKEN_CACHE_MAX) {
    tokenCache.clear();
    tokenEvictions++;
  }
  tokenCache.set(flatCopy(s), t);
  return t;
}

function splitWords(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_\-./]+/)
    .filter(Boolean);
}

/**
 * How far `c` is from what was typed (lower is closer), or undefined when it is not plausibly meant.
 * Case-only differences, prefixes ("most_recent" → "most_recently_used", "SCHEDULER" ↔ "SCHED"), substrings,
 * shared words and small edit distances all count; names are short, so this is cheap.
 */
export function similarity(word: string, c: string): number | undefined {
  const w = word.toLowerCase();
  const l = c.toLowerCase();
  if (w === l) return 0.5;
  if (!w || !l || w.length > MAX_WORD || l.length > MAX_WORD || budget <= 0) return undefined;
  // Half a million unknown keys each compared with every candidate must also run out of budget.
  budget -= CALL_CELLS + w.length + l.length;
  const limit = Math.max(2, Math.floor(Math.max(w.length, l.length) / 3));
  const d = editDistance(w, l, limit);
  if (d <= limit) return 1 + d / 100;
  const [short, long] = w.length <= l.length ? [w, l] : [l, w];
  if (short.length >= 3 && long.startsWith(short)) return 2 + (long.length - short.length) / 100;
  if (short.length >= 3 && long.includes(short)) return 3 + (long.length - short.length) / 100;
  const tw = tokens(word);
  const tc = new Set(tokens(c));
  const shared = tw.filter((t) => t.length >= 2 && tc.has(t)).length;
  if (shared > 0 && shared * 2 >= Math.min(tw.length, tc.size)) return 4 - shared / 10;
  return undefined;
}

/** Candidates close enough to be a plausible typo, best first. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  if (word.length > MAX_WORD) return [];
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const s = similarity(word, c);
    if (s !== undefined) scored.push([c, s]);
  }
  return scored.sort((x, y) => x[1] - y[1]).slice(0, max).map(([c]) => c);
}

/** At most this many candidates of the right kind are all offered as fixes, even when none looks close. */
export const FEW_CANDIDATES = 5;

/**
 * What to offer for an unknown name: `near` are the plausible ones (best first, for "Did you mean"); `offer` is what
 * to turn into fixes: `near`, or every candidate when there are only a few to choose from.
 */
export function suggestions(word: string, candidates: readonly string[], max = 3): { near: string[]; offer: string[] } {
  const uniq = [...new Set(candidates)].filter((c) => c !== word);
  const near = closest(word, uniq, max);
  if (uniq.length > FEW_CANDIDATES) return { near, offer: near };
  return { near, offer: [...near, ...uniq.filter((c) => !near.includes(c))] };
}
