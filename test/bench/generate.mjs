// Deterministic generators of large, valid configs for `npm run bench`.
//   generateNativeLink({ lines: 5000, seed: 1 })  -> JSON5 NativeLink config (~lines lines)
//   generateCollector({ components: 200, pipelines: 20, seed: 1 }) -> OpenTelemetry Collector YAML
// Both are meant to give zero error diagnostics through the real language service (run.mjs checks it).

/** mulberry32: small seeded PRNG so every run benches the same text. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(3, '0');

// ---------------------------------------------------------------- NativeLink (JSON5)

function nlGroup(i, r) {
  const g = pad(i);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const gb = 1 + Math.floor(r() * 50);
  const stores = `
    // ---- group ${g}: CAS on disk behind metrics, AC in memory, worker fast/slow tier
    {
      name: "CAS_FS_${g}",
      cache_metrics: {
        cache_type: "cas",
        backend: {
          filesystem: {
            content_path: "/var/lib/nativelink/${g}/cas/content",
            temp_path: "/var/lib/nativelink/${g}/cas/tmp",
            eviction_policy: {
              max_bytes: "${gb}gb",
            },
          },
        },
      },
    },
    {
      name: "AC_MEM_${g}",
      cache_metrics: {
        cache_type: "ac",
        backend: {
          memory: {
            eviction_policy: {
              max_bytes: ${100_000_000 + Math.floor(r() * 900) * 1_000_000},
            },
          },
        },
      },
    },
    {
      name: "CAS_VERIFIED_${g}",
      verify: {
        backend: {
          ref_store: {
            name: "CAS_FS_${g}",
          },
        },
        verify_size: true,
        verify_hash: true,
      },
    },
    {
      name: "WORKER_FAST_SLOW_${g}",
      fast_slow: {
        fast: {
          filesystem: {
            content_path: "/var/lib/nativelink/${g}/worker/content",
            temp_path: "/var/lib/nativelink/${g}/worker/tmp",
            eviction_policy: {
              max_bytes: "${1 + Math.floor(r() * 20)}gb",
            },
          },
        },
        slow: {
          ref_store: {
            name: "CAS_FS_${g}",
          },
        },
      },
    },`;
  const scheduler = `
    {
      name: "SCHED_${g}",
      simple: {
        supported_platform_properties: {
          cpu_count: "minimum",
          memory_kb: "minimum",
          cpu_arch: "exact",
          OSFamily: "priority",
          "container-image": "priority",
        },
        allocation_strategy: "${pick(['least_recently_used', 'most_recently_used'])}",
        worker_timeout_s: 30,
        client_action_timeout_s: 60,
        max_action_executing_timeout_s: ${600 + Math.floor(r() * 3000)},
        max_job_retries: ${1 + Math.floor(r() * 5)},
      },
    },`;
  const wport = 50061 + i * 2;
  const worker = `
    {
      local: {
        name: "worker-${g}",
        worker_api_endpoint: {
          uri: "grpc://127.0.0.1:${wport}",
        },
        cas_fast_slow_store: "WORKER_FAST_SLOW_${g}",
        upload_action_result: {
          ac_store: "AC_MEM_${g}",
        },
        work_directory: "/var/lib/nativelink/${g}/work",
        platform_properties: {
          cpu_count: {
            values: ["${pick([4, 8, 16, 32, 64])}"],
          },
          memory_kb: {
            values: ["${pick([8, 16, 32, 64])}000000"],
          },
          cpu_arch: {
            values: ["${pick(['x86_64', 'aarch64'])}"],
          },
          OSFamily: {
            values: ["linux"],
          },
          "container-image": {
            values: ["docker://ghcr.io/example/rbe-${g}:latest"],
          },
        },
      },
    },`;
  const inst = `main_${g}`;
  const servers = `
    {
      name: "public_${g}",
      listener: {
        http: {
          socket_address: "0.0.0.0:${wport - 1}",
        },
      },
      services: {
        cas: [
          {
            instance_name: "${inst}",
            cas_store: "CAS_VERIFIED_${g}",
          },
        ],
        ac: [
          {
            instance_name: "${inst}",
            ac_store: "AC_MEM_${g}",
          },
        ],
        execution: [
          {
            instance_name: "${inst}",
            cas_store: "WORKER_FAST_SLOW_${g}",
            scheduler: "SCHED_${g}",
          },
        ],
        capabilities: [
          {
            instance_name: "${inst}",
            remote_execution: {
              scheduler: "SCHED_${g}",
            },
          },
        ],
        bytestream: [
          {
            instance_name: "${inst}",
            cas_store: "CAS_VERIFIED_${g}",
          },
        ],
      },
    },
    {
      name: "workers_${g}",
      listener: {
        http: {
          socket_address: "0.0.0.0:${wport}",
        },
      },
      services: {
        // Backend API: keep it on its own port, away from clients.
        worker_api: {
          scheduler: "SCHED_${g}",
        },
        health: {},
      },
    },`;
  return { stores, scheduler, worker, servers };
}

export function generateNativeLink({ lines = 5000, seed = 1 } = {}) {
  const build = (groups) => {
    const r = rng(seed);
    const parts = Array.from({ length: groups }, (_, i) => nlGroup(i, r));
    return `// Generated by test/bench/generate.mjs (seed ${seed}, ${groups} groups). Valid NativeLink config.
{
  stores: [${parts.map((p) => p.stores).join('')}
  ],
  schedulers: [${parts.map((p) => p.scheduler).join('')}
  ],
  workers: [${parts.map((p) => p.worker).join('')}
  ],
  servers: [${parts.map((p) => p.servers).join('')}
  ],
  global: {
    max_open_files: 24576,
  },
}
`;
  };
  const perGroup = build(2).split('\n').length - build(1).split('\n').length;
  // At least `lines` lines: "a 5,000-line config" means no fewer.
  const groups = Math.max(1, Math.ceil(lines / perGroup));
  return build(groups);
}

// ---------------------------------------------------------------- Collector (YAML)

const SIGNALS = ['metrics', 'traces', 'logs'];

export function generateCollector({ components = 200, pipelines = 20, seed = 1 } = {}) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const ext = ['health_check', 'pprof', 'zpages'];
  // Budget: extensions 3, one memory_limiter + one batch + one attributes per pipeline (3*P), rest split.
  const rest = components - ext.length - 3 * pipelines;
  const nRecv = Math.floor(rest * 0.35);
  const nExp = Math.floor(rest * 0.35);
  const nProc = rest - nRecv - nExp;
  const L = [];
  L.push(`# Generated by test/bench/generate.mjs (seed ${seed}): ${components} components, ${pipelines} pipelines.`);
  L.push('receivers:');
  const receivers = [];
  for (let i = 0; i < nRecv; i++) {
    const kind = i % 3;
    if (kind === 0) {
      const id = `otlp/r${pad(i)}`;
      receivers.push({ id, signals: SIGNALS });
      L.push(`  ${id}:`, '    protocols:', '      grpc:', `        endpoint: 0.0.0.0:${i === 0 ? 4317 : 14000 + i}`, '        max_recv_msg_size_mib: 16', '        keepalive:', '          server_parameters:', '            max_connection_idle: 11s', '      http:', `        endpoint: 0.0.0.0:${i === 0 ? 4318 : 24000 + i}`);
    } else if (kind === 1) {
      const id = `prometheus/r${pad(i)}`;
      receivers.push({ id, signals: ['metrics'] });
      L.push(
        `  ${id}:`,
        '    config:',
        '      scrape_configs:',
        `        - job_name: nativelink-${pad(i)}`,
        `          scrape_interval: ${pick([10, 15, 30])}s`,
        '          static_configs:',
        `            - targets: ["nativelink-${pad(i)}:${9000 + i}"]`,
      );
    } else {
      const id = `hostmetrics/r${pad(i)}`;
      receivers.push({ id, signals: ['metrics'] });
      L.push(`  ${id}:`, `    collection_interval: ${pick([10, 30, 60])}s`, '    root_path: /hostfs', '    scrapers:', '      cpu:', '      memory:', '      disk:', '      filesystem:', '        exclude_mount_points:', '          mount_points: ["/dev/*", "/proc/*", "/sys/*"]', '          match_type: regexp', '      load:', '      network:', '        include:', '          interfaces: [eth0, ens5]', '          match_type: strict', '      paging:');
    }
  }
  L.push('', 'processors:');
  const limiters = [];
  const batches = [];
  const droppers = [];
  const middles = [];
  for (let p = 0; p < pipelines; p++) {
    const lim = `memory_limiter/p${pad(p)}`;
    limiters.push(lim);
    const limit = 512 + Math.floor(r() * 8) * 256;
    L.push(`  ${lim}:`, '    check_interval: 1s', `    limit_mib: ${limit}`, `    spike_limit_mib: ${Math.floor(limit / 4)}`);
    const b = `batch/p${pad(p)}`;
    batches.push(b);
    const size = pick([512, 1024, 2048]);
    L.push(`  ${b}:`, `    timeout: ${pick([1, 5, 10])}s`, `    send_batch_size: ${size}`, `    send_batch_max_size: ${size * 2}`);
    const a = `attributes/drop_p${pad(p)}`;
    droppers.push(a);
    L.push(`  ${a}:`, '    actions:', '      - key: execution_action_digest', '        action: delete', '      - key: action_digest', '        action: delete');
  }
  for (let i = 0; i < nProc; i++) {
    const kind = i % 4;
    if (kind === 0) {
      const id = `resource/m${pad(i)}`;
      middles.push(id);
      L.push(`  ${id}:`, '    attributes:', '      - key: service.namespace', '        value: nativelink', '        action: upsert', '      - key: deployment.environment', `        value: env-${pad(i)}`, '        action: insert', '      - key: cloud.region', `        value: ${pick(['us-east-1', 'eu-west-1', 'ap-south-1'])}`, '        action: upsert', '      - key: host.arch', '        from_attribute: arch', '        action: insert');
    } else if (kind === 1) {
      const id = `attributes/m${pad(i)}`;
      middles.push(id);
      L.push(`  ${id}:`, '    actions:', '      - key: cluster', `        value: cluster-${pad(i)}`, '        action: upsert', '      - key: instance_name', '        from_attribute: nativelink.instance_name', '        action: insert', '      - key: http.request.header.authorization', '        action: delete', '      - key: user.email', '        action: hash');
    } else if (kind === 2) {
      const id = `filter/m${pad(i)}`;
      middles.push(id);
      L.push(`  ${id}:`, '    error_mode: ignore', '    metrics:', '      metric:', `        - 'name == "debug_metric_${pad(i)}"'`, `        - 'name == "go_gc_duration_seconds" and resource.attributes["shard"] == "${pad(i)}"'`, "        - 'IsMatch(name, \"^process_.*\")'", '      datapoint:', `        - 'metric.name == "nativelink_scratch_${pad(i)}" and value_double < 0'`);
    } else {
      const id = `transform/m${pad(i)}`;
      middles.push(id);
      L.push(`  ${id}:`, '    error_mode: ignore', '    metric_statements:', '      - context: datapoint', '        statements:', `          - set(attributes["shard"], "${pad(i)}")`, '          - delete_key(attributes, "execution_action_digest")', '          - set(attributes["instance_name"], resource.attributes["nativelink.instance_name"]) where resource.attributes["nativelink.instance_name"] != nil', '      - context: resource', '        statements:', `          - set(attributes["collector.shard"], "${pad(i)}")`, '          - delete_key(attributes, "host.id")');
    }
  }
  L.push('', 'exporters:');
  const exporters = [];
  for (let i = 0; i < nExp; i++) {
    const kind = i % 4;
    if (kind === 0) {
      const id = `prometheus/e${pad(i)}`;
      exporters.push({ id, signals: ['metrics'] });
      L.push(`  ${id}:`, `    endpoint: 0.0.0.0:${19000 + i}`, '    namespace: nativelink', '    resource_to_telemetry_conversion:', '      enabled: true', '    metric_expiration: 10m');
    } else if (kind === 1) {
      const id = `otlp/e${pad(i)}`;
      exporters.push({ id, signals: SIGNALS });
      L.push(`  ${id}:`, `    endpoint: backend-${pad(i)}:4317`, '    tls:', '      insecure: true', '    retry_on_failure:', '      enabled: true', '      initial_interval: 5s', '      max_interval: 30s', '    sending_queue:', '      enabled: true', '      num_consumers: 4', `      queue_size: ${pick([1000, 5000])}`, '    timeout: 10s', '    headers:', `      X-Scope-OrgID: tenant-${pad(i)}`);
    } else if (kind === 2) {
      const id = `otlphttp/e${pad(i)}`;
      exporters.push({ id, signals: SIGNALS });
      L.push(`  ${id}:`, `    endpoint: http://backend-${pad(i)}:4318`, '    compression: gzip', '    timeout: 15s', '    retry_on_failure:', '      enabled: true', '      max_elapsed_time: 300s');
    } else {
      const id = `prometheusremotewrite/e${pad(i)}`;
      exporters.push({ id, signals: ['metrics'] });
      L.push(`  ${id}:`, `    endpoint: http://mimir-${pad(i)}:9009/api/v1/push`, '    resource_to_telemetry_conversion:', '      enabled: true', '    external_labels:', `      cluster: cluster-${pad(i)}`, '    remote_write_queue:', '      enabled: true', '      queue_size: 10000', '      num_consumers: 5');
    }
  }
  L.push('', 'extensions:', '  health_check:', '    endpoint: 0.0.0.0:13133', '  pprof:', '    endpoint: 0.0.0.0:1777', '  zpages:', '    endpoint: 0.0.0.0:55679');
  L.push('', 'service:', `  extensions: [${ext.join(', ')}]`, '  telemetry:', '    metrics:', '      level: detailed', '      readers:', '        - pull:', '            exporter:', '              prometheus:', '                host: 0.0.0.0', '                port: 8888');
  L.push('  pipelines:');
  // Every component used at least once: deal them round-robin over pipelines of a matching signal.
  const pipes = Array.from({ length: pipelines }, (_, p) => ({ name: p === 0 ? 'metrics' : `${SIGNALS[p % 3]}/p${pad(p)}`, signal: SIGNALS[p % 3], recv: [], mid: [], exp: [] }));
  const deal = (items, key) => {
    let p = 0;
    for (const it of items) {
      for (let k = 0; k < pipelines; k++) {
        const pp = pipes[(p + k) % pipelines];
        if (it.signals.includes(pp.signal)) {
          pp[key].push(it.id);
          p = (p + k + 1) % pipelines;
          break;
        }
      }
    }
  };
  deal(receivers, 'recv');
  deal(exporters, 'exp');
  middles.forEach((m, k) => {
    // filter/transform statements above are metric-only; resource/attributes work for every signal
    const metricOnly = m.startsWith('filter/') || m.startsWith('transform/');
    const cands = pipes.filter((p) => !metricOnly || p.signal === 'metrics');
    cands[k % cands.length].mid.push(m);
  });
  pipes.forEach((pp, p) => {
    if (!pp.recv.length) pp.recv.push(receivers.find((x) => x.signals.includes(pp.signal)).id);
    if (!pp.exp.length) pp.exp.push(exporters.find((x) => x.signals.includes(pp.signal)).id);
    if (pp.signal === 'metrics' && !pp.exp.some((e) => e.startsWith('prometheus'))) pp.exp.push(exporters.find((x) => x.id.startsWith('prometheus/')).id);
    const procs = [limiters[p], droppers[p], ...pp.mid, batches[p]];
    L.push(`    ${pp.name}:`, `      receivers: [${pp.recv.join(', ')}]`, '      processors:', ...procs.map((x) => `        - ${x}`), '      exporters:', ...pp.exp.map((x) => `        - ${x}`));
  });
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------- Kubernetes host (multi-document YAML)

const indentBlock = (text, n) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

/**
 * A multi-document manifest of at least `lines` lines, in the shape operators keep: per collector a ConfigMap
 * whose `collector.yaml: |` holds a generated collector config, a Service and a Deployment mounting it; plus one
 * ConfigMap holding a generated NativeLink JSON5 config. Every embedded config is valid.
 */
