/** All collector rules, in reporting order: collector errors first, then hygiene, then NativeLink advice. */
import type { Rule } from '../../service/rules';
import { batchConfig } from './batch-config';
import { batchOrder } from './batch-order';
import { batchTuning } from './batch-tuning';
import { removedComponentType, renamedComponentType, unknownComponentType } from './component-type';
import { connectorAmbiguousId } from './connector-ambiguous-id';
import { connectorCycle } from './connector-cycle';
import { connectorWiring } from './connector-wiring';
import { duplicateReference } from './duplicate-reference';
import { exporterEndpoint } from './exporter-endpoint';
import { healthCheckEnabled } from './health-check';
import { highCardinalityLabels } from './high-cardinality-labels';
import { internalTelemetry } from './internal-telemetry';
import { invalidComponentId, invalidPipelineId } from './invalid-id';
import { memoryLimitTuning } from './memory-limit-tuning';
import { memoryLimiterConfig } from './memory-limiter-config';
import { memoryLimiterPlacement } from './memory-limiter-placement';
import { metricsToPrometheus } from './metrics-to-prometheus';
import { otlpGrpcForNativelink } from './otlp-grpc-for-nativelink';
import { otlpPorts } from './otlp-ports';
import { otlpReceiverProtocols } from './otlp-receiver-protocols';
import { pipelineIncomplete } from './pipeline-incomplete';
import { requiredSections } from './required-sections';
import { undefinedComponent } from './undefined-component';
import { unsupportedSignal } from './unsupported-signal';
import { unusedComponent } from './unused-component';

export const collectorRules: Rule[] = [
  requiredSections,
  invalidComponentId,
  invalidPipelineId,
  unknownComponentType,
  removedComponentType,
  renamedComponentType,
  undefinedComponent,
  pipelineIncomplete,
  duplicateReference,
  connectorAmbiguousId,
  connectorWiring,
  connectorCycle,
  unsupportedSignal,
  batchConfig,
  memoryLimiterConfig,
  otlpReceiverProtocols,
  otlpGrpcForNativelink,
  exporterEndpoint,
  unusedComponent,
  memoryLimiterPlacement,
  batchOrder,
  batchTuning,
  memoryLimitTuning,
  highCardinalityLabels,
  healthCheckEnabled,
  internalTelemetry,
  otlpPorts,
  metricsToPrometheus,
];

export {
  batchConfig,
  batchOrder,
  batchTuning,
  connectorAmbiguousId,
  connectorCycle,
  connectorWiring,
  duplicateReference,
  exporterEndpoint,
  healthCheckEnabled,
  highCardinalityLabels,
  internalTelemetry,
  invalidComponentId,
  invalidPipelineId,
  memoryLimitTuning,
  memoryLimiterConfig,
  memoryLimiterPlacement,
  metricsToPrometheus,
  otlpGrpcForNativelink,
  otlpPorts,
  otlpReceiverProtocols,
  pipelineIncomplete,
  removedComponentType,
  renamedComponentType,
  requiredSections,
  undefinedComponent,
  unknownComponentType,
  unsupportedSignal,
  unusedComponent,
};
