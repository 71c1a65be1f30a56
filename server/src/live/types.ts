/**
 * Live numbers on config entries (CodeLens, hover, `nativelink-check annotate`). vscode-free: the language server
 * finds the entries (targets.ts), the cluster engine fills them with numbers (evaluate.ts).
 */

/** What a config entry is, for the purpose of matching it to series. */
export type LiveTargetKind = 'cache' | 'store' | 'fast-slow' | 'execution' | 'receiver' | 'processor' | 'exporter';

export interface LiveTarget {
  /** Stable within a document: `store:CAS_MAIN`, `cache:CAS_MAIN/cas`, `execution:main`, `receiver:otlp`. */
  id: string;
  kind: LiveTargetKind;
  /** Short name shown in front of the numbers. */
  label: string;
  /** JSON path of the entry (`stores[1].cache_metrics`, `servers[0].services.execution[0]`, `receivers.otlp`). */
  path: string;
  /** Anchor range in the document (the key or entry the lens sits above). */
  offset: number;
  length: number;
  /** Label matchers that select this entry's series (underscore spelling; the evaluator adapts to UTF-8 names). */
  match: Record<string, string>;
  /** Set when no series can match this entry: the one-line reason shown instead of numbers. */
  reason?: string;
  /** Extra facts for the hover (e.g. "cache_type shared with AC_MAIN: numbers are combined"). */
  notes?: string[];
}

export type LiveFormat = 'percent' | 'perSecond' | 'seconds' | 'count' | 'bytes';

export interface LiveMetricValue {
  key: string;
  label: string;
  promql: string;
  format: LiveFormat;
  /** Undefined when the query returned nothing or a non-finite value (see `missing`). */
  value?: number;
  /** Human text of the value or of why there is none ("no series", "NaN from Prometheus"). */
  display: string;
  missing?: string;
}

export interface LiveEntryValues {
  target: LiveTarget;
  /** Evaluated metrics; empty when `reason` is set. */
  metrics: LiveMetricValue[];
  /** Why there are no numbers (from the target, or found at evaluation: "no series for cache_type=\"cas\""). */
  reason?: string;
  /** One line: "hit 92.1% · p95 3.2 ms · 140 ops/s · errors 0/s". */
  summary: string;
}
