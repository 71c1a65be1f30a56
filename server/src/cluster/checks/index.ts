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
];

export { componentUp, dataFreshness, errorRate, retryRate, queueDepth, workerUtilization, workersConnected, workerDisconnects, cacheHitRate, evictionRate, cacheLatency, outOfOrder };
export type { CheckDef, CheckContext, CheckOutcome } from './common';
