/**
 * Prometheus' own graph page for a query, under the cluster's base URL (path prefixes kept). Only
 * http(s) bases: a settings value must never make "open" launch another scheme's handler.
 */
export function prometheusGraphUrl(base: string, promql: string): string | undefined {
  if (!/^https?:\/\//i.test(base)) return undefined;
  return `${base.replace(/\/+$/, '')}/graph?g0.expr=${encodeURIComponent(promql)}&g0.tab=0&g0.range_input=1h`;
}
