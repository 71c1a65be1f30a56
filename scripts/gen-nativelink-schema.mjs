// Generator for schemas/nativelink-config.schema.json (NativeLink v1.6.6).
// node scripts/gen-nativelink-schema.mjs > schemas/nativelink-config.schema.json  (the schema is generated from this table; edit here, then regenerate)
const DOCS = {
  file: 'https://docs.nativelink.com/configuration/config-file',
  stores: 'https://docs.nativelink.com/configuration/stores',
  servers: 'https://docs.nativelink.com/configuration/servers-and-services',
  sched: 'https://docs.nativelink.com/configuration/scheduler-and-workers',
  ref: 'https://docs.nativelink.com/reference/nativelink-config',
  tuning: 'https://docs.nativelink.com/operate/tuning',
  trouble: 'https://docs.nativelink.com/operate/troubleshooting',
  obs: 'https://docs.nativelink.com/operate/observability',
};
const G = 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting';
const GUIDE = {
  workersConnect: `${G}#workers-not-connecting-to-scheduler`,
  workerDisconnect: `${G}#worker-disconnecting-frequently`,
  timeouts: `${G}#actions-timing-out`,
  retries: `${G}#high-retry-rate`,
  lowHit: `${G}#low-cache-hit-rate`,
  cacheErrors: `${G}#cache-operation-errors`,
  queue: `${G}#high-queue-depth`,
  slowCache: `${G}#slow-cache-operations`,
  cacheMetrics: `${G}#cache-metrics-missing`,
};

const PAT = {
  size: '^\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*(?:[KkMmGgTtPpEe][Ii]?)?[Bb]?|.*\\$.*)\\s*$',
  duration:
    '^\\s*(?:(?:[0-9]+(?:\\.[0-9]+)?\\s*(?:nanos|nsec|ns|micros|usec|us|µs|millis|msec|ms|seconds|second|secs|sec|s|minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|wks|wk|w|months|month|M|years|year|yrs|yr|y)\\s*)+|.*\\$.*)$',
  int: '^\\s*(?:[+-]?[0-9]+|.*\\$.*)\\s*$',
  bool: '^\\s*(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|.*\\$.*)\\s*$',
  address: '^(?:(?:[0-9]{1,3}\\.){3}[0-9]{1,3}:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+(?:%[0-9A-Za-z]+)?\\]:[0-9]{1,5}|.*\\$.*)$',
  uri: '^(?:[A-Za-z][A-Za-z0-9+.-]*://\\S+|.*\\$.*)$',
};
const U32 = 4294967295;

// ---------- field builders ----------
const withNull = (t, nullable) => (nullable ? [...(Array.isArray(t) ? t : [t]), 'null'] : t);
function o(base, opts = {}) {
  const s = { ...base };
  for (const k of ['default', 'x-unit', 'x-guide', 'x-docs', 'x-ref-kind', 'deprecationMessage', 'x-alias-of', 'maximum']) {
    if (opts[k] !== undefined) s[k] = opts[k];
  }
  if (opts.guide) s['x-guide'] = opts.guide;
  if (opts.docs) s['x-docs'] = opts.docs;
  if (opts.unit) s['x-unit'] = opts.unit;
  if (opts.refKind) s['x-ref-kind'] = opts.refKind;
  if (opts.def !== undefined) s.default = opts.def;
  if (opts.deprecated) s.deprecationMessage = opts.deprecated;
  if (opts.enumDesc) s['x-enum-descriptions'] = opts.enumDesc;
  return s;
}
/** str$ : shell-expanded string */
const str = (description, opts = {}) =>
  o({ type: withNull('string', opts.nullable), 'x-grammar': 'shellexpand', description }, opts);
/** plain string: used verbatim */
const lit = (description, opts = {}) =>
  o({ type: withNull('string', opts.nullable), 'x-grammar': 'literal', description }, opts);
const size = (description, opts = {}) =>
  o(
    {
      type: withNull(['integer', 'string'], opts.nullable),
      minimum: 0,
      ...(opts.u32 ? { maximum: U32 } : {}),
      pattern: PAT.size,
      'x-grammar': 'size',
      'x-unit': 'bytes',
      description,
    },
    opts,
  );
const dur = (description, opts = {}) =>
  o(
    {
      type: ['integer', 'string'],
      ...(opts.signed ? {} : { minimum: 0 }),
      ...(opts.u32 ? { maximum: U32 } : {}),
      pattern: PAT.duration,
      'x-grammar': opts.signed ? 'duration-signed' : 'duration',
      'x-unit': 'seconds',
      description,
    },
    opts,
  );
const int$ = (description, opts = {}) =>
  o(
    {
      type: withNull(['integer', 'string'], opts.nullable),
      minimum: 0,
      ...(opts.u32 ? { maximum: U32 } : {}),
      pattern: PAT.int,
      'x-grammar': 'int-or-string',
      description,
    },
    opts,
  );
const bool$ = (description, opts = {}) =>
  o({ type: ['boolean', 'string'], pattern: PAT.bool, 'x-grammar': 'bool-or-string', description }, opts);
const bool = (description, opts = {}) => o({ type: withNull('boolean', opts.nullable), description }, opts);
const uint = (description, opts = {}) =>
  o({ type: withNull('integer', opts.nullable), minimum: 0, ...(opts.u32 ? { maximum: U32 } : {}), description }, opts);
const num = (description, opts = {}) =>
  o({ type: withNull('number', opts.nullable), ...(opts.min !== undefined ? { minimum: opts.min } : {}), description }, opts);
const ref = (name, description, opts = {}) => o({ $ref: `#/definitions/${name}`, description }, opts);
const arr = (items, description, opts = {}) => o({ type: withNull('array', opts.nullable), items, description }, opts);
const map = (values, description, opts = {}) =>
  o({ type: withNull('object', opts.nullable), additionalProperties: values, description }, opts);

const defs = {};
/** struct: additionalProperties false always; x-deny-unknown records serde behaviour */
function struct(name, { description, deny = true, docs, props, required = [], exactlyOne, snippets, extra }) {
  const properties = {};
  for (const [k, v] of Object.entries(props)) {
    const p = { ...v };
    if (!p['x-docs'] && docs) p['x-docs'] = docs;
    properties[k] = p;
  }
  const d = { type: 'object', description };
  if (docs) d['x-docs'] = docs;
  d['x-deny-unknown'] = deny;
  d.properties = properties;
  if (required.length) d.required = required;
  d.additionalProperties = false;
  if (exactlyOne) d['x-exactly-one-of'] = exactlyOne;
  if (snippets) d.defaultSnippets = snippets;
  if (extra) Object.assign(d, extra);
  defs[name] = d;
  return d;
}
function enumDef(name, description, values, valueDescs, docs, def) {
  defs[name] = { type: 'string', description, 'x-docs': docs, enum: values, 'x-enum-descriptions': valueDescs };
  if (def !== undefined) defs[name].default = def;
}
/** Inline nullable copy of an enum definition for Option<Enum> fields. */
function enumInline(name, description, opts = {}) {
  const e = defs[name];
  return o(
    {
      type: ['string', 'null'],
      enum: [...e.enum, null],
      'x-enum-descriptions': [...e['x-enum-descriptions'], 'Not set (use the default).'],
      description,
    },
    opts,
  );
}

// =====================================================================================
// Enums
// =====================================================================================
enumDef(
  'StoreDirection',
  'Which operations are persisted to this tier of a fast_slow store.',
  ['both', 'update', 'get', 'read_only'],
  [
    'Default: writes go to this tier and reads populate it.',
    'Only writes are persisted here; reads from the other tier do not fill it.',
    'Only read-through fills this tier; writes skip it.',
    'This tier is never written by the fast_slow store.',
  ],
  DOCS.stores,
  'both',
);
enumDef(
  'StoreType',
  'Which REAPI service a grpc store talks to upstream.',
  ['cas', 'ac'],
  ['ContentAddressableStorage (+ ByteStream).', 'ActionCache.'],
  DOCS.stores,
);
enumDef(
  'RedisMode',
  'Redis deployment topology.',
  ['standard', 'sentinel', 'cluster'],
  [
    'Single Redis/Valkey node (exactly one address).',
    'Sentinel-managed primary (exactly one sentinel address). Like standard mode, it can back the Redis scheduler.',
    'Redis Cluster (several seed addresses allowed). Cannot back the Redis scheduler.',
  ],
  DOCS.stores,
  'standard',
);
enumDef(
  'ConfigDigestHashFunction',
  'Digest function used when a client does not name one.',
  ['sha256', 'blake3'],
  ['SHA-256 (the default).', 'BLAKE3.'],
  DOCS.file,
  'sha256',
);
enumDef(
  'ErrorCode',
  'gRPC status code name (PascalCase, unlike every other enum in the file).',
  [
    'Cancelled',
    'Unknown',
    'InvalidArgument',
    'DeadlineExceeded',
    'NotFound',
    'AlreadyExists',
    'PermissionDenied',
    'ResourceExhausted',
    'FailedPrecondition',
    'Aborted',
    'OutOfRange',
    'Unimplemented',
    'Internal',
    'Unavailable',
    'DataLoss',
    'Unauthenticated',
  ],
  [
    'CANCELLED (1) — retried by default.',
    'UNKNOWN (2) — retried by default.',
    'INVALID_ARGUMENT (3).',
    'DEADLINE_EXCEEDED (4) — retried by default.',
    'NOT_FOUND (5).',
    'ALREADY_EXISTS (6).',
    'PERMISSION_DENIED (7).',
    'RESOURCE_EXHAUSTED (8) — retried by default.',
    'FAILED_PRECONDITION (9).',
    'ABORTED (10) — retried by default.',
    'OUT_OF_RANGE (11).',
    'UNIMPLEMENTED (12).',
    'INTERNAL (13) — retried by default.',
    'UNAVAILABLE (14) — retried by default.',
    'DATA_LOSS (15) — retried by default.',
    'UNAUTHENTICATED (16).',
  ],
  DOCS.stores,
);
enumDef(
  'PropertyType',
  'How a platform property requested by an action constrains which workers may run it.',
  ['minimum', 'exact', 'priority', 'ignore'],
  [
    'Numeric: the worker value must be at least the requested value (e.g. cpu_count, memory_kb).',
    'String equality between request and worker value.',
    'Informational; passed to the worker, which may list several values.',
    'Accepted from clients but not used for matching; workers need not declare it.',
  ],
  DOCS.sched,
);
enumDef(
  'WorkerAllocationStrategy',
  'How the scheduler picks among several workers that can run an action.',
  ['least_recently_used', 'most_recently_used'],
  ['Spread work evenly (default).', 'Prefer the most recently used worker (better local cache locality).'],
  DOCS.sched,
  'least_recently_used',
);
enumDef(
  'HttpCompressionAlgorithm',
  'gRPC message compression algorithm.',
  ['none', 'gzip'],
  ['No compression.', 'gzip.'],
  DOCS.servers,
  'none',
);
enumDef(
  'UploadCacheResultsStrategy',
  'Which action results a worker uploads.',
  ['success_only', 'never', 'everything', 'failures_only'],
  [
    'Only results of successful actions (exit code 0).',
    'Never upload.',
    'Upload every result.',
    'Only results of failed actions.',
  ],
  DOCS.sched,
);

