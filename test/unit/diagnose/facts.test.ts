import * as assert from 'node:assert/strict';
import { extractCollectorFacts, extractNativelinkFacts, parseDurationS, parseSize } from '../../../server/src/diagnose/facts';

describe('diagnose: config facts', () => {
  it('parses NativeLink sizes and durations', () => {
    assert.equal(parseSize('10gb'), 10e9);
    assert.equal(parseSize('512mib'), 512 * 1024 * 1024);
    assert.equal(parseSize(1000), 1000);
    assert.equal(parseSize('lots'), undefined);
    assert.equal(parseDurationS('1m30s'), 90);
    assert.equal(parseDurationS(30), 30);
    assert.equal(parseDurationS('500ms'), 0);
  });

  it('extracts scheduler and store facts from a JSON5 config', () => {
    const f = extractNativelinkFacts(`{
      // comment
      stores: [
        { name: "CAS_MAIN", memory: { eviction_policy: { max_bytes: "1gb" } } },
        { name: "AC_MAIN", fast_slow: { fast: { memory: { eviction_policy: { max_bytes: 1000 } } }, slow: { noop: {} } } },
      ],
      schedulers: [{ name: "MAIN", simple: { worker_timeout_s: 5, max_job_retries: 0, allocation_strategy: "most_recently_used" } }],
    }`);
    assert.equal(f.schedulerKey, 'schedulers[0].simple');
    assert.equal(f.workerTimeoutS, 5);
    assert.equal(f.maxJobRetries, 0);
    assert.equal(f.allocationStrategy, 'most_recently_used');
    assert.equal(f.cacheMetricsWrapped, false);
    assert.deepEqual(f.stores?.map((s) => [s.name, s.kind, s.maxBytes, s.key]), [
      ['CAS_MAIN', 'memory', 1e9, 'stores[0].memory.eviction_policy.max_bytes'],
      ['AC_MAIN', 'memory', 1000, 'stores[1].fast_slow.fast.memory.eviction_policy.max_bytes'],
    ]);
    const wrapped = extractNativelinkFacts('{ stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { memory: {} } } }] }');
    assert.equal(wrapped.cacheMetricsWrapped, true);
  });

  it('extracts memory_limiter, batch and an enabled health_check from a collector config', () => {
    const f = extractCollectorFacts(`
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
processors:
  memory_limiter:
    check_interval: 1s
    limit_mib: 512
    spike_limit_mib: 128
  batch/big:
    send_batch_size: 8192
service:
  extensions: [health_check]
  pipelines: {}
`);
    assert.deepEqual(f.memoryLimiter, { limitMib: 512, spikeLimitMib: 128, key: 'processors.memory_limiter.limit_mib' });
    assert.deepEqual(f.batch, { sendBatchSize: 8192, key: 'processors.batch/big' });
    assert.equal(f.healthCheckEndpoint, '0.0.0.0:13133/');
    const off = extractCollectorFacts('extensions:\n  health_check: {}\nservice:\n  extensions: []\n');
    assert.equal(off.healthCheckEndpoint, undefined);
  });
});
