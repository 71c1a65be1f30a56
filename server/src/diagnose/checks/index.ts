import type { DiagnoseCheck } from '../types';
import { prometheusReady } from './prometheusReady';
import { nativelinkMetrics } from './nativelinkMetrics';
import { otelResource } from './otelResource';
import { collectorHealth } from './collectorHealth';
import { collectorReceiving } from './collectorReceiving';
import { collectorExports } from './collectorExports';
import { cacheMetrics } from './cacheMetrics';
import { collectorMemory } from './collectorMemory';
import { metricCardinality } from './metricCardinality';
import { outOfOrder } from './outOfOrder';
import { workersAvailable } from './workersAvailable';
import { workerDisconnects } from './workerDisconnects';
import { executionFailures } from './executionFailures';
import { executionTimeouts } from './executionTimeouts';
import { executionRetries } from './executionRetries';
import { cacheHitRate } from './cacheHitRate';
import { cacheEvictions } from './cacheEvictions';
import { cacheErrors } from './cacheErrors';
import { queueDepth } from './queueDepth';
import { workerUtilization } from './workerUtilization';
import { cacheLatency } from './cacheLatency';
import { alertRules } from './alertRules';
import { alertRulesLoaded } from './alertRulesLoaded';
import { rpcErrors } from './rpcErrors';
import { rpcCacheLatency } from './rpcCacheLatency';
import { schedulerMatching } from './schedulerMatching';
import { fastTier } from './fastTier';
import { backendConnections } from './backendConnections';
import { workerKeepalives } from './workerKeepalives';
import { workersDraining } from './workersDraining';
import { componentHealth } from './componentHealth';
import { executionStages } from './executionStages';

/** Every diagnosis check, in guide order. */
export const ALL_DIAGNOSE_CHECKS: readonly DiagnoseCheck[] = [
  prometheusReady,
  nativelinkMetrics,
  otelResource,
  collectorHealth,
  collectorReceiving,
  collectorExports,
  cacheMetrics,
  collectorMemory,
  metricCardinality,
  outOfOrder,
  workersAvailable,
  workerDisconnects,
  executionFailures,
  executionTimeouts,
  executionRetries,
  cacheHitRate,
  cacheEvictions,
  cacheErrors,
  queueDepth,
  workerUtilization,
  cacheLatency,
  alertRules,
  alertRulesLoaded,
  rpcErrors,
  rpcCacheLatency,
  schedulerMatching,
  fastTier,
  backendConnections,
  workerKeepalives,
  workersDraining,
  componentHealth,
  executionStages,
];

export {
  prometheusReady, nativelinkMetrics, otelResource, collectorHealth, collectorReceiving, collectorExports, cacheMetrics, collectorMemory,
  metricCardinality, outOfOrder, workersAvailable, workerDisconnects, executionFailures, executionTimeouts, executionRetries, cacheHitRate,
  cacheEvictions, cacheErrors, queueDepth, workerUtilization, cacheLatency, alertRules, alertRulesLoaded,
};
export { rpcErrors, rpcCacheLatency, schedulerMatching, fastTier, backendConnections, workerKeepalives, workersDraining, componentHealth, executionStages };
export { collectorHealthUrl } from './collectorHealth';
export { outOfOrderWindow } from './outOfOrder';
