/**
 * How full each server-wide cache is. The fuzzer's "no growth in memory" needs more than a heap curve: a heap
 * that still rises could be a leak or a bounded cache still filling. Each cache reports what it holds against
 * its bounds and how often it reached one, and can be emptied, so a run can measure the heap no cache accounts for.
 */
export interface CacheFill {
  name: string;
  entries: number;
  maxEntries: number;
  /** Characters of text held (keys or whole texts), where the cache bounds those too. */
  chars?: number;
  maxChars?: number;
  /** Times a bound was reached and something was dropped: above 0, the cache has been full. */
  evictions: number;
}

const sources: { fill: () => CacheFill; clear: () => void }[] = [];

/** Called once by each cache's module when it loads; only loaded modules report. */
export function registerCache(fill: () => CacheFill, clear: () => void): void {
  sources.push({ fill, clear });
}

export function cacheFills(): CacheFill[] {
  return sources.map((s) => s.fill());
}

/**
 * Empties every cache (the fuzzer's checkpoints only): the live heap after this and a full GC is what the
 * server keeps that no cache accounts for, so its growth over a run is a leak, whatever the caches do.
 */
export function clearCaches(): void {
  for (const s of sources) s.clear();
}
