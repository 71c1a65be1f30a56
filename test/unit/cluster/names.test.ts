import * as assert from 'node:assert/strict';
import { resolveFromNames, pickInstanceLabel, selector, resolveNames } from '../../../server/src/cluster/names';
import { FakeProm } from './fakeClient';

describe('metric name resolution', () => {
  it('collector default spelling (unit suffixes, _total)', () => {
    const r = resolveFromNames(['nativelink_execution_completed_count_total', 'nativelink_execution_queue_time_seconds_bucket', 'nativelink_execution_queue_time_seconds_sum', 'nativelink_execution_queue_time_seconds_count', 'nativelink_cache_operation_duration_milliseconds_bucket', 'nativelink_cache_io_bytes_total', 'nativelink_target_info']);
    assert.equal(r.metrics.executionCompleted?.value, 'nativelink_execution_completed_count_total');
    assert.equal(r.metrics.executionQueueTime?.bucket, 'nativelink_execution_queue_time_seconds_bucket');
    assert.equal(r.metrics.executionQueueTime?.count, 'nativelink_execution_queue_time_seconds_count');
    assert.equal(r.metrics.executionQueueTime?.unitScale, 1);
    assert.equal(r.metrics.cacheOperationDuration?.unitScale, 0.001);
    assert.equal(r.metrics.cacheIo?.value, 'nativelink_cache_io_bytes_total');
    assert.equal(r.metrics.targetInfo?.value, 'nativelink_target_info');
    assert.ok(r.metrics.executionQueueTime?.spellings.includes('collector-default'));
  });
  it('shipped spelling (no unit suffix, _total on counters)', () => {
    const r = resolveFromNames(['nativelink_execution_queue_time_bucket', 'nativelink_cache_operation_duration_bucket', 'nativelink_cache_io_total', 'nativelink_worker_connections']);
    assert.equal(r.metrics.executionQueueTime?.bucket, 'nativelink_execution_queue_time_bucket');
    assert.equal(r.metrics.cacheOperationDuration?.unitScale, 0.001);
    assert.equal(r.metrics.cacheIo?.value, 'nativelink_cache_io_total');
    assert.equal(r.metrics.workerConnections?.value, 'nativelink_worker_connections');
  });
  it('add_metric_suffixes: false (no _total)', () => {
    const r = resolveFromNames(['nativelink_execution_completed_count', 'nativelink_cache_operations', 'nativelink_worker_disconnections']);
    assert.equal(r.metrics.executionCompleted?.value, 'nativelink_execution_completed_count');
    assert.equal(r.metrics.cacheOperations?.value, 'nativelink_cache_operations');
    assert.ok(r.metrics.executionCompleted?.spellings.includes('no-suffixes'));
  });
  it('no namespace (OTLP receiver path): an un-namespaced target_info is not taken for NativeLink\'s', () => {
    const r = resolveFromNames(['execution_completed_count_total', 'execution_queue_time_seconds_bucket', 'target_info']);
    assert.equal(r.metrics.executionCompleted?.value, 'execution_completed_count_total');
    assert.ok(r.metrics.executionCompleted?.spellings.includes('no-prefix'));
    // Any OpenTelemetry service behind a prometheus exporter writes target_info; it says nothing about NativeLink.
    assert.equal(r.metrics.targetInfo, undefined);
    assert.ok(!r.nativelinkNames.includes('target_info'));
    const other = resolveFromNames(['target_info', 'otelcol_process_uptime_seconds_total', 'up']);
    assert.deepEqual(Object.keys(other.metrics), []);
    assert.deepEqual(other.nativelinkNames, []);
  });
  it('UTF-8 dotted names need quoted selectors', () => {
    const r = resolveFromNames(['execution.completed.count_total', 'execution.queue.time_seconds_bucket']);
    const m = r.metrics.executionCompleted!;
    assert.equal(m.value, 'execution.completed.count_total');
    assert.equal(m.utf8, true);
    assert.equal(r.utf8Labels, true);
    assert.equal(selector(m.value!, { 'execution.result': 'success' }, true), '{"execution.completed.count_total", "execution.result"="success"}');
  });
  it('prefers the namespaced family and lists alternatives', () => {
    const r = resolveFromNames(['execution_completed_count_total', 'nativelink_execution_completed_count_total', 'nativelink_execution_queue_time_bucket', 'nativelink_execution_queue_time_seconds_bucket']);
    assert.equal(r.metrics.executionCompleted?.value, 'nativelink_execution_completed_count_total');
    assert.deepEqual(r.metrics.executionCompleted?.alternatives, ['execution_completed_count']);
    assert.equal(r.metrics.executionQueueTime?.bucket, 'nativelink_execution_queue_time_seconds_bucket');
    assert.equal(r.metrics.executionQueueTime?.alternatives.length, 1);
  });
  it('does not confuse similar names', () => {
    const r = resolveFromNames(['nativelink_execution_completed_count_total', 'nativelink_cache_operation_duration_milliseconds_bucket', 'nativelink_cache_item_size_bytes_bucket']);
    assert.equal(r.metrics.cacheOperations, undefined);
    assert.equal(r.metrics.executionActive, undefined);
    assert.equal(r.metrics.cacheIo, undefined);
  });
  it('instance label: service_instance_id / exported_instance, never a collector instance', () => {
    assert.equal(pickInstanceLabel([{ exported_instance: 'u', instance: 'c:9464', job: 'otel' }]).instanceLabel, 'exported_instance');
    assert.equal(pickInstanceLabel([{ service_instance_id: 'u', exported_instance: 'u', instance: 'c:9464', job: 'otel' }]).instanceLabel, 'service_instance_id');
    assert.equal(pickInstanceLabel([{ instance: 'c:9464', job: 'otel' }]).instanceLabel, null);
    assert.equal(pickInstanceLabel([{ instance: 'c:9464', job: 'otel-collector' }]).collectorJob, 'otel-collector');
    // Direct OTLP ingestion: the job is NativeLink's own, and instance is the service.instance.id.
    assert.equal(pickInstanceLabel([{ instance: 'uuid', job: 'nativelink/nativelink' }]).instanceLabel, 'instance');
  });
  it('resolveNames uses label values + one series lookup', async () => {
    const fake = new FakeProm([]);
    const r = await resolveNames(fake, { now: 1_700_000_000_000 });
    assert.equal(r.instanceLabel, 'service_instance_id');
    assert.equal(r.collectorJob, 'otel-collector');
    assert.ok(r.nativelinkNames.includes('nativelink_target_info'));
  });
});

describe('pickInstanceLabel: defensive about shapes', () => {
  it('ignores entries that are not label maps and values that are not strings', () => {
    const r = pickInstanceLabel([null, 5, 'x', [], { service_instance_id: 7, job: null }, { exported_instance: 'a', job: 'otel-collector' }] as unknown[]);
    assert.equal(r.instanceLabel, 'exported_instance');
    assert.equal(r.collectorJob, 'otel-collector');
    assert.deepEqual(pickInstanceLabel([null, undefined] as unknown[]), { instanceLabel: null, collectorJob: null });
  });
});
