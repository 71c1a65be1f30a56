/** All NativeLink rules (startup checks, cross-references, legacy forms, operator advice). */
import type { Rule } from '../../service/rules';
import { acRemoteCompression } from './ac-remote-compression';
import { actionExecutingTimeout } from './action-executing-timeout';
import { aliasConflict } from './alias-conflict';
import { allocationStrategy } from './allocation-strategy';
import { cacheMetrics } from './cache-metrics';
import { casAcSameStore } from './cas-ac-same-store';
import { chunking } from './chunking';
import { clientActionTimeout } from './client-action-timeout';
import { clientTls } from './client-tls';
import { duplicateInstanceName } from './duplicate-instance-name';
import { duplicateListener } from './duplicate-listener';
import { duplicateScheduler } from './duplicate-scheduler';
import { duplicateStore } from './duplicate-store';
import { duplicateWorkerName } from './duplicate-worker-name';
import { emptyList } from './empty-list';
import { globalConfig } from './global-config';
import { legacyBytestream } from './legacy-bytestream';
import { legacyServicesMap } from './legacy-services-map';
import { matchLoggingInterval } from './match-logging-interval';
import { maxJobRetries } from './max-job-retries';
import { memoryStoreUnbounded } from './memory-store-unbounded';
import { mongoConfig } from './mongo-config';
import { platformProperties } from './platform-properties';
import { readBatching } from './read-batching';
import { redisConfig } from './redis-config';
import { redisSchedulerStore } from './redis-scheduler-store';
import { refStoreCycle } from './ref-store-cycle';
import { storeRole } from './store-role';
import { tlsScheme } from './tls-scheme';
import { undefinedScheduler } from './undefined-scheduler';
import { undefinedStore } from './undefined-store';
import { unitTrap } from './unit-trap';
import { unusedStore } from './unused-store';
import { workerAcStore } from './worker-ac-store';
import { workerApiExposed } from './worker-api-exposed';
import { workerApiScheduler } from './worker-api-scheduler';
import { workerNamespaces } from './worker-namespaces';
import { workerStore } from './worker-store';
import { workerTimeout } from './worker-timeout';

export const nativelinkRules: Rule[] = [
  acRemoteCompression,
  actionExecutingTimeout,
  aliasConflict,
  allocationStrategy,
  cacheMetrics,
  casAcSameStore,
  chunking,
  clientActionTimeout,
  clientTls,
  duplicateInstanceName,
  duplicateListener,
  duplicateScheduler,
  duplicateStore,
  duplicateWorkerName,
  emptyList,
  globalConfig,
  legacyBytestream,
  legacyServicesMap,
  matchLoggingInterval,
  maxJobRetries,
  memoryStoreUnbounded,
  mongoConfig,
  platformProperties,
  readBatching,
  redisConfig,
  redisSchedulerStore,
  refStoreCycle,
  storeRole,
  tlsScheme,
  undefinedScheduler,
  undefinedStore,
  unitTrap,
  unusedStore,
  workerAcStore,
  workerApiExposed,
  workerApiScheduler,
  workerNamespaces,
  workerStore,
  workerTimeout,
];
