export * from './types';
export { nativelinkTargets, collectorTargets, pathText } from './targets';
export { nativelinkQueries, collectorQueries, pickCollectorName } from './queries';
export type { CollectorNames, LiveQuery } from './queries';
export { evaluateTargets, collectorNamesFrom, singleValue, formatValue } from './evaluate';
export type { LiveEnv } from './evaluate';
