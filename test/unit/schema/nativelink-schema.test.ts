import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import JSON5 from 'json5';
import {
  customKeywordNames,
  customKeywords,
  grammarNames,
  refKinds,
  units,
} from '../../../server/src/schema/keywords';
import { CORPUS_DIR as SHARED_CORPUS, GUIDE_PATH as SHARED_GUIDE } from '../../sharedPaths';
import { GUIDE_BASE, type Json, loadSchema, makeAjv as makeSharedAjv, walk } from './helpers';

const CORPUS_DIR = join(SHARED_CORPUS, 'nativelink');
const GUIDE_PATH = SHARED_GUIDE;

const schema: Json = loadSchema('nativelink-config.schema.json');
const defs: Record<string, Json> = schema.definitions;

/** Only x-exactly-one-of is enforced, so corpus and fixtures are checked the way the walker checks them. */
function makeAjv() {
  return makeSharedAjv({
    'x-exactly-one-of': {
      keyword: 'x-exactly-one-of',
      schemaType: 'array',
      errors: false,
      validate: (keys: string[], data: unknown) => {
        if (data === null || typeof data !== 'object' || Array.isArray(data)) return true;
        return keys.filter((k) => Object.prototype.hasOwnProperty.call(data, k)).length === 1;
      },
    },
  });
}