// =====================================================================================
// Shared building blocks
// =====================================================================================
struct('EvictionPolicy', {
  description:
    'LRU eviction limits. Each limit that is 0 (the default) is disabled; without any limit the store grows without bound.',
  docs: DOCS.stores,
  props: {
    max_bytes: size(
      'Evict least recently used entries once the total stored bytes exceed this. 0 = no size limit. Accepts "10gb"-style strings.',
      { def: 0, guide: GUIDE.lowHit },
    ),
    evict_bytes: size(
      'Extra margin evicted after max_bytes is hit: eviction continues until usage is below max_bytes minus this value. Default 0.',
      { def: 0 },
    ),
    max_seconds: dur('Evict entries not accessed for this long (seconds or a duration string such as "1h"). 0 = no age limit.', {
      def: 0,
      u32: true,
    }),
    max_count: int$('Maximum number of entries kept. 0 = no count limit.', { def: 0 }),
  },
});

struct('Retry', {
  description:
    'Retry policy with exponential back-off (delay × 2^attempt, plus jitter). All zero by default, i.e. one attempt and no retry.',
  docs: DOCS.stores,
  props: {
    max_retries: int$('How many times a failed request is retried. Default 0 (no retries).', { def: 0 }),
    delay: num('Base back-off in seconds (plain number, e.g. 0.3); doubled on every attempt. Default 0.', {
      def: 0,
      unit: 'seconds',
      min: 0,
    }),
    jitter: num('Random jitter as a fraction of the delay (0.5 = ±25 %). Plain number. Default 0.', { def: 0, min: 0 }),
    retry_on_errors: arr(
      ref('ErrorCode', 'A gRPC status code that should be retried.'),
      'gRPC codes that trigger a retry. Unset = Unknown, Cancelled, DeadlineExceeded, ResourceExhausted, Aborted, Internal, Unavailable and DataLoss.',
      { nullable: true },
    ),
  },
  extra: { 'x-guide': GUIDE.cacheErrors },
});

struct('ClientTlsConfig', {
  description:
    'Client-side TLS for outgoing gRPC connections. Either use_native_roots, or ca_file (then cert_file and key_file together for mTLS). Unknown keys are ignored by the binary.',
  deny: false,
  docs: DOCS.stores,
  props: {
    ca_file: str('PEM file with the CA certificate(s) that sign the server certificate. Required unless use_native_roots is true.', {
      nullable: true,
    }),
    cert_file: str('PEM client certificate for mutual TLS; must be given together with key_file.', { nullable: true }),
    key_file: str('PEM private key of the client certificate; must be given together with cert_file.', { nullable: true }),
    use_native_roots: bool('Trust the operating system root certificates; the file fields are then ignored. Default off.', {
      nullable: true,
    }),
  },
});

struct('GrpcEndpoint', {
  description: 'One upstream gRPC endpoint and its connection settings.',
  docs: DOCS.stores,
  required: ['address'],
  props: {
    address: str(
      'Endpoint URI such as "grpc://host:50051" or "grpcs://host:443" (grpcs is sent as https). grpcs/https require tls_config, and tls_config requires grpcs/https.',
      {},
    ),
    tls_config: ref('ClientTlsConfig', 'TLS settings for this endpoint; only valid with a grpcs:// or https:// address.'),
    concurrency_limit: int$('Per-endpoint limit on concurrent requests (tonic). Unset = no limit.', { nullable: true }),
    connect_timeout_s: dur('TCP connect timeout. 0 (default) means 30 s.', { def: 0 }),
    tcp_keepalive_s: dur('TCP keepalive interval. 0 (default) means 30 s.', { def: 0 }),
    http2_keepalive_interval_s: dur('Interval between HTTP/2 PINGs. 0 (default) means 30 s.', { def: 0 }),
    http2_keepalive_timeout_s: dur('How long to wait for an HTTP/2 PING reply. 0 (default) means 20 s.', { def: 0 }),
  },
});
defs.GrpcEndpoint.properties.address['x-grammar'] = 'uri';
defs.GrpcEndpoint.properties.address.pattern = PAT.uri;

// =====================================================================================
// Stores
// =====================================================================================
const STORE_KINDS = [
  ['memory', 'MemorySpec', 'In-process hash map store; contents are lost on restart.'],
  ['filesystem', 'FilesystemSpec', 'Persistent on-disk store; existing content is reloaded at startup.'],
  [
    'fast_slow',
    'FastSlowSpec',
    'Two tiers: reads try fast then slow (filling fast on slow hits), writes go to both. A worker\'s cas_fast_slow_store must be of this kind.',
  ],
  ['compression', 'CompressionSpec', 'Transparent LZ4 compression in front of a backend store.'],
  ['dedup', 'DedupSpec', 'Content-defined chunking: stores chunks in content_store and a per-blob index in index_store.'],
  ['existence_cache', 'ExistenceCacheSpec', 'Remembers which digests exist in the backend to avoid repeated existence checks (CAS only).'],
  [
    'completeness_checking',
    'CompletenessCheckingSpec',
    'Action-cache wrapper that only returns results whose outputs are all present in the given CAS (AC only).',
  ],
  ['size_partitioning', 'SizePartitioningSpec', 'Routes blobs smaller than `size` to lower_store and the rest to upper_store (CAS only).'],
  ['verify', 'VerifySpec', 'Checks size and/or hash of uploaded blobs before passing them to the backend.'],
  ['shard', 'ShardSpec', 'Spreads blobs over several stores by digest hash, weighted.'],
  ['ref_store', 'RefSpec', 'Points at a top-level store by name so one store can be used in several places.'],
  ['grpc', 'GrpcStoreSpec', 'Proxies to a remote REAPI CAS or AC server.'],
  ['redis_store', 'RedisSpec', 'Redis / Valkey backend (standard, sentinel or cluster).'],
  [
    'experimental_cloud_object_store',
    'ExperimentalCloudObjectSpec',
    'Object storage (S3, GCS, Azure Blob, NetApp ONTAP S3, Cloudflare R2, OCI), chosen with `provider`.',
  ],
  ['ontap_s3_existence_cache', 'OntapS3ExistenceCacheSpec', 'ONTAP S3 store with an in-memory existence index persisted to a JSON file.'],
  ['experimental_mongo', 'ExperimentalMongoSpec', 'MongoDB backend (CAS blobs and scheduler state).'],
  [
    'cache_metrics',
    'CacheMetricsSpec',
    'Wrapper that emits the nativelink_cache_* OpenTelemetry metrics for its backend. Only wrapped stores produce cache metrics.',
  ],
  ['noop', 'NoopSpec', 'Discards every write; every read is NotFound.'],
];
const STORE_KIND_KEYS = STORE_KINDS.map((k) => k[0]);
const storeKindGuide = {
  fast_slow: GUIDE.slowCache,
  compression: GUIDE.slowCache,
  cache_metrics: GUIDE.cacheMetrics,
  size_partitioning: GUIDE.lowHit,
  redis_store: GUIDE.cacheErrors,
  experimental_cloud_object_store: GUIDE.cacheErrors,
};
const storeKindDocs = { cache_metrics: `${DOCS.obs}#turn-on-cache-metrics` };
function storeKindProps() {
  const p = {};
  for (const [key, def, desc] of STORE_KINDS) {
    p[key] = ref(def, `Store kind \`${key}\`: ${desc}`, { guide: storeKindGuide[key], docs: storeKindDocs[key] ?? DOCS.stores });
  }
  return p;
}

// Snippet bodies per store kind (placeholders start at 2; 1 is the entry name).
const storeBodies = {
  memory: { eviction_policy: { max_bytes: '${2:1gb}' } },
  filesystem: {
    content_path: '${2:/var/lib/nativelink/content_path}',
    temp_path: '${3:/var/lib/nativelink/tmp_path}',
    eviction_policy: { max_bytes: '${4:10gb}' },
  },
  fast_slow: {
    fast: {
      filesystem: {
        content_path: '${2:/var/lib/nativelink/content_path}',
        temp_path: '${3:/var/lib/nativelink/tmp_path}',
        eviction_policy: { max_bytes: '${4:10gb}' },
      },
    },
    slow: { ref_store: { name: '${5:CAS_MAIN_STORE}' } },
  },
  compression: { compression_algorithm: { lz4: {} }, backend: { ref_store: { name: '${2:BACKEND_STORE}' } } },
  dedup: {
    index_store: { memory: { eviction_policy: { max_bytes: '${2:1gb}' } } },
    content_store: { ref_store: { name: '${3:CONTENT_STORE}' } },
  },
  existence_cache: { backend: { ref_store: { name: '${2:BACKEND_STORE}' } } },
  completeness_checking: {
    backend: { ref_store: { name: '${2:AC_BACKEND_STORE}' } },
    cas_store: { ref_store: { name: '${3:CAS_MAIN_STORE}' } },
  },
  size_partitioning: {
    size: '${2:128mib}',
    lower_store: { ref_store: { name: '${3:SMALL_BLOB_STORE}' } },
    upper_store: { ref_store: { name: '${4:LARGE_BLOB_STORE}' } },
  },
  verify: { backend: { ref_store: { name: '${2:BACKEND_STORE}' } }, verify_size: true, verify_hash: true },
  shard: {
    stores: [
      { store: { ref_store: { name: '${2:SHARD_A}' } }, weight: 1 },
      { store: { ref_store: { name: '${3:SHARD_B}' } }, weight: 1 },
    ],
  },
  ref_store: { name: '${2:OTHER_STORE}' },
  grpc: {
    instance_name: '${2:main}',
    endpoints: [{ address: '${3:grpc://127.0.0.1:50051}' }],
    store_type: '${4|cas,ac|}',
  },
  redis_store: { addresses: ['${2:redis://127.0.0.1:6379/}'] },
  experimental_cloud_object_store: { provider: '${2|aws,gcs,azure,ontap,r2,oci|}', bucket: '${3:my-bucket}' },
  ontap_s3_existence_cache: {
    index_path: '${2:/var/lib/nativelink/ontap-index.json}',
    sync_interval_seconds: 300,
    backend: { endpoint: '${3:https://ontap-s3-endpoint:443}', vserver_name: '${4:vserver}', bucket: '${5:bucket}' },
  },
  experimental_mongo: { connection_string: '${2:mongodb://localhost:27017}' },
  cache_metrics: { cache_type: '${2|cas,ac|}', backend: { ref_store: { name: '${3:BACKEND_STORE}' } } },
  noop: {},
};
const storeEntrySnippets = STORE_KINDS.map(([key, , desc]) => ({
  label: `${key} store`,
  description: desc,
  body: { name: key === 'fast_slow' ? '${1:WORKER_FAST_SLOW_STORE}' : '${1:STORE_NAME}', [key]: storeBodies[key] },
}));
const storeSpecSnippets = STORE_KINDS.map(([key, , desc]) => ({
  label: `${key}`,
  description: desc,
  body: { [key]: storeBodies[key] },
}));

