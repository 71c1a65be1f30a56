/** Demo cluster simulator: NativeLink metrics as they look after the OTel collector, in a real Prometheus. */
export { startPrometheus, prometheusAvailable, freePort, PrometheusMissingError } from './prometheus';
export type { StartOptions, RunningPrometheus } from './prometheus';
export { ClusterModel, SCENARIOS, SCENARIO_NAMES, STEP_S, LARGE_SCALE } from './model';
export type { ScenarioName, ScenarioSpec, SimSpelling, ScaleOptions } from './model';
export { renderOpenMetricsHistory, renderExposition, writeOpenMetricsHistory } from './backfill';
export { ALERT_RULES_YAML } from './rules';
