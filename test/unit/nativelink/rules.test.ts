import * as assert from 'node:assert';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { applyEdits, marked, runRules, syntaxErrors } from './helpers';

interface Case {
  rule: string;
  severity: string;
  src: string;
  /** Index of the fix to apply (default 0); null = the finding has no fix. */
  fix?: number | null;
  tags?: string[];
  advice?: boolean;
}

const fs = (name: string) =>
  `{ name: "${name}", fast_slow: { fast: { filesystem: { content_path: "/c", temp_path: "/t", eviction_policy: { max_bytes: "1gb" } } }, slow: { noop: {} } } }`;

const cases: Case[] = [
  {
    rule: 'nativelink/undefined-store',
    severity: 'error',
    src: `{
  stores: [{ name: "CAS_MAIN", noop: {} }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ instance_name: "", cas_store: «"CAS_MIAN"» }] } }],
}`,
  },
  {
    rule: 'nativelink/undefined-scheduler',
    severity: 'error',
    src: `{
  stores: [],
  schedulers: [{ name: "MAIN_SCHEDULER", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600 } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: «"MAIN_SCHEDULR"» } } }],
}`,
  },
  {
    rule: 'nativelink/duplicate-store',
    severity: 'error',
    fix: null,
    src: `{
  stores: [
    { name: "A", noop: {} },
    { name: «"A"», noop: {} },
  ],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/duplicate-scheduler',
    severity: 'warning',
    fix: null,
    src: `{
  stores: [],
  schedulers: [
    { name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600 } },
    { name: «"S"», simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600 } },
  ],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/unused-store',
    severity: 'hint',
    fix: null,
    tags: ['unnecessary'],
    src: `{
  stores: [{ name: «"LONELY"», noop: {} }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-store-kind',
    severity: 'error',
    fix: null,
    src: `{
  stores: [
    { name: "AC", noop: {} },
    { name: "W", ref_store: { name: "MEM" } },
    { name: "MEM", memory: { eviction_policy: { max_bytes: "1gb" } } },
  ],
  workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: «"W"», upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {} } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-store-kind',
    severity: 'error',
    fix: null,
    src: `{
  stores: [
    { name: "AC", noop: {} },
    { name: "W", fast_slow: { «fast»: { memory: { eviction_policy: { max_bytes: 1000 } } }, slow: { noop: {} } } },
  ],
  workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {} } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-api-scheduler',
    severity: 'error',
    fix: null,
    src: `{
  stores: [],
  schedulers: [{ name: "REMOTE", grpc: { endpoint: { address: "grpc://sched:50052" } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: «"REMOTE"» } } }],
}`,
  },
  {
    rule: 'nativelink/redis-scheduler-store',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "R", redis_store: { addresses: ["redis://a:6379", "redis://b:6379"], mode: "cluster" } }],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, experimental_backend: { redis: { redis_store: «"R"» } } } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/cas-ac-same-store',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "MAIN", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    cas: [{ instance_name: "main", cas_store: "MAIN" }],
    ac: [{ instance_name: "main", ac_store: «"MAIN"» }],
  } }],
}`,
  },
  {
    rule: 'nativelink/worker-ac-store',
    severity: 'error',
    src: `{
  stores: [${fs('W')}],
  workers: [{ «local»: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", work_directory: "/w", platform_properties: {} } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-ac-store',
    severity: 'error',
    src: `{
  stores: [${fs('W')}],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" },
    cas_fast_slow_store: "W",
    upload_action_result: { upload_ac_results_strategy: «"everything"» },
    work_directory: "/w",
    platform_properties: {},
  } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/tls-scheme',
    severity: 'error',
    src: `{
  stores: [{ name: "G", grpc: { store_type: "cas", endpoints: [{ address: «"grpc://cas:443"», tls_config: { use_native_roots: true } }] } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/tls-scheme',
    severity: 'error',
    src: `{
  stores: [${fs('W')}, { name: "AC", noop: {} }],
  workers: [{ local: { worker_api_endpoint: { uri: «"grpcs://sched:50061"» }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {} } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/duplicate-listener',
    severity: 'error',
    fix: null,
    src: `{
  stores: [],
  servers: [
    { listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { health: {} } },
    { listener: { http: { socket_address: «"127.0.0.1:50051"» } }, services: { admin: {} } },
  ],
}`,
  },
  {
    rule: 'nativelink/duplicate-instance-name',
    severity: 'warning',
    fix: null,
    src: `{
  stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    cas: [{ instance_name: "main", cas_store: "C" }, { instance_name: «"main"», cas_store: "C" }],
  } }],
}`,
  },
  {
    rule: 'nativelink/chunking',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    cas: [{ instance_name: "", cas_store: "C", experimental_chunking: { index_store: «"C"» } }],
  } }],
}`,
  },
  {
    rule: 'nativelink/chunking',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }, { name: "I", noop: {} }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    cas: [{ instance_name: "", cas_store: "C", experimental_chunking: { index_store: "I", avg_chunk_size_bytes: «512» } }],
  } }],
}`,
  },
  {
    rule: 'nativelink/read-batching',
    severity: 'error',
    src: `{
  stores: [{ name: "G", grpc: {
    store_type: "cas",
    endpoints: [{ address: "grpc://cas:50051" }],
    forward_headers: ["authorization"],
    «experimental_read_batching»: { max_batch_bytes: "3mib" },
  } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/read-batching',
    severity: 'error',
    src: `{
  stores: [{ name: "G", grpc: { store_type: "cas", endpoints: [{ address: "grpc://cas:50051" }], experimental_read_batching: { dispatch_slots: «0» } } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/ref-store-cycle',
    severity: 'error',
    fix: null,
    src: `{
  stores: [
    { name: "A", ref_store: { name: «"B"» } },
    { name: "B", verify: { backend: { ref_store: { name: "A" } } } },
  ],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/global-max-open-files',
    severity: 'warning',
    src: `{
  stores: [],
  servers: [],
  global: { max_open_files: «8» },
}`,
  },
  {
    rule: 'nativelink/platform-properties',
    severity: 'warning',
    fix: null,
    src: `{
  stores: [${fs('W')}, { name: "AC", noop: {} }],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, supported_platform_properties: { cpu_count: "minimum" } } }],
  workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w",
    platform_properties: { cpu_count: { values: [«"eight"»] } } } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/duplicate-worker-name',
    severity: 'error',
    fix: null,
    src: `{
  stores: [${fs('W')}, { name: "AC", noop: {} }],
  workers: [
    { local: { name: "w", worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w1", platform_properties: {} } },
    { local: { name: «"w"», worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w2", platform_properties: {} } },
  ],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/redis-config',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "R", redis_store: { addresses: ["redis://a:6379", «"redis://b:6379"»] } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/redis-config',
    severity: 'error',
    src: `{
  stores: [{ name: "R", redis_store: {
    addresses: ["redis://a:6379"],
    «connection_timeout_s»: 3,
    connection_timeout_ms: 3000,
  } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/empty-list',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "G", grpc: { store_type: "ac", endpoints: «[]» } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/client-tls',
    severity: 'error',
    src: `{
  stores: [{ name: "G", grpc: { store_type: "cas", endpoints: [{ address: "grpcs://cas:443", «tls_config»: { cert_file: "/c.pem", key_file: "/k.pem" } }] } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/mongo-config',
    severity: 'error',
    fix: null,
    src: `{
  stores: [{ name: "M", experimental_mongo: { connection_string: "mongodb://db:27017", «write_concern_j»: true } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-namespaces',
    severity: 'error',
    src: `{
  stores: [${fs('W')}, { name: "AC", noop: {} }],
  workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {},
    «use_mount_namespace»: true } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/match-logging-interval',
    severity: 'warning',
    src: `{
  stores: [],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, worker_match_logging_interval_s: «-5» } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/ac-remote-compression',
    severity: 'hint',
    tags: ['unnecessary'],
    src: `{
  stores: [{ name: "G", grpc: {
    store_type: "ac",
    endpoints: [{ address: "grpc://ac:50051" }],
    «experimental_remote_cache_compression»: true,
  } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/legacy-services-map',
    severity: 'hint',
    tags: ['deprecated'],
    src: `{
  stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50051" } },
    services: {
      «cas»: {
        // the default instance
        "": {
          cas_store: "C",
        },
        other: {},
      },
    },
  }],
}`,
  },
  {
    rule: 'nativelink/legacy-bytestream',
    severity: 'hint',
    tags: ['deprecated'],
    src: `{
  stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50051" } },
    services: {
      «bytestream»: {
        cas_stores: { main: "C" },
        max_bytes_per_stream: 64000,
        persist_stream_on_disconnect_timeout: 10,
      },
    },
  }],
}`,
  },
  {
    rule: 'nativelink/alias-conflict',
    severity: 'error',
    src: `{
  stores: [${fs('W')}, { name: "AC", noop: {} }],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" },
    cas_fast_slow_store: "W",
    upload_action_result: { ac_store: "AC" },
    work_directory: "/w",
    platform_properties: {},
    «max_action_timeout»: 600,
    max_action_timeout_s: 1200,
  } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-api-exposed',
    severity: 'information',
    fix: null,
    src: `{
  stores: [{ name: "C", cache_metrics: { cache_type: "cas", backend: { noop: {} } } }],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600 } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    cas: [{ cas_store: "C" }],
    «worker_api»: { scheduler: "S" },
  } }],
}`,
  },
  {
    rule: 'nativelink/store-role',
    severity: 'warning',
    fix: null,
    src: `{
  stores: [{ name: "AC", cache_metrics: { cache_type: "ac", backend: { size_partitioning: { size: "1mb", lower_store: { noop: {} }, upper_store: { noop: {} } } } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { ac: [{ ac_store: «"AC"» }] } }],
}`,
  },
  {
    rule: 'nativelink/client-action-timeout',
    severity: 'warning',
    advice: true,
    src: `{
  stores: [],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, client_action_timeout_s: «"5s"» } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/worker-timeout-default',
    severity: 'information',
    advice: true,
    src: `{
  stores: [],
  schedulers: [{ name: "S", «simple»: {
    max_action_executing_timeout_s: 600,
  } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/max-job-retries',
    severity: 'warning',
    advice: true,
    src: `{
  stores: [],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, max_job_retries: «0» } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/action-executing-timeout',
    severity: 'information',
    advice: true,
    src: `{
  stores: [],
  schedulers: [{ name: "S", «simple»: { worker_timeout_s: 30 } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/memory-store-unbounded',
    severity: 'warning',
    advice: true,
    src: `{
  stores: [{ name: "M", «memory»: {} }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/memory-store-unbounded',
    severity: 'warning',
    advice: true,
    src: `{
  stores: [
    {
      name: "M",
      memory: {
        eviction_policy: {
          «max_bytes»: 0, // unlimited
        },
      },
    },
  ],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/cache-metrics-missing',
    severity: 'information',
    advice: true,
    src: `{
  stores: [
    {
      name: «"CAS"»,
      memory: {
        // 1 GB
        eviction_policy: { max_bytes: "1gb" },
      },
    },
  ],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ cas_store: "CAS" }] } }],
}`,
  },
  {
    rule: 'nativelink/allocation-strategy',
    severity: 'hint',
    fix: null,
    advice: true,
    src: `{
  stores: [],
  schedulers: [{ name: "S", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600, allocation_strategy: «"most_recently_used"» } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/unit-trap',
    severity: 'warning',
    advice: true,
    src: `{
  stores: [${fs('W')}, { name: "AC", noop: {} }],
  workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "W", upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {},
    max_cleanup_backoff_ms: «"2s"» } }],
  servers: [],
}`,
  },
  {
    rule: 'nativelink/unit-trap',
    severity: 'warning',
    advice: true,
    src: `{
  stores: [{ name: "G", experimental_cloud_object_store: { provider: "gcs", bucket: "b", connection_timeout_s: «3000» } }],
  servers: [],
}`,
  },
];

describe('nativelink rules: planted defects', () => {
  it('every rule has a planted-defect case', () => {
    const covered = new Set(cases.map((c) => c.rule));
    const missing = nativelinkRules.map((r) => r.id).filter((id) => !covered.has(id));
    assert.deepStrictEqual(missing, []);
  });

  it('rule ids are unique, docs are https links, advice rules link the guide or sources', () => {
    const ids = nativelinkRules.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const r of nativelinkRules) {
      assert.match(r.docs, /^https:\/\//, r.id);
      assert.ok(r.description.length > 10, r.id);
      if (r.advice && r.id !== 'nativelink/unit-trap') assert.match(r.docs, /^https:\/\/mintlify\.wiki\/TraceMachina\/nativelink\/operations\/troubleshooting#[a-z-]+$/, r.id);
    }
  });

  cases.forEach((c, i) => {
    it(`${c.rule} #${i}`, () => {
      const { text, offset, length } = marked(c.src);
      assert.deepStrictEqual(syntaxErrors(text), [], 'fixture must parse');
      const rule = nativelinkRules.find((r) => r.id === c.rule);
      assert.ok(rule, `rule ${c.rule} exists`);
      if (c.advice) assert.strictEqual(rule!.advice, true);
      const found = runRules(text, [rule!]);
      assert.strictEqual(found.length, 1, JSON.stringify(found.map((f) => f.message)));
      const f = found[0];
      assert.strictEqual(f.code, c.rule);
      assert.strictEqual(f.severity, c.severity);
      assert.deepStrictEqual({ offset: f.offset, length: f.length }, { offset, length }, `range of: ${f.message}`);
      if (c.tags) assert.deepStrictEqual(f.tags, c.tags);
      if (c.fix === null) {
        assert.ok(!f.fixes || f.fixes.length === 0, 'no fix expected');
        return;
      }
      const fix = f.fixes?.[c.fix ?? 0];
      assert.ok(fix, 'a fix is offered');
      const fixed = applyEdits(text, fix!.edits);
      assert.deepStrictEqual(syntaxErrors(fixed), [], `fixed text must parse:\n${fixed}`);
      const again = runRules(fixed, [rule!]);
      assert.deepStrictEqual(again.map((x) => x.message), [], `rule silent after fix:\n${fixed}`);
      // The fix must not introduce errors from other rules.
      const before = new Set(runRules(text).filter((x) => x.severity === 'error').map((x) => x.code));
      const newErrors = runRules(fixed).filter((x) => x.severity === 'error' && !before.has(x.code));
      assert.deepStrictEqual(newErrors.map((x) => x.message), [], fixed);
    });
  });
});