struct('StoreEntry', {
  description:
    'A named top-level store: `name` plus exactly one store-kind key. Other parts of the config refer to it by name. The binary ignores extra keys here (only the first store-kind key counts), so typos next to the kind are silently dropped.',
  deny: false,
  docs: DOCS.stores,
  required: ['name'],
  props: {
    name: lit(
      'Unique name of this store, referenced by services, workers, schedulers and ref_store. Taken literally (no ${VAR} expansion); duplicate names are a startup error.',
    ),
    ...storeKindProps(),
  },
  exactlyOne: STORE_KIND_KEYS,
  snippets: storeEntrySnippets,
});
struct('StoreSpec', {
  description:
    'An anonymous nested store: an object with exactly one store-kind key and no name. Any second key is rejected by the binary ("expected map with a single key").',
  deny: true,
  docs: DOCS.stores,
  props: storeKindProps(),
  exactlyOne: STORE_KIND_KEYS,
  snippets: storeSpecSnippets,
});

struct('MemorySpec', {
  description: 'In-memory store. Without an eviction policy it never evicts and memory grows without bound.',
  docs: DOCS.stores,
  props: { eviction_policy: ref('EvictionPolicy', 'LRU limits for this store. Unset = never evict.', { guide: GUIDE.lowHit }) },
});

struct('FilesystemSpec', {
  description: 'Persistent on-disk store. content_path is scanned at startup; temp_path is wiped at startup.',
  docs: DOCS.stores,
  required: ['content_path', 'temp_path'],
  props: {
    content_path: str(
      'Directory holding the stored blobs; scanned at startup (invalid files are deleted). `~` is not expanded. For a worker fast store it must be on the same filesystem as work_directory.',
      { guide: GUIDE.cacheErrors },
    ),
    temp_path: str('Staging directory for in-progress writes; must be on the same filesystem as content_path. Emptied at startup.'),
    read_buffer_size: size('Read buffer size. 0 (default) means 32 KiB; normally leave it alone.', { def: 0, u32: true }),
    eviction_policy: ref('EvictionPolicy', 'LRU limits for this store. Unset = never evict (the disk fills up).', {
      guide: GUIDE.lowHit,
    }),
    block_size: size('Filesystem block size used to estimate on-disk usage. 0 (default) means 4 KiB.', { def: 0 }),
    max_concurrent_writes: int$('Cap on concurrent temp-file writes and fsyncs. 0 (default) = unlimited.', { def: 0 }),
    evict_page_cache: bool('Ask the kernel to drop cached pages after each read/write (posix_fadvise DONTNEED). Default false.', {
      def: false,
      docs: `${DOCS.tuning}#the-evict_page_cache-lever`,
    }),
  },
});

struct('FastSlowSpec', {
  description:
    'Two-tier store. Reads try `fast` first and fall back to `slow`, copying hits into fast; writes go to both tiers.',
  docs: DOCS.stores,
  extra: { 'x-guide': GUIDE.slowCache },
  required: ['fast', 'slow'],
  props: {
    fast: ref(
      'StoreSpec',
      'Tier tried first. For a worker\'s cas_fast_slow_store this must be a filesystem store (hardlinks into the work directory).',
    ),
    fast_direction: ref('StoreDirection', 'Which operations persist to the fast tier. Default "both".', { def: 'both' }),
    slow: ref('StoreSpec', 'Backing tier. For workers it must reach the same CAS that clients and the scheduler use.'),
    slow_direction: ref('StoreDirection', 'Which operations persist to the slow tier. Default "both".', { def: 'both' }),
    bypass_dedup_threshold_bytes: size(
      'Reads of blobs at least this large stream straight from slow without filling fast or joining in-flight reads. 0 (default) = disabled.',
      { def: 0 },
    ),
  },
});

struct('Lz4Config', {
  description: 'LZ4 settings; `lz4: {}` uses the defaults.',
  docs: DOCS.stores,
  props: {
    block_size: size('Uncompressed block size. 0 (default) means 64 KiB.', { def: 0, u32: true }),
    max_decode_block_size: size(
      'Largest block size accepted when decoding (guards against hostile data). 0 (default) = same as block_size.',
      { def: 0, u32: true },
    ),
  },
});
struct('CompressionAlgorithm', {
  description: 'Compression algorithm; only `lz4` exists.',
  docs: DOCS.stores,
  props: { lz4: ref('Lz4Config', 'LZ4 frame compression. Write `lz4: {}` for defaults.') },
  exactlyOne: ['lz4'],
});
struct('CompressionSpec', {
  description: 'Compresses data before handing it to the backend store. Do not put a dedup store behind it.',
  docs: DOCS.stores,
  extra: { 'x-guide': GUIDE.slowCache },
  required: ['backend', 'compression_algorithm'],
  props: {
    backend: ref('StoreSpec', 'Store that receives the compressed data.'),
    compression_algorithm: ref('CompressionAlgorithm', 'Algorithm and its settings, e.g. `{ lz4: {} }`.'),
  },
});

struct('DedupSpec', {
  description:
    'Splits blobs into content-defined chunks, keeps a per-blob chunk index in index_store and the chunks in content_store. Existence checks only consult the index.',
  docs: DOCS.stores,
  required: ['index_store', 'content_store'],
  props: {
    index_store: ref('StoreSpec', 'Small, fast store holding the per-blob chunk index.'),
    content_store: ref('StoreSpec', 'Large store holding the chunks (pairs well with compression).'),
    min_size: size('Minimum chunk size. 0 (default) means 64 KiB.', { def: 0, u32: true }),
    normal_size: size('Target average chunk size; blobs around this size or smaller are not chunked. 0 (default) means 256 KiB.', {
      def: 0,
      u32: true,
    }),
    max_size: size('Maximum chunk size. 0 (default) means 512 KiB.', { def: 0, u32: true }),
    max_concurrent_fetch_per_get: int$('Chunks downloaded in parallel per read. 0 (default) means 10.', { def: 0, u32: true }),
  },
});

struct('ExistenceCacheSpec', {
  description: 'Caches positive existence checks in front of a slow backend. Use for CAS stores only.',
  docs: DOCS.stores,
  required: ['backend'],
  props: {
    backend: ref('StoreSpec', 'Store whose existence results are cached.'),
    eviction_policy: ref('EvictionPolicy', 'Limits of the existence cache itself (not of the backend). Unset = never evict.'),
  },
});

struct('CompletenessCheckingSpec', {
  description:
    'Action-cache wrapper: a cached result is only returned when every output it references exists in cas_store. Use for AC stores only.',
  docs: DOCS.stores,
  required: ['backend', 'cas_store'],
  props: {
    backend: ref('StoreSpec', 'Store holding the action results.'),
    cas_store: ref('StoreSpec', 'CAS checked for the outputs, usually `{ ref_store: { name: "<CAS store>" } }`.'),
  },
});

struct('SizePartitioningSpec', {
  description:
    'Sends blobs smaller than `size` to lower_store and the rest to upper_store, using the digest size. Only meaningful for CAS data.',
  docs: DOCS.stores,
  required: ['size', 'lower_store', 'upper_store'],
  props: {
    size: size('Partition boundary: blobs below it go to lower_store, blobs at or above it to upper_store.'),
    lower_store: ref('StoreSpec', 'Store for blobs smaller than `size`.'),
    upper_store: ref('StoreSpec', 'Store for blobs of `size` bytes or more.'),
  },
});

struct('VerifySpec', {
  description:
    'Verifies uploads before passing them on. Usually both checks on for CAS and both off for AC (AC digests are not content hashes).',
  docs: DOCS.stores,
  required: ['backend'],
  props: {
    backend: ref('StoreSpec', 'Store that receives verified data.'),
    verify_size: bool$('Reject uploads whose length differs from the digest size. Default false.', { def: false }),
    verify_hash: bool$(
      'Reject uploads whose hash differs from the digest (hash function from the request or global.default_digest_hash_function). Default false.',
      { def: false },
    ),
  },
});

struct('ShardConfig', {
  description: 'One shard of a shard store.',
  docs: DOCS.stores,
  required: ['store', 'weight'],
  props: {
    store: ref('StoreSpec', 'Store that holds this shard.'),
    weight: int$(
      'Relative share of traffic (weight / sum of weights). The key must be present (serde requires it); null means 1.',
      { nullable: true, u32: true },
    ),
  },
});
struct('ShardSpec', {
  description: 'Distributes blobs across several stores by digest hash.',
  docs: DOCS.stores,
  required: ['stores'],
  props: {
    stores: arr(ref('ShardConfig', 'A shard and its weight.'), 'The shards; an empty list is a startup error.'),
  },
});

struct('RefSpec', {
  description: 'Reference to a top-level store by name; resolved after all top-level stores exist, so order does not matter.',
  docs: DOCS.stores,
  required: ['name'],
  props: { name: str('Name of a top-level store (from `stores[].name`).', { refKind: 'store' }) },
});

struct('GrpcReadBatchingConfig', {
  description:
    'Coalesces small reads into BatchReadBlobs calls. Cannot be combined with forward_headers (startup error). Omitted keys get the listed defaults directly.',
  docs: DOCS.stores,
  props: {
    max_blob_size_bytes: size('Only blobs up to this size are batched. Default 131072 (128 KiB).', { def: 131072 }),
    max_batch_bytes: size('Upper bound on the bytes of one batch request. Default 3145728 (3 MiB).', { def: 3145728 }),
    dispatch_slots: int$('Concurrent batch requests in flight. Default 4; 0 is a startup error.', { def: 4 }),
    max_queued_bytes: size('Bytes that may wait to be batched before callers block. Default 33554432 (32 MiB).', {
      def: 33554432,
    }),
  },
});