export function generateHost({ lines = 2000, seed = 1 } = {}) {
  const docs = [];
  const nl = generateNativeLink({ lines: 150, seed });
  docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nativelink-config\ndata:\n  nativelink-config.json5: |\n${indentBlock(nl, 4)}`);
  let total = docs[0].split('\n').length;
  for (let i = 0; total < lines; i++) {
    const col = generateCollector({ components: 30, pipelines: 3, seed: seed + i });
    const name = `collector-${pad(i)}`;
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: telemetry\ndata:\n  collector.yaml: |\n${indentBlock(col, 4)}`;
    const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - name: otlp-grpc\n      port: 4317\n`;
    const dep = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: collector\n          image: otel/opentelemetry-collector-contrib:0.98.0\n          args: ["--config=/conf/collector.yaml"]\n          env:\n            - name: CLUSTER\n              value: cluster-${pad(i)}\n          volumeMounts:\n            - name: config\n              mountPath: /conf\n      volumes:\n        - name: config\n          configMap:\n            name: ${name}\n`;
    docs.push(cm, svc, dep);
    total += [cm, svc, dep].reduce((n, d) => n + d.split('\n').length, 0);
  }
  return `# Generated by test/bench/generate.mjs (seed ${seed}): Kubernetes manifests with embedded configs.\n${docs.join('---\n')}`;
}

