/**
 * Edit distances for did-you-mean suggestions, bounded so that a pathological document cannot make them
 * the slowest part of an analysis (issue 10, defect 6: a 4 MB key cost seconds in an O(n·m) table per
 * candidate). Words longer than MAX_WORD are never a plausible typo of a name, and every analysis gets a
 * fixed number of table cells (the language service resets the budget per analysis); past it, nothing is
 * "close" and the diagnostics simply come without a suggestion.
 */
const MAX_WORD = 100;
const BUDGET_CELLS = 4_000_000;
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

/** Candidates close enough to be a plausible typo, best first (case-insensitive match counts as closest). */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  if (word.length > MAX_WORD) return [];
  const lower = word.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const limit = Math.max(2, Math.floor(Math.max(word.length, c.length) / 3));
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase(), limit);
    if (d <= limit) scored.push([c, d]);
  }
  return scored.sort((x, y) => x[1] - y[1]).slice(0, max).map(([c]) => c);
}