struct('GrpcStoreSpec', {
  description: 'Store backed by a remote REAPI server (CAS or AC).',
  docs: DOCS.stores,
  required: ['endpoints', 'store_type'],
  props: {
    instance_name: str('Instance name sent upstream (replaces the client\'s). Default "".', { def: '' }),
    endpoints: arr(ref('GrpcEndpoint', 'An upstream endpoint.'), 'Upstream endpoints; an empty list is a startup error.'),
    store_type: ref('StoreType', 'Which upstream service to call: "cas" or "ac".'),
    retry: ref('Retry', 'Retry policy for upstream calls. Default: one attempt, no retry.'),
    max_concurrent_requests: int$('Cap on concurrent upstream requests; further requests queue. 0 (default) = unlimited.', {
      def: 0,
      docs: `${DOCS.trouble}#limits-that-block-instead-of-erroring`,
    }),
    connections_per_endpoint: int$('TCP connections opened per endpoint. 0 (default) means 1.', { def: 0 }),
    rpc_timeout_s: dur('Deadline for each upstream RPC. 0 (default) = none. Too short a value breaks large uploads.', { def: 0 }),
    use_legacy_resource_names: bool$(
      'Leave the digest function out of ByteStream resource names (for old Buildbarn servers). Default false.',
      { def: false },
    ),
    headers: map(
      lit('Header value sent on every upstream call (literal, no ${VAR} expansion).'),
      'Static metadata added to every upstream call; keys are lower-cased. An invalid key or value is a startup error. Values are not shell-expanded.',
      { def: {} },
    ),
    forward_headers: arr(
      lit('Name of an inbound request header to forward.'),
      'Inbound client headers copied onto upstream calls (e.g. "authorization"). Not allowed together with experimental_read_batching.',
      { def: [] },
    ),
    experimental_read_batching: ref('GrpcReadBatchingConfig', 'Batch small reads into BatchReadBlobs. Unset = disabled.'),
    experimental_remote_cache_compression: bool$(
      'zstd wire compression for this store\'s transfers of 64 KiB or more. Unset = follows the process-wide setting (on when any capabilities entry sets remote_cache_compression). Has no effect on "ac" stores. null is not accepted.',
    ),
  },
});

struct('RedisSpec', {
  description:
    'Redis / Valkey store. The binary ignores unknown keys here. Stores that react to evictions need `notify-keyspace-events KA` on the server.',
  deny: false,
  docs: DOCS.stores,
  extra: { 'x-guide': GUIDE.cacheErrors },
  required: ['addresses'],
  props: {
    addresses: arr(
      str('Redis URL "redis://[user:pass@]host:port/db".'),
      'Server addresses. Must not be empty; standard and sentinel mode take exactly one address.',
    ),
    mode: ref('RedisMode', 'Topology. Default "standard"; only a standard-mode store can back the Redis scheduler.', {
      def: 'standard',
    }),
    key_prefix: str('Prefix prepended to every key. Default "".', { def: '' }),
    experimental_pub_sub_channel: lit('Channel to publish write notifications to. Unset = none. Not shell-expanded.', {
      nullable: true,
    }),
    command_timeout_ms: int$('Per-command timeout in milliseconds (triggers retry/reconnect). 0 (default) means 10000.', {
      def: 0,
      unit: 'milliseconds',
    }),
    connection_timeout_ms: int$('Connect timeout in milliseconds. 0 (default) means 3000.', { def: 0, unit: 'milliseconds' }),
    health_check_timeout_ms: int$('Timeout of the health-check PING in milliseconds. 0 (default) means 4000.', {
      def: 0,
      unit: 'milliseconds',
    }),
    read_chunk_size: int$('Bytes fetched per read command, as a plain integer (no "64kb" units here). 0 (default) means 65536.', {
      def: 0,
      unit: 'bytes',
    }),
    connection_pool_size: int$('Connections kept open. 0 (default) means 3.', { def: 0 }),
    key_ttl_s: int$('TTL in seconds applied to every written key. 0 (default) = never expire. Never set it on a scheduler store.', {
      def: 0,
      unit: 'seconds',
    }),
    max_chunk_uploads_per_update: int$('Chunk uploads in flight per write. 0 (default) means 10.', { def: 0 }),
    scan_count: int$('COUNT hint for SCAN. 0 (default) means 10000.', { def: 0 }),
    retry: ref('Retry', 'Retry policy. A zero delay becomes 0.1 s and zero max_retries becomes 1.'),
    max_client_permits: int$('Maximum concurrent operations against Redis. 0 (default) means 500.', {
      def: 0,
      docs: `${DOCS.trouble}#limits-that-block-instead-of-erroring`,
    }),
    max_count_per_cursor: int$('Page size of search-index cursors used by the scheduler. 0 (default) means 1500.', { def: 0 }),
    response_timeout_s: uint('Deprecated and ignored; use command_timeout_ms.', {
      def: 0,
      unit: 'seconds',
      deprecated: 'response_timeout_s is ignored; use command_timeout_ms instead.',
    }),
    connection_timeout_s: uint(
      'Deprecated: converted to milliseconds into connection_timeout_ms. Setting both is a startup error.',
      { def: 0, unit: 'seconds', deprecated: 'connection_timeout_s is deprecated; use connection_timeout_ms (milliseconds) instead.' },
    ),
    broadcast_channel_capacity: int$('Deprecated and ignored.', {
      def: 0,
      deprecated: 'broadcast_channel_capacity is ignored and can be removed.',
    }),
  },
});

// ----- cloud object stores -----
function commonObjectProps() {
  return {
    key_prefix: lit('Prefix for object keys. Unset = none. Not shell-expanded (unlike the other string fields here).', {
      nullable: true,
    }),
    retry: ref('Retry', 'Retry policy for object-store requests. Default: one attempt.', { guide: GUIDE.cacheErrors }),
    consider_expired_after_s: dur(
      'Objects whose last-modified time is older than this are treated as missing. 0 (default) = never. The store never deletes objects; use bucket lifecycle rules.',
      { def: 0, u32: true },
    ),
    max_retry_buffer_per_request: size(
      'Bytes of an upload kept in memory so it can be retried. Unset = 5 MiB (20 MiB for ontap); 0 disables upload buffering.',
      { nullable: true },
    ),
    multipart_max_concurrent_uploads: int$('Parts uploaded in parallel per multipart upload. Unset = 10.', { nullable: true }),
    insecure_allow_http: bool$('Allow plain-HTTP endpoints (testing only). Default false.', { def: false }),
    disable_http2: bool$('Force HTTP/1.1. Default false.', { def: false }),
  };
}
const providerConst = (p, desc) => ({
  type: 'string',
  const: p,
  description: desc,
});
const PROVIDERS = [
  [
    'aws',
    'ExperimentalAwsSpec',
    'Amazon S3 (credentials from the AWS SDK default chain).',
    {
      region: str('AWS region of the bucket. Default "".', { def: '' }),
      bucket: str('Bucket name. Default "".', { def: '' }),
    },
    [],
  ],
  [
    'gcs',
    'ExperimentalGcsSpec',
    'Google Cloud Storage.',
    {
      bucket: str('Bucket name. Default "".', { def: '' }),
      resumable_chunk_size: size('Chunk size of resumable uploads. Unset = 2048000 bytes; larger values are capped.', {
        nullable: true,
      }),
      authentication_required: bool$('Require credentials instead of anonymous access. Default false.', { def: false }),
      connection_timeout_s: dur(
        'Connect timeout in whole seconds (the upstream doc comment wrongly says milliseconds: 3000 means 50 minutes). 0 (default) means 3 s.',
        { def: 0 },
      ),
      read_timeout_s: dur('Read timeout in whole seconds (not milliseconds). 0 (default) means 3 s.', { def: 0 }),
    },
    [],
  ],
  [
    'azure',
    'ExperimentalAzureSpec',
    'Azure Blob Storage.',
    {
      account_name: str('Storage account name. Default "".', { def: '' }),
      container: str('Blob container name. Default "".', { def: '' }),
      endpoint: str('Custom endpoint URL (e.g. Azurite). Unset = the public Azure endpoint.', { nullable: true }),
      sas_url: str('Shared-access-signature URL; when set it overrides account_name, container and endpoint.', {
        nullable: true,
      }),
    },
    [],
  ],
  [
    'ontap',
    'ExperimentalOntapS3Spec',
    'NetApp ONTAP S3 (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION).',
    ontapProps(),
    ['endpoint', 'vserver_name', 'bucket'],
  ],
  [
    'r2',
    'ExperimentalR2Spec',
    'Cloudflare R2 (endpoint https://<account_id>.r2.cloudflarestorage.com).',
    {
      account_id: str('Cloudflare account id.'),
      bucket: str('Bucket name.'),
      access_key_id: str('R2 access key id; typically "${R2_ACCESS_KEY_ID}".', { nullable: true }),
      secret_access_key: str('R2 secret access key; typically supplied through an environment variable.', { nullable: true }),
    },
    ['account_id', 'bucket'],
  ],
  [
    'oci',
    'ExperimentalOciSpec',
    'Oracle Cloud Infrastructure Object Storage (S3-compatible, path-style).',
    {
      namespace: str('Object Storage namespace of the tenancy.'),
      region: str('OCI region, e.g. "us-phoenix-1".'),
      bucket: str('Bucket name.'),
      access_key_id: str('Customer secret key id. Unset = the AWS credential chain is used.', { nullable: true }),
      secret_access_key: str('Customer secret key. Unset = the AWS credential chain is used.', { nullable: true }),
    },
    ['namespace', 'region', 'bucket'],
  ],
];
function ontapProps() {
  return {
    endpoint: str('ONTAP S3 endpoint URL, e.g. "https://ontap-s3-endpoint:443".'),
    vserver_name: str('Name of the ONTAP SVM (vserver).'),
    bucket: str('Bucket name.'),
    root_certificates: str('PEM file with root certificates to trust for the endpoint. Unset = system roots.', { nullable: true }),
  };
}
for (const [p, name, desc, props, req] of PROVIDERS) {
  struct(name, {
    description: `Cloud object store, provider "${p}": ${desc}`,
    docs: DOCS.stores,
    required: ['provider', ...req],
    props: {
      provider: providerConst(p, `Selects the ${p} backend.`),
      ...props,
      ...commonObjectProps(),
    },
  });
}
defs.ExperimentalCloudObjectSpec = {
  type: 'object',
  description:
    'Object-storage backend. `provider` selects the variant (internally tagged): aws, gcs, azure, ontap, r2 or oci; the provider\'s keys sit next to it.',
  'x-docs': DOCS.stores,
  'x-guide': GUIDE.cacheErrors,
  'x-discriminator': 'provider',
  oneOf: PROVIDERS.map(([p, name]) => ({ $ref: `#/definitions/${name}`, description: `provider "${p}"` })),
};
struct('OntapS3Backend', {
  description: 'ONTAP S3 connection settings for ontap_s3_existence_cache (same keys as provider "ontap", but without `provider`).',
  docs: DOCS.stores,
  required: ['endpoint', 'vserver_name', 'bucket'],
  props: { ...ontapProps(), ...commonObjectProps() },
});
struct('OntapS3ExistenceCacheSpec', {
  description: 'ONTAP S3 store plus an in-memory index of existing objects that is periodically written to a JSON file.',
  docs: DOCS.stores,
  required: ['index_path', 'sync_interval_seconds', 'backend'],
  props: {
    index_path: str('JSON file the existence index is saved to and loaded from.'),
    sync_interval_seconds: int$('Seconds between index syncs, as a plain integer (duration strings such as "5m" are rejected).', {
      u32: true,
      unit: 'seconds',
    }),
    backend: ref('OntapS3Backend', 'The ONTAP S3 bucket (written without `provider`).'),
  },
});