// ---------------------------------------------------------------- Prometheus rule file (YAML)

/** `groups:` of recording and alerting rules over NativeLink's real metric names (block, plain and quoted exprs). */
export function generateRules({ rules = 1000, perGroup = 25, seed = 1 } = {}) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const exprs = [
    (w) => `sum by (instance_name) (rate(nativelink_execution_completed_count_total{execution_result="failure"}[${w}]))`,
    (w) => `histogram_quantile(0.95, sum by (le) (rate(nativelink_execution_queue_time_seconds_bucket[${w}])))`,
    (w) => `sum by (cache_type) (rate(nativelink_cache_operations_total{cache_operation_name="read", cache_operation_result="hit"}[${w}]))`,
    () => 'sum by (execution_stage) (nativelink_execution_active_count)',
    (w) => `sum(rate(nativelink_worker_disconnections_total{worker_disconnect_reason="evicted"}[${w}]))`,
  ];
  const lines = ['groups:'];
  for (let i = 0; i < rules; i++) {
    if (i % perGroup === 0) lines.push(`  - name: nativelink_bench_${pad(i / perGroup)}`, '    interval: 30s', '    rules:');
    const id = String(i).padStart(4, '0');
    const expr = pick(exprs)(pick(['1m', '5m', '15m']));
    if (i % 3 === 0) {
      lines.push(`      - alert: NativeLinkBench${id}`, '        expr: |', `          ${expr}`, `            > ${Math.floor(r() * 100)}`, '        for: 5m', '        labels:', `          team: team_${id}`, '        annotations:', `          summary: "value {{ $value | humanize }} on {{ $labels.instance_name }}"`);
    } else {
      lines.push(`      - record: nativelink:bench_${id}`, i % 3 === 1 ? `        expr: ${expr}` : `        expr: '${expr.replace(/'/g, "''")}'`, '        labels:', `          team: team_${id}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The same rules in a Prometheus Operator `PrometheusRule` resource (`spec.groups`), the Kubernetes-hosted form. */
export function generatePrometheusRule(opts = {}) {
  const body = generateRules(opts).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
  return `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: nativelink-bench\n  namespace: monitoring\nspec:\n${body}`;
}

// ---------------------------------------------------------------- Pathological shapes

/** The skeleton every shape below shares: one server whose CAS and AC name `casStore`, so no store is unused. */
function nlWrap(stores, casStore, note) {
  return `// Generated by test/bench/generate.mjs: ${note}. Valid NativeLink config.
{
  stores: [
${stores.join(',\n')}
  ],
  schedulers: [],
  servers: [
    {
      listener: { http: { socket_address: "0.0.0.0:50051" } },
      services: {
        cas: [{ instance_name: "main", cas_store: "${casStore}" }],
        ac: [{ instance_name: "main", ac_store: "AC_MAIN" }],
      },
    },
  ],
}
`;
}

const AC_MAIN = `    { name: "AC_MAIN", memory: { eviction_policy: { max_bytes: "1gb" } } }`;

/**
 * `stores` fast_slow stores, each one's slow tier a ref_store to the next (the last ends on disk): the shape
 * that made a per-store search quadratic. About 13 lines per store, as in the 4,986-line config.
 */
export function generateRefChain({ stores = 380 } = {}) {
  const name = (i) => `CHAIN_${String(i).padStart(4, '0')}`;
  const out = [AC_MAIN];
  for (let i = 0; i < stores; i++) {
    const slow = i + 1 < stores
      ? `ref_store: {\n            name: "${name(i + 1)}",\n          }`
      : `filesystem: {\n            content_path: "/var/lib/nativelink/chain/content",\n            temp_path: "/var/lib/nativelink/chain/tmp",\n            eviction_policy: { max_bytes: "100gb" },\n          }`;
    out.push(`    {
      name: "${name(i)}",
      fast_slow: {
        fast: {
          memory: { eviction_policy: { max_bytes: "${1 + (i % 8)}gb" } },
        },
        slow: {
          ${slow},
        },
      },
    }`);
  }
  return nlWrap(out, name(0), `ref_store chain of ${stores} fast_slow stores`);
}

/** `stores` independent stores, each reached from one shard through a ref_store. */
export function generateManyStores({ stores = 1000 } = {}) {
  const name = (i) => `STORE_${String(i).padStart(4, '0')}`;
  const out = [AC_MAIN];
  for (let i = 0; i < stores; i++) {
    out.push(`    { name: "${name(i)}", cache_metrics: { cache_type: "cas", backend: { memory: { eviction_policy: { max_bytes: "${1 + (i % 16)}gb" } } } } }`);
  }
  // One dedup root references every store through a shard, so none is unused.
  const shards = Array.from({ length: stores }, (_, i) => `        { store: { ref_store: { name: "${name(i)}" } }, weight: 1 }`);
  out.push(`    {
      name: "ROOT",
      shard: {
        stores: [
${shards.join(',\n')}
        ],
      },
    }`);
  return nlWrap(out, 'ROOT', `${stores} stores under one shard`);
}

/** One store nested `depth` levels deep (fast_slow whose slow tier is the next fast_slow). */
export function generateDeepNesting({ depth = 120 } = {}) {
  let spec = '{ noop: {} }';
  for (let i = 0; i < depth; i++) spec = `{\n fast_slow: {\n fast: { memory: { eviction_policy: { max_bytes: "1gb" } } },\n slow: ${spec},\n },\n}`;
  return nlWrap([AC_MAIN, `    { name: "DEEP", ${spec.slice(1, -1)} }`], 'DEEP', `one store nested ${depth} levels deep`);
}
