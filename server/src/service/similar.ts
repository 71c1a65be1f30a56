/** Damerau-free edit distance; small inputs only (keys, names), so the O(n·m) table is fine. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Words of a name: split on _ - . / and space, and at camelCase humps; lower-cased. */
function tokens(s: string): string[] {
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
  if (!w || !l) return undefined;
  const d = editDistance(w, l);
  const limit = Math.max(2, Math.floor(Math.max(w.length, l.length) / 3));
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