struct('ExperimentalMongoSpec', {
  description: 'MongoDB backend for CAS data and/or scheduler state.',
  docs: DOCS.stores,
  required: ['connection_string'],
  props: {
    connection_string: str('mongodb:// or mongodb+srv:// connection URI. Empty is a startup error.'),
    database: str('Database name. "" (default) means "nativelink".', { def: '' }),
    cas_collection: str('Collection for blobs. "" (default) means "cas".', { def: '' }),
    scheduler_collection: str('Collection for scheduler state. "" (default) means "scheduler".', { def: '' }),
    key_prefix: str('Prefix for keys. Unset = "".', { nullable: true }),
    read_chunk_size: size('Bytes per read (size strings such as "64kb" work here). 0 (default) means 65536.', { def: 0 }),
    max_concurrent_uploads: int$('Deprecated and unused.', {
      def: 0,
      deprecated: 'max_concurrent_uploads is unused and can be removed.',
    }),
    connection_timeout_ms: int$('Connect timeout in milliseconds. 0 (default) means 3000.', { def: 0, unit: 'milliseconds' }),
    command_timeout_ms: int$('Command timeout in milliseconds. 0 (default) means 10000.', { def: 0, unit: 'milliseconds' }),
    enable_change_streams: bool$('Use change streams; needed for scheduler subscriptions. Default false.', { def: false }),
    write_concern_w: str('Write concern "w": "majority" or a number as a string. Unset = server default.', { nullable: true }),
    write_concern_j: bool('Wait for the journal; requires write_concern_w. Unset = server default.', { nullable: true }),
    write_concern_timeout_ms: int$('Write-concern timeout in milliseconds; requires write_concern_w.', {
      nullable: true,
      u32: true,
      unit: 'milliseconds',
    }),
    max_requests: int$('Cap on concurrent requests. Unset = unlimited; 0 is a startup error.', { nullable: true }),
  },
});

struct('CacheMetricsSpec', {
  description:
    'Emits nativelink_cache_* metrics (operations, latency, bytes) for the wrapped store. Wrapping an outer and an inner store double-counts.',
  docs: `${DOCS.obs}#turn-on-cache-metrics`,
  extra: { 'x-guide': GUIDE.cacheMetrics },
  required: ['cache_type', 'backend'],
  props: {
    cache_type: str('Value of the cache_type metric label; keep it low-cardinality, e.g. "cas" or "ac".'),
    backend: ref('StoreSpec', 'The store being measured.'),
  },
});

struct('NoopSpec', {
  description: 'No settings: write `noop: {}`. Extra keys are ignored by the binary.',
  deny: false,
  docs: DOCS.stores,
  props: {},
});

// =====================================================================================
// Schedulers
// =====================================================================================
const SCHED_KINDS = [
  ['simple', 'SimpleSpec', 'The built-in scheduler: matches actions to workers. Serves both execution and worker_api.'],
  ['grpc', 'GrpcSchedulerSpec', 'Forwards execution requests to a remote scheduler. Cannot serve worker_api.'],
  ['cache_lookup', 'CacheLookupSpec', 'Answers from the action cache when possible, otherwise passes to the nested scheduler.'],
  ['property_modifier', 'PropertyModifierSpec', 'Adds, removes or replaces platform properties, then passes to the nested scheduler.'],
  [
    'historical_resource',
    'HistoricalResourceSpec',
    'Sets CPU/memory platform properties from a hints file of past resource usage, then passes to the nested scheduler.',
  ],
];
const SCHED_KIND_KEYS = SCHED_KINDS.map((k) => k[0]);
function schedKindProps() {
  const p = {};
  for (const [key, def, desc] of SCHED_KINDS) p[key] = ref(def, `Scheduler kind \`${key}\`: ${desc}`, { docs: DOCS.sched });
  return p;
}
const schedBodies = {
  simple: {
    supported_platform_properties: { cpu_count: 'minimum', OSFamily: 'priority', 'container-image': 'priority' },
  },
  grpc: { endpoint: { address: '${2:grpc://scheduler:50052}' } },
  cache_lookup: { ac_store: '${2:AC_MAIN_STORE}', scheduler: { simple: { supported_platform_properties: {} } } },
  property_modifier: {
    modifications: [{ add: { name: '${2:OSFamily}', value: '${3:linux}' } }],
    scheduler: { simple: { supported_platform_properties: {} } },
  },
  historical_resource: {
    hints_file: '${2:/etc/nativelink/resource-hints.json}',
    scheduler: { simple: { supported_platform_properties: {} } },
  },
};
struct('SchedulerEntry', {
  description:
    'A named top-level scheduler: `name` plus exactly one scheduler-kind key. Extra keys are ignored by the binary; duplicate names are not detected (the later entry wins).',
  deny: false,
  docs: DOCS.sched,
  required: ['name'],
  props: {
    name: lit('Name referenced by execution, capabilities.remote_execution and worker_api. Taken literally (no ${VAR} expansion).'),
    ...schedKindProps(),
  },
  exactlyOne: SCHED_KIND_KEYS,
  snippets: SCHED_KINDS.map(([key, , desc]) => ({
    label: `${key} scheduler`,
    description: desc,
    body: { name: '${1:MAIN_SCHEDULER}', [key]: schedBodies[key] },
  })),
});
struct('SchedulerSpec', {
  description: 'An anonymous nested scheduler: exactly one scheduler-kind key, no name.',
  deny: true,
  docs: DOCS.sched,
  props: schedKindProps(),
  exactlyOne: SCHED_KIND_KEYS,
  snippets: SCHED_KINDS.map(([key, , desc]) => ({ label: key, description: desc, body: { [key]: schedBodies[key] } })),
});

struct('ExperimentalRedisSchedulerBackend', {
  description: 'Keeps scheduler state in Redis.',
  docs: DOCS.sched,
  required: ['redis_store'],
  props: {
    redis_store: lit(
      'Name of a top-level redis_store in "standard" or "sentinel" mode (a cluster-mode store fails at startup: the scheduler needs the type RedisStore::new_standard builds). Not shell-expanded.',
      { refKind: 'store' },
    ),
  },
});
defs.ExperimentalSimpleSchedulerBackend = {
  description: 'Where scheduler state lives: "memory" (default) or `{ redis: { redis_store: "<store>" } }`.',
  'x-docs': DOCS.sched,
  anyOf: [
    {
      type: 'string',
      enum: ['memory'],
      'x-enum-descriptions': ['In-process state (default); lost on restart.'],
      description: 'In-process scheduler state.',
    },
    {
      type: 'object',
      description: 'Redis-backed scheduler state.',
      'x-deny-unknown': true,
      properties: { redis: ref('ExperimentalRedisSchedulerBackend', 'Redis backend settings.', { docs: DOCS.sched }) },
      required: ['redis'],
      additionalProperties: false,
      'x-exactly-one-of': ['redis'],
    },
  ],
};

struct('SimpleSpec', {
  description: 'The built-in scheduler. Timeouts left at 0 use the built-in defaults noted on each field.',
  docs: DOCS.sched,
  props: {
    supported_platform_properties: map(
      ref('PropertyType', 'Matching rule for this property.'),
      'Platform property name → matching rule. Properties not listed are matched dynamically (exact when the worker declares them, otherwise unrestricted).',
      { nullable: true, guide: GUIDE.workersConnect, docs: `${DOCS.trouble}#actions-queue-forever-and-workers-sit-idle` },
    ),
    retain_completed_for_s: dur('How long finished actions stay queryable (WaitExecution). 0 (default) means 60 s.', {
      def: 0,
      u32: true,
    }),
    client_action_timeout_s: dur(
      'Fail an operation when no client has polled it for this long. 0 (default) means 60 s; values of 10 s or less are logged as an error (clients keep alive every 10 s).',
      { def: 0, guide: GUIDE.timeouts },
    ),
    worker_timeout_s: dur('Drop a worker that has sent nothing for this long. 0 (default) means 5 s.', {
      def: 0,
      guide: GUIDE.workersConnect,
      docs: `${DOCS.trouble}#worker-connection-churn`,
    }),
    max_action_executing_timeout_s: dur(
      'Requeue an action that has been executing without progress updates for this long. 0 (default) = disabled.',
      { def: 0, guide: GUIDE.timeouts },
    ),
    unacknowledged_kill_timeout_s: dur('Evict a worker that does not acknowledge a kill request within this time. 0 (default) means 60 s.', {
      def: 0,
    }),
    max_job_retries: int$(
      'Retries after an internal error or timeout. 0 (default) means 3; there is no way to disable retries.',
      { def: 0, guide: GUIDE.retries, docs: `${DOCS.trouble}#retries` },
    ),
    allocation_strategy: ref('WorkerAllocationStrategy', 'How to choose among eligible workers. Default "least_recently_used".', {
      def: 'least_recently_used',
      guide: GUIDE.queue,
    }),
    experimental_backend: ref('ExperimentalSimpleSchedulerBackend', 'Where scheduler state is kept. Default "memory".'),
    worker_match_logging_interval_s: dur(
      'Period of the "no worker matched" log. Default 10; -1 or 0 disables it (other negative values log an error and disable).',
      { signed: true, def: 10 },
    ),
    fallback_match_interval_s: dur('Period of the safety-net matching pass. Default 5; 0 or negative disables it.', {
      signed: true,
      def: 5,
    }),
  },
});

struct('GrpcSchedulerSpec', {
  description: 'Forwards execution to a remote scheduler over gRPC. It provides no worker scheduler, so worker_api cannot use it.',
  docs: DOCS.sched,
  required: ['endpoint'],
  props: {
    endpoint: ref('GrpcEndpoint', 'The upstream scheduler (a single object, not a list).'),
    retry: ref('Retry', 'Retry policy for upstream calls.'),
    max_concurrent_requests: int$('Cap on concurrent upstream requests. 0 (default) = unlimited.', { def: 0 }),
    connections_per_endpoint: int$('TCP connections to the endpoint. 0 (default) means 1.', { def: 0 }),
  },
});

struct('CacheLookupSpec', {
  description: 'Returns a cached ActionResult when the action cache has one; otherwise forwards to the nested scheduler.',
  docs: DOCS.sched,
  required: ['ac_store', 'scheduler'],
  props: {
    ac_store: lit('Top-level store used as the action cache, usually a completeness_checking store. Not shell-expanded.', {
      refKind: 'store',
    }),
    scheduler: ref('SchedulerSpec', 'Scheduler that runs actions missing from the cache.'),
  },
});