let validateFn: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!validateFn) validateFn = makeAjv().compile(schema);
  return validateFn;
}
function check(doc: unknown): { ok: boolean; errors: string } {
  const v = validator();
  const ok = v(doc) as boolean;
  const errors = (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message ?? ''}`).join('\n');
  return { ok, errors };
}

/** Minimal valid config used as a base for fixtures. */
function baseConfig(): Json {
  return {
    stores: [
      { name: 'CAS', memory: { eviction_policy: { max_bytes: '1gb' } } },
      { name: 'AC', memory: {} },
    ],
    servers: [
      {
        listener: { http: { socket_address: '0.0.0.0:50051' } },
        services: {
          cas: [{ instance_name: 'main', cas_store: 'CAS' }],
          ac: [{ instance_name: 'main', ac_store: 'AC' }],
        },
      },
    ],
  };
}

describe('nativelink-config.schema.json', () => {
  it('is draft-07 and compiles with ajv in strict mode (custom keywords registered)', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.doesNotThrow(() => validator());
  });

  it('keywords.ts documents every custom keyword and the schema uses no undeclared x- keyword', () => {
    for (const k of customKeywords) assert.ok(k.doc.length > 10, `doc for ${k.name}`);
    const used = new Set<string>();
    walk(schema, '#', (n) => Object.keys(n).filter((k) => k.startsWith('x-')).forEach((k) => used.add(k)));
    for (const k of used) assert.ok(customKeywordNames.includes(k), `undeclared keyword ${k}`);
    for (const k of ['x-grammar', 'x-exactly-one-of', 'x-ref-kind', 'x-alias-of', 'x-docs', 'x-guide', 'x-unit', 'x-deny-unknown']) {
      assert.ok(used.has(k), `schema never uses ${k}`);
    }
  });

  it('every $ref resolves to a local definition, and every definition is used', () => {
    const referenced = new Set<string>();
    walk(schema, '#', (n, path) => {
      if (typeof n.$ref === 'string') {
        const m = /^#\/definitions\/([A-Za-z0-9_]+)$/.exec(n.$ref);
        assert.ok(m, `non-local $ref ${n.$ref} at ${path}`);
        assert.ok(defs[m[1]], `unresolved $ref ${n.$ref} at ${path}`);
        referenced.add(m[1]);
      }
    });
    for (const name of Object.keys(defs)) assert.ok(referenced.has(name), `definition ${name} is never referenced`);
  });

  it('every property, definition and map value has a description', () => {
    const missing: string[] = [];
    for (const [name, d] of Object.entries(defs)) if (!d.description) missing.push(`definitions/${name}`);
    walk(schema, '#', (n, path) => {
      if (n.properties && typeof n.properties === 'object') {
        for (const [k, p] of Object.entries<Json>(n.properties)) if (!p.description) missing.push(`${path}/properties/${k}`);
      }
      if (n.additionalProperties && typeof n.additionalProperties === 'object' && !n.additionalProperties.description) {
        missing.push(`${path}/additionalProperties`);
      }
      if (n.items && !n.items.description) missing.push(`${path}/items`);
    });
    assert.deepEqual(missing, []);
  });

  it('every object with properties is closed and records x-deny-unknown', () => {
    walk(schema, '#', (n, path) => {
      if (n.properties) {
        assert.equal(n.additionalProperties, false, `${path} must set additionalProperties: false`);
        assert.equal(typeof n['x-deny-unknown'], 'boolean', `${path} lacks x-deny-unknown`);
      }
    });
    // The lenient ones per serde (no deny_unknown_fields or flattened/first-key positions).
    const lenient = Object.entries(defs)
      .filter(([, d]) => d['x-deny-unknown'] === false)
      .map(([n]) => n)
      .sort();
    assert.deepEqual(lenient, [
      'AcServiceEntry',
      'BepConfig',
      'ByteStreamServiceEntry',
      'CapabilitiesServiceEntry',
      'CasServiceEntry',
      'ClientTlsConfig',
      'ExecutionServiceEntry',
      'FetchServiceEntry',
      'IdentityHeaderSpec',
      'ListenerConfig',
      'NoopSpec',
      'OriginEventsPublisherSpec',
      'OriginEventsSpec',
      'PushServiceEntry',
      'RedisSpec',
      'SchedulerEntry',
      'StoreEntry',
      'WorkerEntry',
      'WorkerProperty',
    ]);
  });

  it('custom keyword values are well-formed', () => {
    walk(schema, '#', (n, path) => {
      if ('x-grammar' in n) assert.ok(grammarNames.includes(n['x-grammar']), `${path}: grammar ${n['x-grammar']}`);
      if ('x-ref-kind' in n) assert.ok((refKinds as readonly string[]).includes(n['x-ref-kind']), `${path}: ref kind`);
      if ('x-unit' in n) assert.ok((units as readonly string[]).includes(n['x-unit']), `${path}: unit ${n['x-unit']}`);
      if ('x-exactly-one-of' in n) {
        for (const k of n['x-exactly-one-of']) assert.ok(n.properties?.[k], `${path}: x-exactly-one-of names unknown ${k}`);
      }
      if ('x-docs' in n) assert.match(n['x-docs'], /^https:\/\/docs\.nativelink\.com\//, path);
      if ('x-enum-descriptions' in n) assert.equal(n['x-enum-descriptions'].length, n.enum.length, `${path}: enum descriptions`);
      if (n.properties) {
        for (const [k, p] of Object.entries<Json>(n.properties)) {
          if (p['x-alias-of']) {
            assert.ok(n.properties[p['x-alias-of']], `${path}/${k}: alias target missing`);
            assert.ok(p.deprecationMessage, `${path}/${k}: alias without deprecationMessage`);
          }
        }
      }
    });
  });

  it('x-guide anchors come from the troubleshooting guide section titles', () => {
    const titles = [
      'Workers Not Connecting to Scheduler',
      'Worker Disconnecting Frequently',
      'Actions Timing Out',
      'High Retry Rate',
      'Low Cache Hit Rate',
      'Cache Operation Errors',
      'High Queue Depth',
      'Slow Cache Operations',
      'Cache Metrics Missing',
    ];
    const anchors = new Set(titles.map((t) => t.toLowerCase().replace(/\s+/g, '-')));
    if (existsSync(GUIDE_PATH)) {
      const guide = readFileSync(GUIDE_PATH, 'utf8').split(/\r?\n/).map((l) => l.trim());
      for (const t of titles) assert.ok(guide.includes(t), `guide has no section "${t}"`);
    } else {
      console.log(`    (troubleshooting guide not found at ${GUIDE_PATH}; titles not cross-checked)`);
    }
    let count = 0;
    walk(schema, '#', (n, path) => {
      if (!('x-guide' in n)) return;
      count++;
      assert.ok(n['x-guide'].startsWith(GUIDE_BASE), `${path}: ${n['x-guide']}`);
      assert.ok(anchors.has(n['x-guide'].slice(GUIDE_BASE.length)), `${path}: unknown anchor ${n['x-guide']}`);
    });
    assert.ok(count >= 15, `only ${count} x-guide links`);
  });

  it('x-ref-kind marks exactly the store/scheduler reference fields of the reference', () => {
    const found: string[] = [];
    for (const [name, d] of Object.entries(defs)) {
      walk(d, name, (n, path) => {
        if (n['x-ref-kind']) found.push(`${path.replace(/\/properties\//g, '.')} -> ${n['x-ref-kind']}`);
      });
    }
    found.sort();
    const expected = [
      // services (array entries and the deprecated map-form values)
      'AcServiceEntry.ac_store -> store',
      'AcStoreConfig.ac_store -> store',
      'ByteStreamServiceEntry.cas_store -> store',
      'CasChunkingConfig.index_store -> store',
      'CasServiceEntry.cas_store -> store',
      'CasStoreConfig.cas_store -> store',
      'ExecutionConfig.cas_store -> store',
      'ExecutionServiceEntry.cas_store -> store',
      'FetchConfig.fetch_store -> store',
      'FetchServiceEntry.fetch_store -> store',
      'OldByteStreamConfig.cas_stores/additionalProperties -> store',
      'PushConfig.push_store -> store',
      'PushServiceEntry.push_store -> store',
      'BepConfig.store -> store',
      // origin events, stores, schedulers, workers
      'OriginEventsPublisherSpec.store -> store',
      'RefSpec.name -> store',
      'ExperimentalRedisSchedulerBackend.redis_store -> store',
      'CacheLookupSpec.ac_store -> store',
      'LocalWorkerConfig.cas_fast_slow_store -> store',
      'UploadActionResultConfig.ac_store -> store',
      'UploadActionResultConfig.historical_results_store -> store',
      // scheduler references
      'CapabilitiesRemoteExecutionConfig.scheduler -> scheduler',
      'ExecutionConfig.scheduler -> scheduler',
      'ExecutionServiceEntry.scheduler -> scheduler',
      'WorkerApiConfig.scheduler -> scheduler',
    ].sort();
    assert.deepEqual(found, expected);
    assert.equal(found.filter((f) => f.endsWith('-> store')).length, 21);
    assert.equal(found.filter((f) => f.endsWith('-> scheduler')).length, 4);
  });

  it('models all 18 store kinds, 5 scheduler kinds and 6 cloud providers', () => {
    const storeKinds = defs.StoreEntry['x-exactly-one-of'];
    assert.equal(storeKinds.length, 18);
    assert.deepEqual([...storeKinds].sort(), [...defs.StoreSpec['x-exactly-one-of']].sort());
    assert.deepEqual(
      [...storeKinds].sort(),
      [
        'cache_metrics',
        'completeness_checking',
        'compression',
        'dedup',
        'existence_cache',
        'experimental_cloud_object_store',
        'experimental_mongo',
        'fast_slow',
        'filesystem',
        'grpc',
        'memory',
        'noop',
        'ontap_s3_existence_cache',
        'redis_store',
        'ref_store',
        'shard',
        'size_partitioning',
        'verify',
      ],
    );
    assert.deepEqual(defs.SchedulerEntry['x-exactly-one-of'], ['simple', 'grpc', 'cache_lookup', 'property_modifier', 'historical_resource']);
    const providers = defs.ExperimentalCloudObjectSpec.oneOf.map((b: Json) => defs[b.$ref.split('/').pop()].properties.provider.const);
    assert.deepEqual(providers, ['aws', 'gcs', 'azure', 'ontap', 'r2', 'oci']);
    for (const d of ['StoreEntry', 'SchedulerEntry', 'ServerConfig', 'WorkerEntry']) {
      assert.ok(Array.isArray(defs[d].defaultSnippets) && defs[d].defaultSnippets.length > 0, `${d} snippets`);
    }
    assert.equal(defs.StoreEntry.defaultSnippets.length, 18);
  });

  it('default snippets of entries validate once placeholders are filled in', () => {
    const fill = (v: Json): Json => {
      if (typeof v === 'string') {
        const m = /^\$\{\d+(?::([^}]*)|\|([^,|]*)[^}]*\|)\}$/.exec(v);
        return m ? (m[1] ?? m[2]) : v;
      }
      if (Array.isArray(v)) return v.map(fill);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
      return v;
    };
    for (const s of defs.StoreEntry.defaultSnippets) {
      const r = check({ stores: [fill(s.body)], servers: [] });
      assert.ok(r.ok, `store snippet ${s.label}:\n${r.errors}`);
    }
    for (const s of defs.SchedulerEntry.defaultSnippets) {
      const r = check({ stores: [], servers: [], schedulers: [fill(s.body)] });
      assert.ok(r.ok, `scheduler snippet ${s.label}:\n${r.errors}`);
    }
    for (const s of defs.ServerConfig.defaultSnippets) {
      const r = check({ stores: [], servers: [fill(s.body)] });
      assert.ok(r.ok, `server snippet ${s.label}:\n${r.errors}`);
    }
    for (const s of defs.WorkerEntry.defaultSnippets) {
      const r = check({ stores: [], servers: [], workers: [fill(s.body)] });
      assert.ok(r.ok, `worker snippet ${s.label}:\n${r.errors}`);
    }
  });

  describe('corpus (shared/corpus/nativelink)', () => {
    const present = existsSync(CORPUS_DIR);
    const files = present ? readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json5')).sort() : [];
    const parse = (f: string): Json => JSON5.parse(readFileSync(join(CORPUS_DIR, f), 'utf8'));

    it('is present (otherwise corpus checks are skipped)', function () {
      if (!present) {
        console.log(`    corpus not found at ${CORPUS_DIR}: corpus checks skipped`);
        this.skip();
      }
      assert.equal(files.length, 32, `expected the 32 NativeLink JSON5 configs listed in SOURCES.md, found ${files.length}`);
    });

    // Every JSON5 config passes the binary's serde parse (json5_test.rs / SOURCES.md); duplicate_servers fails only
    // in the post-parse store-conflict check, which is a semantic rule, not a schema one.
    for (const f of files) {
      it(`validates ${f}`, () => {
        const r = check(parse(f));
        assert.ok(r.ok, `${f}:\n${r.errors}`);
      });
    }

    it('duplicate_servers.json5 is schema-valid but has CAS and AC on the same store (rejected by the binary)', function () {
      if (!files.includes('duplicate_servers.json5')) this.skip();
      const doc = parse('duplicate_servers.json5');
      const conflicts: string[] = [];
      for (const server of doc.servers) {
        const cas: Json[] = server.services?.cas ?? [];
        const ac: Json[] = server.services?.ac ?? [];
        for (const c of cas) {
          for (const a of ac) {
            if ((c.instance_name ?? '') === (a.instance_name ?? '') && c.cas_store === a.ac_store) conflicts.push(c.cas_store);
          }
        }
      }
      assert.deepEqual(conflicts, ['MAIN_STORE']);
    });

    it('legacy_service_config.json5 and redis.json5 validate only through the deprecated service forms', function () {
      if (!files.includes('legacy_service_config.json5')) this.skip();
      const legacy = parse('legacy_service_config.json5');
      assert.ok(!Array.isArray(legacy.servers[0].services.cas), 'map form expected');
      assert.ok(legacy.servers[0].services.bytestream.cas_stores, 'old bytestream form expected');
      const redis = parse('redis.json5');
      assert.ok(Array.isArray(redis.servers[0].services.cas));
      assert.ok(redis.servers[0].services.bytestream.cas_stores, 'old bytestream form expected');
      // Without the deprecated branches neither would validate.
      const strict = JSON.parse(JSON.stringify(schema));
      strict.definitions.ServicesConfig.properties.cas = strict.definitions.ServicesConfig.properties.cas.anyOf[0];
      strict.definitions.ServicesConfig.properties.bytestream = strict.definitions.ServicesConfig.properties.bytestream.anyOf[0];
      const v = makeAjv().compile(strict);
      assert.equal(v(legacy), false);
      assert.equal(v(redis), false);
    });

    it('stores-config.json5 (generated from stores.rs doc examples) covers all 18 store kinds', function () {
      if (!files.includes('stores-config.json5')) this.skip();
      const kinds = new Set<string>();
      for (const s of parse('stores-config.json5').stores) {
        for (const k of Object.keys(s)) if (k !== 'name') kinds.add(k);
      }
      assert.equal(kinds.size, 18);
    });
  });

  describe('fixtures', () => {
    const mustFail: [string, (c: Json) => void][] = [
      ['unknown key in a store spec', (c) => (c.stores[0].memory.evicton_policy = {})],
      ['unknown key next to the store kind', (c) => (c.stores[0].memmory = {})],
      ['store entry without a kind', (c) => (c.stores[1] = { name: 'AC' })],
      ['two store kinds in one entry', (c) => (c.stores[1].noop = {})],
      ['nested store with two kinds', (c) => (c.stores[1] = { name: 'AC', verify: { backend: { memory: {}, noop: {} } } })],
      ['wrong enum value (store_type)', (c) => (c.stores[1] = { name: 'AC', grpc: { endpoints: [{ address: 'grpc://x:1' }], store_type: 'cass' } })],
      ['wrong enum value (ErrorCode is PascalCase)', (c) => (c.stores[1] = { name: 'AC', redis_store: { addresses: ['redis://x'], retry: { retry_on_errors: ['unavailable'] } } })],
      ['wrong type (boolean size)', (c) => (c.stores[0].memory.eviction_policy.max_bytes = true)],
      ['float size', (c) => (c.stores[0].memory.eviction_policy.max_bytes = 1.5)],
      ['garbage size string', (c) => (c.stores[0].memory.eviction_policy.max_bytes = '10 gigs')],
      ['unitless duration string', (c) => (c.stores[0].memory.eviction_policy.max_seconds = '30')],
      ['negative duration', (c) => (c.stores[0].memory.eviction_policy.max_seconds = -1)],
      ['units in an int$ field', (c) => (c.stores[1] = { name: 'AC', redis_store: { addresses: ['redis://x'], read_chunk_size: '64kb' } })],
      ['bool$ not true/false', (c) => (c.stores[1] = { name: 'AC', verify: { backend: { noop: {} }, verify_size: 'yes' } })],
      ['missing required temp_path', (c) => (c.stores[1] = { name: 'AC', filesystem: { content_path: '/x' } })],
      ['shard weight omitted (serde requires it)', (c) => (c.stores[1] = { name: 'AC', shard: { stores: [{ store: { noop: {} } }] } })],
      ['unknown cloud provider', (c) => (c.stores[1] = { name: 'AC', experimental_cloud_object_store: { provider: 's3', bucket: 'b' } })],
      ['aws key on a gcs provider', (c) => (c.stores[1] = { name: 'AC', experimental_cloud_object_store: { provider: 'gcs', region: 'x' } })],
      ['removed store kind experimental_s3_store', (c) => (c.stores[1] = { name: 'AC', experimental_s3_store: {} })],
      ['global without max_open_files', (c) => (c.global = {})],
      ['unknown root key', (c) => (c.schedulers_typo = [])],
      ['missing servers', (c) => delete c.servers],
      ['server without services', (c) => delete c.servers[0].services],
      ['hostname in socket_address', (c) => (c.servers[0].listener.http.socket_address = 'localhost:50051')],
      ['compression without accepted_compression_algorithms', (c) => (c.servers[0].listener.http.compression = {})],
      ['unknown service', (c) => (c.servers[0].services.experimental_prometheus = {})],
      ['worker without platform_properties', (c) => (c.workers = [{ local: { worker_api_endpoint: { uri: 'grpc://s:1' }, cas_fast_slow_store: 'CAS', work_directory: '/w' } }])],
      ['worker endpoint timeout as string', (c) => (c.workers = [{ local: { worker_api_endpoint: { uri: 'grpc://s:1', timeout: '5s' }, cas_fast_slow_store: 'CAS', work_directory: '/w', platform_properties: {} } }])],
      ['unknown EnvironmentSource', (c) => (c.workers = [{ local: { worker_api_endpoint: { uri: 'grpc://s:1' }, cas_fast_slow_store: 'CAS', work_directory: '/w', platform_properties: {}, additional_environment: { A: 'from_env' } } }])],
      ['scheduler with wrong PropertyType', (c) => (c.schedulers = [{ name: 'S', simple: { supported_platform_properties: { cpu_count: 'min' } } }])],
      ['stores as a map (removed in v0.7.0)', (c) => (c.stores = { CAS: { memory: {} } })],
    ];
    for (const [label, mutate] of mustFail) {
      it(`rejects: ${label}`, () => {
        const c = baseConfig();
        assert.ok(check(c).ok, 'base config must be valid');
        mutate(c);
        assert.equal(check(c).ok, false, `${label} was accepted`);
      });
    }

    const mustPass: [string, (c: Json) => void][] = [
      ['${VAR:-default} in a size field', (c) => (c.stores[0].memory.eviction_policy.max_bytes = '${MEM:-100mb}')],
      ['binary and decimal size units', (c) => Object.assign(c.stores[0].memory.eviction_policy, { max_bytes: '1.5GiB', evict_bytes: '128mib' })],
      ['compound duration', (c) => (c.stores[0].memory.eviction_policy.max_seconds = '1h30m')],
      ['bool$ as mixed-case string', (c) => (c.stores[1] = { name: 'AC', verify: { backend: { noop: {} }, verify_size: 'TRUE', verify_hash: '${V}' } })],
      ['int$ as string', (c) => (c.stores[1] = { name: 'AC', grpc: { endpoints: [{ address: 'grpc://x:1' }], store_type: 'ac', connections_per_endpoint: '5' } })],
      ['shard weight null', (c) => (c.stores[1] = { name: 'AC', shard: { stores: [{ store: { noop: {} }, weight: null }] } })],
      ['negative worker_match_logging_interval_s', (c) => (c.schedulers = [{ name: 'S', simple: { worker_match_logging_interval_s: -1 } }])],
      ['alias spelling max_action_timeout', (c) => (c.workers = [{ local: { worker_api_endpoint: { uri: 'grpc://s:1' }, cas_fast_slow_store: 'CAS', work_directory: '/w', platform_properties: {}, max_action_timeout: 600 } }])],
      ['null workers/schedulers', (c) => Object.assign(c, { workers: null, schedulers: null })],
      ['ipv6 socket address', (c) => (c.servers[0].listener.http.socket_address = '[::]:50051')],
      ['redis scheduler backend', (c) => (c.schedulers = [{ name: 'S', simple: { experimental_backend: { redis: { redis_store: 'R' } } } }])],
    ];
    for (const [label, mutate] of mustPass) {
      it(`accepts: ${label}`, () => {
        const c = baseConfig();
        mutate(c);
        const r = check(c);
        assert.ok(r.ok, `${label}:\n${r.errors}`);
      });
    }
  });
});
