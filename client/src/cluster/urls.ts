/** Prometheus' own graph page for a query, under the cluster's base URL (path prefixes kept). */
export function prometheusGraphUrl(base: string, promql: string): string {
  return `${base.replace(/\/+$/, '')}/graph?g0.expr=${encodeURIComponent(promql)}&g0.tab=0&g0.range_input=1h`;
}