struct('PlatformPropertyAddition', {
  description: 'Adds (or overwrites) a platform property.',
  docs: DOCS.sched,
  required: ['name', 'value'],
  props: { name: lit('Property name.'), value: lit('Property value.') },
});
struct('PlatformPropertyReplacement', {
  description: 'Renames a property and/or changes its value.',
  docs: DOCS.sched,
  required: ['name', 'new_name'],
  props: {
    name: lit('Property to match.'),
    value: lit('Only replace when the property has this value. Unset = any value.', { nullable: true }),
    new_name: lit('New property name.'),
    new_value: lit('New value. Unset = keep the current value.', { nullable: true }),
  },
});
struct('PropertyModification', {
  description: 'One modification step: exactly one of add, remove or replace.',
  docs: DOCS.sched,
  props: {
    add: ref('PlatformPropertyAddition', 'Add a property with a value.'),
    remove: lit('Name of the property to remove.'),
    replace: ref('PlatformPropertyReplacement', 'Rename and/or re-value a property.'),
  },
  exactlyOne: ['add', 'remove', 'replace'],
});
struct('PropertyModifierSpec', {
  description: 'Rewrites the platform properties of each action, in order, before passing it on.',
  docs: DOCS.sched,
  required: ['modifications', 'scheduler'],
  props: {
    modifications: arr(ref('PropertyModification', 'A modification step.'), 'Modifications applied in list order.'),
    scheduler: ref('SchedulerSpec', 'Scheduler that receives the modified action.'),
  },
});

struct('HistoricalResourceSpec', {
  description: 'Raises CPU and memory platform properties using a JSON hints file of past resource usage.',
  docs: DOCS.sched,
  required: ['hints_file', 'scheduler'],
  props: {
    hints_file: str('Strict-JSON file of hints (an array, or { "hints": [...] }) keyed by target_id and/or action_mnemonic.'),
    refresh_interval_s: dur('How often the hints file is reloaded. Default 30; 0 = load once.', { def: 30 }),
    cpu_property_name: str('Platform property set as the CPU minimum. Default "cpu_count".', { def: 'cpu_count' }),
    memory_property_name: str('Platform property set as the memory minimum, in KiB. Default "memory_kb".', { def: 'memory_kb' }),
    scheduler: ref('SchedulerSpec', 'Scheduler that receives the adjusted action.'),
  },
});

// =====================================================================================
// Servers and services
// =====================================================================================
struct('TlsConfig', {
  description: 'Server TLS (and mTLS when client_ca_file is set). ALPN h2 is always advertised.',
  docs: DOCS.servers,
  required: ['cert_file', 'key_file'],
  props: {
    cert_file: str('PEM certificate chain of the server.'),
    key_file: str('PEM file with exactly one private key.'),
    client_ca_file: str('PEM CA bundle used to verify client certificates; setting it turns on mutual TLS.', { nullable: true }),
    client_crl_file: str('PEM certificate revocation lists; only used together with client_ca_file.', { nullable: true }),
  },
});
struct('HttpCompressionConfig', {
  description: 'gRPC message compression for this listener.',
  docs: DOCS.servers,
  required: ['accepted_compression_algorithms'],
  props: {
    send_compression_algorithm: enumInline('HttpCompressionAlgorithm', 'Compression used for responses. Unset = "none".'),
    accepted_compression_algorithms: arr(
      ref('HttpCompressionAlgorithm', 'An accepted algorithm.'),
      'Algorithms accepted from clients. The key is required whenever `compression` is present (may be []).',
    ),
  },
});
const h2 = (d, extra = {}) => int$(d, { nullable: true, u32: true, ...extra });
struct('HttpServerConfig', {
  description:
    'HTTP/2 tuning passed to hyper; every unset value keeps hyper\'s default. Numeric values are plain integers (no duration strings).',
  docs: DOCS.servers,
  props: {
    http2_keep_alive_interval: h2('Seconds between server keep-alive PINGs. Unset = none.', { unit: 'seconds' }),
    experimental_http2_max_pending_accept_reset_streams: h2('Limit on pending-accept reset streams.'),
    experimental_http2_initial_stream_window_size: h2('Initial per-stream flow-control window, in bytes.', { unit: 'bytes' }),
    experimental_http2_initial_connection_window_size: h2('Initial connection flow-control window, in bytes.', { unit: 'bytes' }),
    experimental_http2_adaptive_window: bool('Use BDP-based adaptive flow-control windows.', { nullable: true }),
    experimental_http2_max_frame_size: h2('Maximum HTTP/2 frame size, in bytes.', { unit: 'bytes' }),
    experimental_http2_max_concurrent_streams: h2('Maximum concurrent streams per connection.'),
    experimental_http2_keep_alive_timeout_s: h2('Seconds to wait for a keep-alive PING reply (integer, not "60s").', {
      unit: 'seconds',
    }),
    experimental_http2_keep_alive_timeout: h2('Old spelling of experimental_http2_keep_alive_timeout_s.', {
      unit: 'seconds',
      'x-alias-of': 'experimental_http2_keep_alive_timeout_s',
      deprecated: 'Renamed to experimental_http2_keep_alive_timeout_s (NativeLink 1.6.0); the old name still works.',
    }),
    experimental_http2_max_send_buf_size: h2('Maximum send buffer per stream, in bytes.', { unit: 'bytes' }),
    experimental_http2_enable_connect_protocol: bool('Enable the HTTP/2 extended CONNECT protocol.', { nullable: true }),
    experimental_http2_max_header_list_size: h2('Maximum size of a received header list, in bytes.', { unit: 'bytes' }),
  },
});
struct('HttpListener', {
  description: 'HTTP/2 (gRPC) listener.',
  docs: DOCS.servers,
  required: ['socket_address'],
  props: {
    socket_address: o(
      {
        type: 'string',
        pattern: PAT.address,
        'x-grammar': 'address',
        description:
          'IP literal and port to bind, e.g. "0.0.0.0:50051" or "[::]:50051". Host names and ":8080" are rejected. Two servers on one address fail only when binding.',
      },
      {},
    ),
    freebind: bool('Set IP_FREEBIND so the address can be bound before it exists on the host. Default false.', { def: false }),
    compression: ref('HttpCompressionConfig', 'gRPC compression settings. Unset = no compression.'),
    advanced_http: ref('HttpServerConfig', 'HTTP/2 tuning. Unset = hyper defaults.'),
    max_decoding_message_size: size('Largest decoded gRPC message accepted per service on this listener. 0 (default) means 4 MiB.', {
      def: 0,
    }),
    tls: ref('TlsConfig', 'Serve TLS. Unset = plaintext.'),
  },
});
struct('ListenerConfig', {
  description: 'Listener; the only kind is `http`. Extra keys next to it are ignored by the binary.',
  deny: false,
  docs: DOCS.servers,
  props: { http: ref('HttpListener', 'HTTP/2 listener serving gRPC and the HTTP endpoints.') },
  exactlyOne: ['http'],
});
struct('IdentityHeaderSpec', {
  description: 'Client identity requirement. Unknown keys are ignored by the binary.',
  deny: false,
  docs: DOCS.servers,
  props: {
    header_name: str('Documented as the identity header name (default "x-identity"), but not read by v1.6.6.', { nullable: true }),
    required: bool(
      'Reject requests without an OpenTelemetry Baggage entry enduser.id (FailedPrecondition). Default false.',
      { def: false },
    ),
  },
});

// service entries: array entry (instance_name + flattened fields, lenient) and legacy map value (strict)
const instanceName = () =>
  lit('Instance name clients must use for this entry. Default "" (empty instance name, valid and common). Not shell-expanded.', {
    def: '',
  });
function service(baseName, entryName, description, props, required) {
  struct(baseName, {
    description: `${description} (value of the deprecated map form \`{ "<instance_name>": { … } }\`).`,
    docs: DOCS.servers,
    required,
    props,
  });
  struct(entryName, {
    description: `${description} Unknown keys are silently ignored by the binary here, and any error inside the list is reported without a field name.`,
    deny: false,
    docs: DOCS.servers,
    required,
    props: { instance_name: instanceName(), ...props },
  });
}
function serviceList(baseName, entryName, description) {
  return {
    description,
    'x-docs': DOCS.servers,
    anyOf: [
      {
        type: ['array', 'null'],
        description: 'List of per-instance entries.',
        items: ref(entryName, 'One instance of this service.'),
      },
      {
        type: 'object',
        description: 'Deprecated map form: instance name → settings.',
        additionalProperties: ref(baseName, 'Settings for the instance named by the key.'),
        deprecationMessage:
          'The map form of services is deprecated (the binary logs a warning); use a list of { instance_name, ... } entries.',
      },
    ],
  };
}
struct('CasChunkingConfig', {
  description: 'Experimental content-defined chunking for this CAS instance.',
  docs: DOCS.servers,
  props: {
    index_store: str(
      'Store for chunk layouts. Required unless cas_store is a grpc store (then it must be unset); must differ from cas_store and must not verify digests.',
      { nullable: true, refKind: 'store' },
    ),
    avg_chunk_size_bytes: uint('Average chunk size; plain integer. 0 (default) means 524288; must end up between 1024 and 1048576.', {
      def: 0,
      unit: 'bytes',
    }),
    max_chunk_count: uint('Maximum chunks per blob; plain integer. 0 (default) means 50000.', { def: 0 }),
  },
});
service(
  'CasStoreConfig',
  'CasServiceEntry',
  'REAPI ContentAddressableStorage for one instance name.',
  {
    cas_store: str('Top-level store serving CAS requests.', { refKind: 'store' }),
    experimental_chunking: ref('CasChunkingConfig', 'Content-defined chunking. Unset = disabled.'),
  },
  ['cas_store'],
);
service(
  'AcStoreConfig',
  'AcServiceEntry',
  'REAPI ActionCache for one instance name.',
  {
    ac_store: str('Top-level store serving ActionCache requests. Must not be the same store as the CAS of the same instance.', {
      refKind: 'store',
    }),
    read_only: bool('Refuse UpdateActionResult from clients. Default false.', { def: false }),
  },
  ['ac_store'],
);
struct('CapabilitiesRemoteExecutionConfig', {
  description: 'Advertises remote execution through the given scheduler.',
  docs: DOCS.servers,
  required: ['scheduler'],
  props: { scheduler: str('Name of a top-level scheduler.', { refKind: 'scheduler' }) },
});
service(
  'CapabilitiesConfig',
  'CapabilitiesServiceEntry',
  'REAPI Capabilities for one instance name (Bazel needs it).',
  {
    remote_execution: ref('CapabilitiesRemoteExecutionConfig', 'Execution support. Unset = "execution not supported".'),
    remote_cache_compression: bool$(
      'Advertise zstd compressed blobs and enable them in CAS/ByteStream; also turns on zstd for CAS grpc stores. Default false.',
      { def: false },
    ),
  },
  [],
);
service(
  'ExecutionConfig',
  'ExecutionServiceEntry',
  'REAPI Execution (and Operations) for one instance name.',
  {
    cas_store: str('Top-level store holding the inputs of actions.', { refKind: 'store' }),
    scheduler: str('Name of a top-level scheduler that runs the actions.', { refKind: 'scheduler' }),
  },
  ['cas_store', 'scheduler'],
);
const bsTimeoutDesc =
  'How long a disconnected upload stream is kept so the client can resume it. 0 (default) means 60 s.';
