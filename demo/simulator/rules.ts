/**
 * Alert rules loaded into the simulator's Prometheus: the five alerts from the troubleshooting guide,
 * rewritten in our own words with expressions that work on the collector's default spelling (and without the
 * guide's bugs: cache hits are not failures, NativeLink has no `up` series because it is never scraped).
 */
export const ALERT_RULES_YAML = `groups:
  - name: nativelink-simulator-alerts
    interval: 15s
    rules:
      - alert: NativeLinkExecutionFailuresHigh
        expr: |
          (sum(rate(nativelink_execution_completed_count_total{execution_result=~"failure|timeout"}[5m])) or vector(0))
            / sum(rate(nativelink_execution_completed_count_total[5m])) > 0.05
        for: 5m
        labels: { severity: warning }
        annotations:
          summary: "Failed executions above 5% ({{ $value | humanizePercentage }})"
      - alert: NativeLinkCacheHitRateLow
        expr: |
          sum by (cache_type) (rate(nativelink_cache_operations_total{cache_operation_name="read",cache_operation_result="hit"}[5m]))
            / sum by (cache_type) (rate(nativelink_cache_operations_total{cache_operation_name="read"}[5m])) < 0.5
        for: 10m
        labels: { severity: info }
        annotations:
          summary: "Fewer than half of {{ $labels.cache_type }} reads hit"
      - alert: NativeLinkQueueBacklog
        expr: sum(nativelink_execution_active_count{execution_stage="queued"}) > 100
        for: 15m
        labels: { severity: warning }
        annotations:
          summary: "More than 100 actions waiting for a worker"
      - alert: NativeLinkWorkersUnderused
        expr: |
          sum(nativelink_execution_active_count{execution_stage="executing"}) / sum(nativelink_worker_connected_count) < 0.3
        for: 30m
        labels: { severity: info }
        annotations:
          summary: "Under 30% of connected workers are executing"
      - alert: NativeLinkMetricsAbsent
        expr: absent(nativelink_target_info)
        for: 5m
        labels: { severity: critical }
        annotations:
          summary: "No NativeLink process has reported through the collector for 5 minutes"
`;
