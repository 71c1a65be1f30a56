import type { CheckDef } from './common';
import { componentUp } from './componentUp';
import { dataFreshness } from './dataFreshness';
import { errorRate } from './errorRate';
import { retryRate } from './retryRate';
import { queueDepth } from './queueDepth';
import { workerUtilization } from './workerUtilization';
import { workersConnected } from './workersConnected';
import { workerDisconnects } from './workerDisconnects';
import { cacheHitRate } from './cacheHitRate';
import { evictionRate } from './evictionRate';
import { cacheLatency } from './cacheLatency';
import { outOfOrder } from './outOfOrder';
import { rpcErrorRate } from './rpcErrorRate';
import { rpcCacheLatency } from './rpcCacheLatency';
import { schedulerMatching } from './schedulerMatching';
import { fastTierHitRate } from './fastTierHitRate';
import { backendConnections } from './backendConnections';
import { workerKeepalives } from './workerKeepalives';
import { workersDraining } from './workersDraining';
import { componentHealth } from './componentHealth';
import { executionStageSplit } from './executionStageSplit';

/** All checks in display order. */
export const ALL_CHECKS: readonly CheckDef[] = [
  componentUp,
  dataFreshness,
  errorRate,
  retryRate,
  queueDepth,
  workerUtilization,
  workersConnected,
  workerDisconnects,
  cacheHitRate,
  evictionRate,
  cacheLatency,
  outOfOrder,
  rpcErrorRate,
  rpcCacheLatency,
  schedulerMatching,
  fastTierHitRate,
  backendConnections,
  workerKeepalives,
  workersDraining,
  componentHealth,
  executionStageSplit,
];

export { componentUp, dataFreshness, errorRate, retryRate, queueDepth, workerUtilization, workersConnected, workerDisconnects, cacheHitRate, evictionRate, cacheLatency, outOfOrder };
export { rpcErrorRate, rpcCacheLatency, schedulerMatching, fastTierHitRate, backendConnections, workerKeepalives, workersDraining, componentHealth, executionStageSplit };
export type { CheckDef, CheckContext, CheckOutcome } from './common';