struct('ByteStreamServiceEntry', {
  description:
    'google.bytestream for one instance name. Unknown keys are silently ignored by the binary here, and any error inside the list is reported without a field name.',
  deny: false,
  docs: DOCS.servers,
  required: ['cas_store'],
  props: {
    instance_name: instanceName(),
    cas_store: lit('Top-level CAS store streamed through ByteStream. Not shell-expanded (unlike cas_store of the other services).', {
      refKind: 'store',
    }),
    max_bytes_per_stream: size('Bytes per streamed response message. 0 (default) means 64 KiB.', { def: 0 }),
    persist_stream_on_disconnect_timeout_s: dur(bsTimeoutDesc, { def: 0 }),
    persist_stream_on_disconnect_timeout: dur(`Old spelling of persist_stream_on_disconnect_timeout_s. ${bsTimeoutDesc}`, {
      'x-alias-of': 'persist_stream_on_disconnect_timeout_s',
      deprecated: 'Renamed to persist_stream_on_disconnect_timeout_s (NativeLink 1.6.0); the old name still works.',
    }),
  },
});
struct('OldByteStreamConfig', {
  description: 'Deprecated single-object form of the bytestream service.',
  docs: DOCS.servers,
  required: ['cas_stores'],
  extra: {
    deprecationMessage:
      'This bytestream form is deprecated; use a list of { instance_name, cas_store, ... } entries.',
  },
  props: {
    cas_stores: map(
      lit('Top-level CAS store for this instance name (not shell-expanded).', { refKind: 'store' }),
      'Instance name → top-level CAS store.',
    ),
    max_bytes_per_stream: size('Bytes per streamed response message. 0 (default) means 64 KiB.', { def: 0 }),
    max_decoding_message_size: size('Ignored (a warning is logged when non-zero); set it on the HTTP listener instead.', {
      def: 0,
      deprecated: 'Ignored for bytestream; set max_decoding_message_size on the listener instead.',
    }),
    persist_stream_on_disconnect_timeout_s: dur(bsTimeoutDesc, { def: 0 }),
    persist_stream_on_disconnect_timeout: dur(`Old spelling of persist_stream_on_disconnect_timeout_s. ${bsTimeoutDesc}`, {
      'x-alias-of': 'persist_stream_on_disconnect_timeout_s',
      deprecated: 'Renamed to persist_stream_on_disconnect_timeout_s (NativeLink 1.6.0); the old name still works.',
    }),
  },
});
service(
  'FetchConfig',
  'FetchServiceEntry',
  'Remote Asset Fetch for one instance name.',
  { fetch_store: str('Top-level store used by the Fetch service.', { refKind: 'store' }) },
  ['fetch_store'],
);
service(
  'PushConfig',
  'PushServiceEntry',
  'Remote Asset Push for one instance name.',
  {
    push_store: str('Top-level store used by the Push service.', { refKind: 'store' }),
    read_only: bool('Refuse pushes. Default false.', { def: false }),
  },
  ['push_store'],
);
struct('WorkerApiConfig', {
  description: 'Internal API workers connect to. Serve it on a separate, non-public listener.',
  docs: DOCS.servers,
  extra: { 'x-guide': GUIDE.workersConnect },
  required: ['scheduler'],
  props: {
    scheduler: str('Scheduler that hands work to workers: a simple scheduler or a wrapper around one (not grpc).', {
      refKind: 'scheduler',
    }),
    disable_kill_revoked_operations: bool('Do not ask workers to kill operations that were revoked. Default false.', { def: false }),
    kill_revoked_operations_interval_s: uint('Seconds between revoked-operation sweeps; plain integer. 0 (default) means 5.', {
      def: 0,
      unit: 'seconds',
    }),
  },
});
struct('AdminConfig', {
  description: 'REST admin endpoint (worker draining). `admin: {}` is the usual form.',
  docs: DOCS.servers,
  props: { path: lit('URL path prefix. "" (default) means "/admin". Not shell-expanded.', { def: '' }) },
});
struct('HealthConfig', {
  description: 'HTTP health endpoint. `health: {}` is the usual form.',
  docs: DOCS.servers,
  props: {
    path: lit('URL path. "" (default) means "/status". Not shell-expanded.', { def: '' }),
    timeout_seconds: uint('Seconds a health check may take; plain integer. 0 (default) means 5.', { def: 0, unit: 'seconds' }),
  },
});
struct('BepConfig', {
  description: 'Build Event Protocol ingestion. Unknown keys are ignored by the binary.',
  deny: false,
  docs: DOCS.servers,
  required: ['store'],
  props: { store: str('Top-level store that receives build events.', { refKind: 'store' }) },
});
struct('ServicesConfig', {
  description: 'gRPC/HTTP services exposed on this listener. Every key is optional.',
  docs: DOCS.servers,
  props: {
    cas: serviceList('CasStoreConfig', 'CasServiceEntry', 'REAPI ContentAddressableStorage, one entry per instance name.'),
    ac: serviceList('AcStoreConfig', 'AcServiceEntry', 'REAPI ActionCache, one entry per instance name.'),
    capabilities: serviceList(
      'CapabilitiesConfig',
      'CapabilitiesServiceEntry',
      'REAPI Capabilities, one entry per instance name (needed by Bazel).',
    ),
    execution: serviceList('ExecutionConfig', 'ExecutionServiceEntry', 'REAPI Execution, one entry per instance name.'),
    bytestream: {
      description: 'google.bytestream (blob upload/download), one entry per instance name.',
      'x-docs': DOCS.servers,
      anyOf: [
        {
          type: ['array', 'null'],
          description: 'List of per-instance entries.',
          items: ref('ByteStreamServiceEntry', 'One instance of the bytestream service.'),
        },
        ref('OldByteStreamConfig', 'Deprecated single-object form with cas_stores.', {
          deprecated: 'This bytestream form is deprecated; use a list of { instance_name, cas_store, ... } entries.',
        }),
      ],
    },
    fetch: serviceList('FetchConfig', 'FetchServiceEntry', 'Remote Asset Fetch, one entry per instance name.'),
    push: serviceList('PushConfig', 'PushServiceEntry', 'Remote Asset Push, one entry per instance name.'),
    worker_api: ref('WorkerApiConfig', 'Worker↔scheduler API; keep it off public listeners.', { guide: GUIDE.workersConnect }),
    experimental_bep: ref('BepConfig', 'Build Event Protocol ingestion.'),
    admin: ref('AdminConfig', 'Admin REST endpoint.'),
    health: ref('HealthConfig', 'Health endpoint.'),
  },
});
struct('ServerConfig', {
  description: 'One listener and the services it serves.',
  docs: DOCS.servers,
  required: ['listener', 'services'],
  props: {
    name: str('Label for logs and telemetry (not used by v1.6.6). Default "".', { def: '' }),
    listener: ref('ListenerConfig', 'Where to listen: `{ http: { socket_address: ... } }`.'),
    services: ref(
      'ServicesConfig',
      'Services served on this listener. Optional for the parser, but a server without it fails at startup ("\'services\' must be configured").',
    ),
    experimental_identity_header: ref('IdentityHeaderSpec', 'Client identity requirement. Default: not required.'),
  },
  snippets: [
    {
      label: 'public CAS/AC/execution server',
      description: 'Client-facing listener with cas, ac, capabilities, execution and bytestream.',
      body: {
        name: '${1:public}',
        listener: { http: { socket_address: '${2:0.0.0.0:50051}' } },
        services: {
          cas: [{ instance_name: '${3:main}', cas_store: '${4:CAS_MAIN_STORE}' }],
          ac: [{ instance_name: '${3:main}', ac_store: '${5:AC_MAIN_STORE}' }],
          capabilities: [{ instance_name: '${3:main}', remote_execution: { scheduler: '${6:MAIN_SCHEDULER}' } }],
          execution: [{ instance_name: '${3:main}', cas_store: '${4:CAS_MAIN_STORE}', scheduler: '${6:MAIN_SCHEDULER}' }],
          bytestream: [{ instance_name: '${3:main}', cas_store: '${4:CAS_MAIN_STORE}' }],
        },
      },
    },
    {
      label: 'cache-only server',
      description: 'Client-facing listener with cas, ac, capabilities and bytestream (no execution).',
      body: {
        name: '${1:cache}',
        listener: { http: { socket_address: '${2:0.0.0.0:50051}' } },
        services: {
          cas: [{ instance_name: '${3:main}', cas_store: '${4:CAS_MAIN_STORE}' }],
          ac: [{ instance_name: '${3:main}', ac_store: '${5:AC_MAIN_STORE}' }],
          capabilities: [{ instance_name: '${3:main}' }],
          bytestream: [{ instance_name: '${3:main}', cas_store: '${4:CAS_MAIN_STORE}' }],
        },
      },
    },
    {
      label: 'private worker_api server',
      description: 'Internal listener for workers, plus admin and health.',
      body: {
        name: '${1:private_workers_servers}',
        listener: { http: { socket_address: '${2:0.0.0.0:50061}' } },
        services: { worker_api: { scheduler: '${3:MAIN_SCHEDULER}' }, admin: {}, health: {} },
      },
    },
  ],
});

