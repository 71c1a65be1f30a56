/** Public entry of the vscode-free cluster engine. */
export * from './types';
export { PrometheusClient, PromError, isPromError, parseSampleValue, firstValue, toMs, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES } from './prometheus';
export { resolveNames, resolveFromNames, pickInstanceLabel, selector, labelName, labelKey, needsQuoting, seriesName, LOGICAL_METRICS } from './names';
export type { LogicalMetricDef, ResolveOptions } from './names';
export { evaluateHealth, queryRangeSeries, mergeThresholds, worstStatus, rollupStatus, areaStatus, STATUS_RANK, DEFAULT_THRESHOLDS, GUIDE_BASE, guide, ALL_CHECKS } from './health';
export type { CheckDef, CheckContext, CheckOutcome } from './checks';
export { Redactor, stripUserinfo } from './redact';