// =====================================================================================
// Workers
// =====================================================================================
struct('EndpointConfig', {
  description: 'How a worker reaches the scheduler\'s worker_api.',
  docs: DOCS.sched,
  extra: { 'x-guide': GUIDE.workersConnect },
  required: ['uri'],
  props: {
    uri: o(
      {
        type: 'string',
        pattern: PAT.uri,
        'x-grammar': 'uri',
        description:
          'URI of the worker_api listener, e.g. "grpc://scheduler:50061" ("grpcs://" needs tls_config). Shell-expanded.',
      },
      { guide: GUIDE.workersConnect },
    ),
    timeout: num('Request timeout in seconds as a plain number (5, 2.5; no strings). Unset = 5.', {
      nullable: true,
      unit: 'seconds',
      min: 0,
    }),
    tls_config: ref('ClientTlsConfig', 'TLS for the connection; only with grpcs:// or https://.'),
  },
});
struct('WorkerProperty', {
  description: 'Value source of a worker platform property: exactly one of `values` or `query_cmd`. Extra keys are ignored by the binary.',
  deny: false,
  docs: DOCS.sched,
  props: {
    values: arr(str('A property value (shell-expanded).'), 'Static values; normally one, several for "priority" properties.'),
    query_cmd: lit('Command run at startup whose stdout lines become the values. Not shell-expanded.'),
  },
  exactlyOne: ['values', 'query_cmd'],
});
defs.EnvironmentSource = {
  description: 'Where the value of an extra environment variable comes from.',
  'x-docs': DOCS.sched,
  anyOf: [
    {
      type: 'string',
      enum: ['from_environment', 'timeout_millis', 'side_channel_file', 'action_directory'],
      'x-enum-descriptions': [
        'Copy the variable of the same name from the worker\'s own environment.',
        'The effective action timeout in milliseconds.',
        'Path of a JSON file the action may write (e.g. {"failure": "timeout"}) to report details back.',
        'Per-action scratch directory, removed after the action.',
      ],
      description: 'A value computed by the worker.',
    },
    {
      type: 'object',
      description: 'A value from a platform property or a literal.',
      'x-deny-unknown': false,
      properties: {
        property: lit('Name of a platform property of the action whose value is used.', { docs: DOCS.sched }),
        value: str('Literal value (shell-expanded).', { docs: DOCS.sched }),
      },
      additionalProperties: false,
      'x-exactly-one-of': ['property', 'value'],
    },
  ],
};
struct('UploadActionResultConfig', {
  description:
    'Where and when the worker publishes results. With the default strategy an ac_store is required (startup error otherwise) unless upload_ac_results_strategy is "never".',
  docs: DOCS.sched,
  props: {
    ac_store: lit('Top-level AC store results are written to. Unset = none. Not shell-expanded.', {
      nullable: true,
      refKind: 'store',
    }),
    upload_ac_results_strategy: ref('UploadCacheResultsStrategy', 'Which results go to the AC. Default "success_only".', {
      def: 'success_only',
    }),
    historical_results_store: lit(
      'Top-level CAS store for HistoricalExecuteResponse blobs. Unset = cas_fast_slow_store. Not shell-expanded.',
      { nullable: true, refKind: 'store' },
    ),
    upload_historical_results_strategy: enumInline(
      'UploadCacheResultsStrategy',
      'Which results are kept as historical results. Unset = "failures_only".',
    ),
    success_message_template: str(
      'Template for ExecuteResponse.message on success; placeholders {digest_function}, {action_digest_hash}, {action_digest_size}, {historical_results_hash}, {historical_results_size}. Default "".',
      { def: '' },
    ),
    failure_message_template: str('Same as success_message_template, for failed actions. Default "".', { def: '' }),
  },
});
struct('DirectoryCacheConfig', {
  description: 'Cache of materialised input directories on the worker. Omitted keys get the defaults shown.',
  docs: DOCS.sched,
  props: {
    max_entries: uint('Maximum cached directories. Default 1000.', { def: 1000 }),
    max_size_bytes: size('Total size limit. Default 10737418240 (10 GiB); 0 = unlimited.', { def: 10737418240 }),
    cache_root: str('Cache location, on the same filesystem as work_directory. "" (default) = <parent of work_directory>/directory_cache.', {
      def: '',
    }),
    experimental_subtree_caching: bool('Also cache every subdirectory by digest (raise max_entries). Default false.', { def: false }),
    max_concurrent_fetches: uint('Global cap on concurrent slow-store fetches; plain integer. Default 64; 0 disables the cache.', {
      def: 64,
    }),
    experimental_get_tree_prefetch: bool('Prefetch whole trees with GetTree when the slow tier is grpc. Default false.', {
      def: false,
    }),
  },
});
const timeoutAlias = (canonical, d) =>
  dur(`Old spelling of ${canonical}. ${d}`, {
    def: 0,
    'x-alias-of': canonical,
    deprecated: `Renamed to ${canonical} (NativeLink 1.6.0); the old name still works.`,
  });
const maxActionDesc = 'Longest an action may run; longer client timeouts are rejected. 0 (default) means 1200 s.';
const maxUploadDesc = 'Time allowed to upload results before DeadlineExceeded. 0 (default) means 600 s.';
struct('LocalWorkerConfig', {
  description: 'A worker running inside this process.',
  docs: DOCS.sched,
  required: ['worker_api_endpoint', 'cas_fast_slow_store', 'work_directory', 'platform_properties'],
  props: {
    name: str('Worker name, used as the prefix of its id. "" (default) means worker_<index>. Duplicates are a startup error.', {
      def: '',
    }),
    worker_api_endpoint: ref('EndpointConfig', 'Where the scheduler\'s worker_api service listens.', { guide: GUIDE.workersConnect }),
    max_action_timeout_s: dur(maxActionDesc, { def: 0, guide: GUIDE.timeouts }),
    max_action_timeout: timeoutAlias('max_action_timeout_s', maxActionDesc),
    max_upload_timeout_s: dur(maxUploadDesc, { def: 0 }),
    max_upload_timeout: timeoutAlias('max_upload_timeout_s', maxUploadDesc),
    max_cleanup_wait_s: dur('Wait for action-directory cleanup. 0 (default) means 30 s.', { def: 0 }),
    max_cleanup_backoff_ms: o(
      {
        type: ['integer', 'string'],
        minimum: 0,
        pattern: PAT.duration,
        'x-grammar': 'duration',
        'x-unit': 'milliseconds',
        description:
          'Cap of the cleanup back-off, used as MILLISECONDS although parsed like a seconds duration: 500 = 500 ms, but "2s" = 2 ms and "500ms" = 0. Write a plain integer. 0 (default) means 500 ms.',
      },
      { def: 0 },
    ),
    max_inflight_tasks: int$('Maximum concurrent actions. 0 (default) = unlimited.', { def: 0 }),
    timeout_handled_externally: bool('Do not enforce the client\'s action timeout (only max_action_timeout_s). Default false.', {
      def: false,
    }),
    entrypoint: str('Program prepended to every command (argv, no shell). "" (default) runs commands directly.', { def: '' }),
    experimental_precondition_script: lit(
      'Script run before each action; a non-zero exit pauses the worker. Not shell-expanded; parsed per action, not at startup.',
      { nullable: true },
    ),
    cas_fast_slow_store: str(
      'Top-level fast_slow store whose fast tier is a filesystem store on the same filesystem as work_directory.',
      { refKind: 'store' },
    ),
    upload_action_result: ref('UploadActionResultConfig', 'Where and when results are uploaded.'),
    work_directory: str('Root of the action sandboxes. Deleted and recreated at startup.'),
    platform_properties: map(
      ref('WorkerProperty', 'Values of this property.'),
      'Properties advertised to the scheduler (name → values). Required; write {} for none.',
      { guide: GUIDE.workersConnect },
    ),
    additional_environment: map(ref('EnvironmentSource', 'Source of the variable.'), 'Extra environment variables for every action.', {
      nullable: true,
    }),
    directory_cache: ref('DirectoryCacheConfig', 'Input-directory cache. Unset = disabled.'),
    experimental_active_input_leases: bool('Pin action inputs in local eviction-managed tiers while the action runs. Default false.', {
      def: false,
    }),
    use_namespaces: bool('Run actions in Linux namespaces. Unset = off; true where unsupported is a startup error.', {
      nullable: true,
    }),
    use_mount_namespace: bool('Also use a mount namespace; needs use_namespaces: true. Unset = off.', { nullable: true }),
  },
});
struct('WorkerEntry', {
  description: 'A worker; the only kind is `local`. Extra keys next to it are ignored by the binary.',
  deny: false,
  docs: DOCS.sched,
  props: { local: ref('LocalWorkerConfig', 'A worker running inside this process.') },
  exactlyOne: ['local'],
  snippets: [
    {
      label: 'local worker',
      description: 'Worker with the required keys and an AC upload target.',
      body: {
        local: {
          name: '${1:worker}',
          worker_api_endpoint: { uri: '${2:grpc://127.0.0.1:50061}' },
          cas_fast_slow_store: '${3:WORKER_FAST_SLOW_STORE}',
          upload_action_result: { ac_store: '${4:AC_MAIN_STORE}' },
          work_directory: '${5:/tmp/nativelink/work}',
          platform_properties: { OSFamily: { values: ['${6:linux}'] } },
        },
      },
    },
  ],
});

// =====================================================================================
// Global and origin events
// =====================================================================================
struct('GlobalConfig', {
  description: 'Process-wide settings. If present, max_open_files is required (`global: {}` fails).',
  docs: DOCS.file,
  required: ['max_open_files'],
  props: {
    max_open_files: int$(
      'Soft cap on open files and target for raising RLIMIT_NOFILE; should be above 10. 0 means 24576; a warning is logged when the achieved limit is lower. Required whenever `global` is present.',
      { docs: `${DOCS.tuning}#process-level` },
    ),
    default_digest_hash_function: enumInline('ConfigDigestHashFunction', 'Digest function for requests that name none. Unset = "sha256".'),
    default_digest_size_health_check: size('Buffer size used by store health checks. 0 (default) means 1 MiB.', { def: 0 }),
  },
});
struct('OriginEventsPublisherSpec', {
  description: 'Destination of origin events. Unknown keys are ignored by the binary.',
  deny: false,
  docs: DOCS.file,
  required: ['store'],
  props: { store: str('Top-level store that receives the serialized events.', { refKind: 'store' }) },
});
struct('OriginEventsSpec', {
  description: 'Publishes internal "origin events" into a store. Unknown keys are ignored by the binary.',
  deny: false,
  docs: DOCS.file,
  required: ['publisher'],
  props: {
    publisher: ref('OriginEventsPublisherSpec', 'Where events are written.'),
    max_event_queue_size: int$('Events buffered before clients are back-pressured. 0 (default) means 65536.', { def: 0 }),
  },
});

// Only used inline (nullable copy) by GlobalConfig.default_digest_hash_function.
delete defs.ConfigDigestHashFunction;

// =====================================================================================
// Root
// =====================================================================================
const root = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'NativeLink configuration (v1.6.6)',
  description:
    'NativeLink server/worker configuration file (JSON5), as accepted by NativeLink v1.6.6. `stores` and `servers` are required (may be []).',
  type: 'object',
  'x-docs': DOCS.file,
  'x-deny-unknown': true,
  properties: {
    stores: arr(
      ref('StoreEntry', 'A named store.'),
      'Named stores; other sections refer to them by name. Required, may be [].',
      { docs: DOCS.stores },
    ),
    workers: arr(ref('WorkerEntry', 'A worker.'), 'Workers run by this process. Optional.', { nullable: true, docs: DOCS.sched }),
    schedulers: arr(ref('SchedulerEntry', 'A named scheduler.'), 'Named schedulers referenced by services. Optional.', {
      nullable: true,
      docs: DOCS.sched,
    }),
    servers: arr(ref('ServerConfig', 'A listener and its services.'), 'Listeners and their services. Required, may be [].', {
      docs: DOCS.servers,
    }),
    experimental_origin_events: ref('OriginEventsSpec', 'Origin-event publishing. Unset = disabled.', { docs: DOCS.file }),
    global: ref('GlobalConfig', 'Process-wide settings. Unset = all defaults.', { docs: DOCS.file }),
  },
  required: ['stores', 'servers'],
  additionalProperties: false,
  definitions: Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]])),
};
process.stdout.write(JSON.stringify(root, null, 2) + '\n');
