import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import {
  collectorGrammarNames,
  collectorRefKinds,
  customKeywordNames,
} from '../../../server/src/schema/keywords';
import { CORPUS_DIR as SHARED_CORPUS, GUIDE_PATH as SHARED_GUIDE } from '../../sharedPaths';
import { VALID_OTEL_CONFIGS } from '../../sharedCorpus';
import { GUIDE_BASE, type Json, type KeywordDefinition, loadSchema, makeAjv as makeSharedAjv, walk } from './helpers';

const CORPUS_OTEL = join(SHARED_CORPUS, 'otel');
const CORPUS_METRICS = join(SHARED_CORPUS, 'metrics');
const GUIDE_PATH = SHARED_GUIDE;
const SECTIONS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors'] as const;
const TYPE_RE = /^[a-zA-Z][0-9a-zA-Z_]{0,62}$/;
const SIGNALS = ['traces', 'metrics', 'logs', 'profiles'];

const schema: Json = loadSchema('otel-collector-config.schema.json');
const defs: Record<string, Json> = schema.definitions;

// ---------------------------------------------------------------------------------------------
// Test helper: ajv + the x-components dispatch the walker performs.
// ---------------------------------------------------------------------------------------------

/** `${...}` references are resolved by the collector at run time; their text is never checked. */
const hasRef = (v: unknown): boolean => typeof v === 'string' && v.includes('${');
const isWholeRef = (v: unknown): boolean => typeof v === 'string' && /^\$\{[^}]+\}$/.test(v.trim());

const DURATION = /^(?:0|(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/;
const HOSTPORT = /^(?:\[[^\]]*\]|[^\s:/[\]]*):\d{1,5}$/;
const COMPONENT_ID = new RegExp(Object.keys(schema.properties.receivers.patternProperties)[0], 'u');

/** Reference implementations of the grammars, strict enough to catch the corpus's invalid cases. */
const GRAMMARS: Record<string, (v: string) => boolean> = {
  duration: (v) => DURATION.test(v.trim()),
  endpoint: (v) => HOSTPORT.test(v.trim()),
  'grpc-endpoint': (v) => {
    const s = v.trim();
    if (s.startsWith('unix:')) return s.replace(/^unix:(\/\/)?/, '').length > 0;
    return HOSTPORT.test(s.replace(/^(?:https?:\/\/|dns:\/\/\/)/, ''));
  },
  url: (v) => /^https?:\/\/[^\s/]+/.test(v.trim()),
  'http-path': (v) => v.startsWith('/'),
  'component-id': (v) => COMPONENT_ID.test(v),
  'env-var-name': (v) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v),
  'octal-permissions': (v) => /^0?[0-7]{3,4}$/.test(v),
};

/** x-exactly-one-of, x-at-least-one-of and x-grammar are enforced; the other keywords are annotations. */
function makeAjv() {
  const enforced: Record<string, KeywordDefinition> = {
    'x-exactly-one-of': {
      keyword: 'x-exactly-one-of',
      schemaType: 'array',
      validate: (keys: string[], data: unknown) =>
        data === null || typeof data !== 'object' || Array.isArray(data) || keys.filter((k) => k in (data as object)).length === 1,
    },
    'x-at-least-one-of': {
      keyword: 'x-at-least-one-of',
      schemaType: 'array',
      validate: (keys: string[], data: unknown) =>
        data === null || typeof data !== 'object' || Array.isArray(data) || keys.some((k) => k in (data as object)),
    },
    'x-grammar': {
      keyword: 'x-grammar',
      schemaType: 'string',
      validate: (grammar: string, data: unknown) => {
        if (typeof data !== 'string' || hasRef(data)) return true;
        const check = GRAMMARS[grammar];
        return check ? check(data) : true;
      },
    },
  };
  return makeSharedAjv(enforced);
}

const ajv = makeAjv();
ajv.addSchema(schema, 'otel');
const rootValidate: ValidateFunction = ajv.getSchema('otel')!;
const defValidators = new Map<string, ValidateFunction>();
function defValidator(pointer: string): ValidateFunction {
  let v = defValidators.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `otel#${pointer}` });
    defValidators.set(pointer, v);
  }
  return v;
}

function at(doc: Json, pointer: string): unknown {
  let cur = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur;
}

interface Problem {
  path: string;
  keyword: string;
  message: string;
}

function run(v: ValidateFunction, data: unknown, prefix: string): Problem[] {
  if (v(data)) return [];
  return (v.errors ?? [])
    .filter((e: ErrorObject) => !isWholeRef(at(data, e.instancePath)))
    // anyOf reports each failed branch too; keep the summary only when branches were all filtered.
    .map((e: ErrorObject) => ({ path: prefix + e.instancePath, keyword: e.keyword, message: e.message ?? '' }));
}

/** Validates a whole config: the root schema, then each component body against its x-components definition. */
function validateConfig(doc: Json): Problem[] {
  const problems = run(rootValidate, doc, '');
  if (doc === null || typeof doc !== 'object') return problems;
  for (const section of SECTIONS) {
    const body = doc[section];
    if (!body || typeof body !== 'object') continue;
    const map: Record<string, string> = schema.properties[section]['x-components'];
    for (const [id, comp] of Object.entries(body)) {
      const type = id.split('/')[0].trim();
      const ref = map[type];
      if (!ref) continue; // unknown types are reported by rules, not by the schema
      problems.push(...run(defValidator(ref.slice(1)), comp, `/${section}/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    }
  }
  return problems;
}

function validateComponent(section: (typeof SECTIONS)[number], type: string, body: Json): Problem[] {
  const ref: string = schema.properties[section]['x-components'][type];
  assert.ok(ref, `no x-components entry for ${section}.${type}`);
  return run(defValidator(ref.slice(1)), body, '');
}

const show = (p: Problem[]): string => p.map((x) => `${x.path || '/'} ${x.keyword} ${x.message}`).join('\n');

function lookup(pointer: string): Json {
  if (!pointer.startsWith('#/')) return undefined;
  let cur: Json = schema;
  for (const raw of pointer.slice(2).split('/')) {
    cur = cur?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (cur === undefined) return undefined;
  }
  return cur;
}

function loadYaml(path: string): Json {
  return parse(readFileSync(path, 'utf8'));
}

const corpusPresent = existsSync(CORPUS_OTEL) && existsSync(CORPUS_METRICS);
function corpusFile(dir: string, name: string): string {
  return join(dir, name);
}

// ---------------------------------------------------------------------------------------------

describe('otel collector schema: structure', () => {
  it('compiles with ajv in strict mode (draft-07, custom keywords registered)', () => {
    assert.equal(typeof rootValidate, 'function');
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('uses only x-* keywords documented in server/src/schema/keywords.ts', () => {
    const used = new Set<string>();
    const visit = (n: Json): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(visit);
      for (const [k, v] of Object.entries(n)) {
        if (k.startsWith('x-')) used.add(k);
        if (k !== 'x-grammars' && k !== 'x-components' && k !== 'x-renamed') visit(v);
      }
    };
    visit(schema);
    const missing = [...used].filter((k) => !customKeywordNames.includes(k));
    assert.deepEqual(missing, []);
  });

  it('every $ref, x-components and x-squash target resolves', () => {
    const bad: string[] = [];
    const visit = (n: Json, path: string): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach((c, i) => visit(c, `${path}[${i}]`));
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && lookup(v as string) === undefined) bad.push(`${path}: ${v}`);
        if (k === 'x-components') for (const [t, r] of Object.entries(v as object)) if (lookup(r as string) === undefined) bad.push(`${path} ${t}: ${r}`);
        if (k === 'x-squash') for (const r of v as string[]) if (lookup(r) === undefined) bad.push(`${path} squash: ${r}`);
        visit(v, `${path}/${k}`);
      }
    };
    visit(schema, '#');
    assert.deepEqual(bad, []);
  });

  it('refs are local "#/definitions/..." only', () => {
    const refs: string[] = [];
    walk(schema, '#', (n) => typeof n.$ref === 'string' && refs.push(n.$ref));
    assert.ok(refs.length > 50);
    assert.deepEqual(refs.filter((r) => !r.startsWith('#/definitions/')), []);
  });

  it('every property and every definition has a description', () => {
    const missing: string[] = [];
    for (const [name, d] of Object.entries(defs)) if (!d.description) missing.push(`definitions/${name}`);
    walk(schema, '#', (n, path) => {
      for (const [key, sub] of Object.entries<Json>(n.properties ?? {})) {
        const target = sub.$ref ? lookup(sub.$ref) : undefined;
        if (!sub.description && !target?.description) missing.push(`${path}/properties/${key}`);
      }
      for (const [pat, sub] of Object.entries<Json>(n.patternProperties ?? {})) {
        if (!sub.description) missing.push(`${path}/patternProperties/${pat}`);
      }
    });
    assert.deepEqual(missing, []);
  });

  it('x-grammar values are documented (keywords.ts collectorGrammars and the root x-grammars map)', () => {
    const used = new Set<string>();
    walk(schema, '#', (n) => typeof n['x-grammar'] === 'string' && used.add(n['x-grammar']));
    for (const g of used) {
      assert.ok(collectorGrammarNames.includes(g), `grammar ${g} missing from keywords.ts`);
      assert.ok(schema['x-grammars'][g], `grammar ${g} missing from root x-grammars`);
    }
  });

  it('x-ref-kind values are collector component kinds', () => {
    walk(schema, '#', (n, path) => {
      if (n['x-ref-kind'] !== undefined) assert.ok((collectorRefKinds as readonly string[]).includes(n['x-ref-kind']), path);
    });
  });

  it('defaults match their own type and enum', () => {
    const bad: string[] = [];
    const typeOf = (v: unknown): string[] =>
      v === null ? ['null'] : Array.isArray(v) ? ['array'] : typeof v === 'number' ? (Number.isInteger(v) ? ['integer', 'number'] : ['number']) : [typeof v];
    walk(schema, '#', (n, path) => {
      if (!('default' in n)) return;
      const types: string[] = n.type ? (Array.isArray(n.type) ? n.type : [n.type]) : [];
      if (types.length && !typeOf(n.default).some((t) => types.includes(t))) bad.push(`${path}: type`);
      if (Array.isArray(n.enum) && !n.enum.includes(n.default)) bad.push(`${path}: enum`);
      if (n['x-grammar'] && typeof n.default === 'string' && GRAMMARS[n['x-grammar']] && !GRAMMARS[n['x-grammar']](n.default)) bad.push(`${path}: grammar`);
    });
    assert.deepEqual(bad, []);
  });

  it('component sections: x-components types are valid, renames point at known types, metadata is present', () => {
    for (const section of SECTIONS) {
      const s = schema.properties[section];
      assert.equal(s.additionalProperties, false, section);
      const comps: Record<string, string> = s['x-components'];
      for (const t of Object.keys(comps)) assert.match(t, TYPE_RE);
      for (const [oldName, newName] of Object.entries<string>(s['x-renamed'] ?? {})) {
        assert.match(oldName, TYPE_RE);
        const known = newName in comps || (s['x-known-types'] ?? []).includes(newName);
        assert.ok(known, `${section}: rename target ${newName} unknown`);
        if (oldName in comps) assert.equal(comps[oldName], comps[newName], `${section}: ${oldName} and ${newName} must share a definition`);
      }
      for (const ref of new Set(Object.values(comps))) {
        const d = lookup(ref);
        assert.ok(String(d['x-docs']).startsWith('https://github.com/open-telemetry/opentelemetry-collector'), `${ref} x-docs`);
        assert.deepEqual(d.type, ['object', 'null'], `${ref}: a null body (use defaults) must be allowed`);
        assert.equal(d.additionalProperties, false, `${ref}: the collector rejects unknown keys`);
        if (section === 'connectors') {
          const pairs: string[][] = d['x-connector-pairs'];
          assert.ok(Array.isArray(pairs) && pairs.length > 0, ref);
          for (const p of pairs) assert.ok(p.length === 2 && SIGNALS.includes(p[0]) && SIGNALS.includes(p[1]), ref);
        } else if (section !== 'extensions') {
          const sig: string[] = d['x-signals'];
          assert.ok(Array.isArray(sig) && sig.length > 0 && sig.every((x) => SIGNALS.includes(x)), ref);
        }
      }
    }
    // The required coverage from the brief.
    const need: Record<string, string[]> = {
      receivers: ['otlp', 'prometheus', 'hostmetrics', 'host_metrics'],
      processors: ['batch', 'memory_limiter', 'attributes', 'resource', 'filter', 'transform', 'resourcedetection', 'resource_detection', 'k8sattributes'],
      exporters: ['otlp', 'otlp_grpc', 'otlphttp', 'otlp_http', 'prometheus', 'prometheusremotewrite', 'debug', 'file'],
      extensions: ['health_check', 'pprof', 'zpages'],
      connectors: ['forward', 'spanmetrics', 'span_metrics', 'count'],
    };
    for (const [section, types] of Object.entries(need)) for (const t of types) assert.ok(schema.properties[section]['x-components'][t], `${section}.${t}`);
    assert.equal(schema.properties.exporters['x-renamed'].otlp, 'otlp_grpc');
    assert.equal(schema.properties.exporters['x-renamed'].otlphttp, 'otlp_http');
  });

  it('x-guide anchors exist in the NativeLink troubleshooting guide', function () {
    if (!existsSync(GUIDE_PATH)) {
      console.log(`    (troubleshooting guide not found at ${GUIDE_PATH}; anchor check skipped)`);
      this.skip();
    }
    const anchors = new Set(
      readFileSync(GUIDE_PATH, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && l.length < 60 && /^[A-Z]/.test(l))
        .map((l) => l.toLowerCase().replace(/\s+/g, '-')),
    );
    const guides: string[] = [];
    const visit = (n: Json): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(visit);
      if (typeof n['x-guide'] === 'string') guides.push(n['x-guide']);
      Object.values(n).forEach(visit);
    };
    visit(schema);
    assert.ok(guides.length >= 8);
    for (const g of guides) {
      assert.ok(g.startsWith(GUIDE_BASE), g);
      assert.ok(anchors.has(g.slice(GUIDE_BASE.length)), `anchor of ${g} is not a section title of the guide`);
    }
  });

  it('defaultSnippets bodies are valid for their definitions', () => {
    for (const section of SECTIONS) {
      for (const ref of new Set<string>(Object.values(schema.properties[section]['x-components']))) {
        for (const snip of lookup(ref).defaultSnippets ?? []) {
          assert.ok(snip.label && snip.description, ref);
          const p = run(defValidator(ref.slice(1)), snip.body, '');
          assert.deepEqual(p, [], `${ref} snippet "${snip.label}": ${show(p)}`);
        }
      }
      for (const snip of schema.properties[section].defaultSnippets ?? []) {
        const p = validateConfig({ [section]: snip.body });
        assert.deepEqual(p, [], `${section} snippet "${snip.label}": ${show(p)}`);
      }
    }
  });
});

describe('otel collector schema: own fixtures', () => {
  const base = (): Json => ({
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
    processors: { batch: {}, memory_limiter: { check_interval: '1s', limit_mib: 512 } },
    exporters: { debug: null },
    service: { pipelines: { metrics: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['debug'] } } },
  });
  const fails = (doc: Json, keyword?: string, path?: string): Problem[] => {
    const p = validateConfig(doc);
    assert.ok(p.length > 0, 'expected a problem');
    if (keyword) assert.ok(p.some((x) => x.keyword === keyword && (!path || x.path === path)), `expected ${keyword} at ${path}; got\n${show(p)}`);
    return p;
  };

  it('the base fixture is valid', () => assert.deepEqual(validateConfig(base()), []));

  it('null component bodies mean defaults and are valid for every described type', () => {
    for (const section of SECTIONS) {
      for (const type of Object.keys(schema.properties[section]['x-components'])) {
        assert.deepEqual(validateComponent(section, type, null), [], `${section}.${type}`);
      }
    }
  });

  it('rejects an unknown key in batch', () => {
    const doc = base();
    doc.processors.batch = { timeout: '5s', send_batch_sise: 100 };
    fails(doc, 'additionalProperties', '/processors/batch');
  });

  it('rejects a wrong type for send_batch_size', () => {
    const doc = base();
    doc.processors.batch = { send_batch_size: '1024' };
    fails(doc, 'type', '/processors/batch/send_batch_size');
    doc.processors.batch = { send_batch_size: -1 };
    fails(doc, 'minimum', '/processors/batch/send_batch_size');
  });

  it('rejects bad pipeline ids', () => {
    for (const id of ['trace', 'traces/', 'Traces', 'metric/x', 'logs/with space']) {
      const doc = base();
      doc.service.pipelines = { [id]: { receivers: ['otlp'], exporters: ['debug'] } };
      fails(doc, 'additionalProperties', '/service/pipelines');
    }
    const ok = base();
    ok.service.pipelines = {
      'traces/a-b.c': { receivers: ['otlp'], exporters: ['debug'] },
      'logs/中文': { receivers: ['otlp'], exporters: ['debug'] },
      profiles: { receivers: ['otlp'], exporters: ['debug'] },
    };
    assert.deepEqual(validateConfig(ok), []);
  });

  it('marks profiles pipelines with their feature gate', () => {
    const pp = schema.definitions.service.properties.pipelines.patternProperties;
    const profiles = Object.entries<Json>(pp).find(([re]) => new RegExp(re, 'u').test('profiles/x'))!;
    assert.equal(profiles[1]['x-feature-gate'], 'service.profilesSupport');
    assert.ok(!new RegExp(profiles[0], 'u').test('traces'));
  });

  it('rejects bad component ids', () => {
    for (const id of ['otlp/', '/x', '1otlp', 'ot-lp', 'otlp/a b', 'otlp/a+b']) {
      const doc = base();
      doc.receivers[id] = null;
      fails(doc, 'additionalProperties', '/receivers');
    }
    const ok = base();
    ok.receivers['otlp/a/b'] = { protocols: { http: null } };
    ok.receivers['otlp/name-with-dashes'] = { protocols: { grpc: null } };
    assert.deepEqual(validateConfig(ok), []);
  });

  it('rejects unknown keys at top level, in service, in pipelines and in telemetry', () => {
    fails({ ...base(), processor: {} }, 'additionalProperties', '');
    const a = base();
    a.service.pipeline = {};
    fails(a, 'additionalProperties', '/service');
    const b = base();
    b.service.pipelines.metrics.exporter = ['debug'];
    fails(b, 'additionalProperties', '/service/pipelines/metrics');
    const c = base();
    c.service.telemetry = { metrics: { level: 'verbose' } };
    fails(c, 'enum', '/service/telemetry/metrics/level');
  });

  it('applies Validate()-style requirements the schema can express', () => {
    const a = base();
    a.processors.memory_limiter = { limit_mib: 512 };
    fails(a, 'required', '/processors/memory_limiter');
    a.processors.memory_limiter = { check_interval: '1s' };
    fails(a, 'x-at-least-one-of', '/processors/memory_limiter');
    a.processors.memory_limiter = { check_interval: '1s', limit_percentage: 120 };
    fails(a, 'maximum', '/processors/memory_limiter/limit_percentage');
    const b = base();
    b.receivers.otlp = { protocols: {} };
    fails(b, 'x-at-least-one-of', '/receivers/otlp/protocols');
    const c = base();
    c.exporters['otlp_grpc/x'] = { tls: { insecure: true } };
    fails(c, 'required', '/exporters/otlp_grpc~1x');
    const d = base();
    d.exporters['otlp_http/x'] = { compression: 'gzip' };
    fails(d, 'x-at-least-one-of', '/exporters/otlp_http~1x');
    const e = base();
    e.processors.batch = { timeout: '10 seconds' };
    fails(e, 'x-grammar', '/processors/batch/timeout');
  });

  it('dispatches renamed types to the same definition', () => {
    for (const [section, oldT, newT] of [
      ['exporters', 'otlp', 'otlp_grpc'],
      ['exporters', 'otlphttp', 'otlp_http'],
      ['receivers', 'hostmetrics', 'host_metrics'],
      ['processors', 'resourcedetection', 'resource_detection'],
      ['connectors', 'spanmetrics', 'span_metrics'],
    ] as const) {
      const s = schema.properties[section];
      assert.equal(s['x-components'][oldT], s['x-components'][newT]);
      assert.equal(s['x-renamed'][oldT], newT);
    }
  });

  it('leaves ${...} references to the walker: whole-value refs in typed fields pass, text refs skip grammars', () => {
    const doc = base();
    doc.processors.batch = { send_batch_size: '${env:BATCH_SIZE}', timeout: '${env:BATCH_TIMEOUT:-5s}' };
    doc.receivers.otlp.protocols.grpc.endpoint = '${env:HOST}:${env:PORT}';
    doc.exporters['otlp_grpc/x'] = { endpoint: '${OTLP_ENDPOINT}', headers: { Authorization: 'Bearer ${file:/run/token}' } };
    assert.deepEqual(validateConfig(doc), []);
  });

  it('keeps the removed service.telemetry.metrics.address as a deprecated key (NativeLink examples use it)', () => {
    const addr = schema.definitions['service.telemetry'].properties.metrics.properties.address;
    assert.match(addr.deprecationMessage, /v0\.128\.0/);
    assert.equal(addr['x-removed-in'], 'v0.128.0');
  });
});

describe('otel collector schema: corpus', function () {
  before(function () {
    if (!corpusPresent) {
      console.log(`    (corpus not found under ${CORPUS_OTEL} / ${CORPUS_METRICS}; corpus checks skipped)`);
      this.skip();
    }
  });

  for (const name of VALID_OTEL_CONFIGS) {
    it(`valid: ${name}`, () => {
      const p = validateConfig(loadYaml(corpusFile(CORPUS_OTEL, name)));
      assert.deepEqual(p, [], show(p));
    });
  }

  it('valid: NativeLink metrics/otel-collector-config.yaml (address is accepted as deprecated)', () => {
    const doc = loadYaml(corpusFile(CORPUS_METRICS, 'otel-collector-config.yaml'));
    const p = validateConfig(doc);
    assert.deepEqual(p, [], show(p));
    assert.ok(doc.service.telemetry.metrics.address, 'fixture still uses the legacy address');
  });

  it('valid: NativeLink metrics/otel-collector.yaml (ConfigMap data collector.yaml)', () => {
    const docs = parseAllDocuments(readFileSync(corpusFile(CORPUS_METRICS, 'otel-collector.yaml'), 'utf8')).map((d) => d.toJSON());
    const cm = docs.find((d) => d?.kind === 'ConfigMap' && d?.data?.['collector.yaml']);
    assert.ok(cm, 'ConfigMap with collector.yaml');
    const p = validateConfig(parse(cm.data['collector.yaml']));
    assert.deepEqual(p, [], show(p));
  });

  it('overlay fragment (demo observability) passes the schema: pipeline completeness is left to rules', () => {
    const p = validateConfig(loadYaml(corpusFile(CORPUS_OTEL, 'opentelemetry-demo__src-otel-collector-otelcol-config-observability.yaml')));
    assert.deepEqual(p, [], show(p));
  });

  it('component fragment: the full otlp receiver config validates against receiver.otlp', () => {
    const p = validateComponent('receivers', 'otlp', loadYaml(corpusFile(CORPUS_OTEL, 'opentelemetry-collector__receiver-otlpreceiver-testdata-config.yaml')));
    assert.deepEqual(p, [], show(p));
  });

  it('invalid: otlp receiver protocol typo "htttp"', () => {
    const p = validateComponent('receivers', 'otlp', loadYaml(corpusFile(CORPUS_OTEL, 'opentelemetry-collector__receiver-otlpreceiver-testdata-typo_default_proto_config.yaml')));
    assert.ok(p.some((x) => x.keyword === 'additionalProperties' && x.path === '/protocols'), show(p));
  });

  it('invalid: debug exporter key "verBosity" (keys are case-sensitive)', () => {
    const p = validateComponent('exporters', 'debug', loadYaml(corpusFile(CORPUS_OTEL, 'opentelemetry-collector__exporter-debugexporter-testdata-config_verbosity_typo.yaml')));
    assert.ok(p.some((x) => x.keyword === 'additionalProperties'), show(p));
  });

  it('invalid: every otlp exporter case in invalid_configs.yaml is caught', () => {
    const cases = loadYaml(corpusFile(CORPUS_OTEL, 'opentelemetry-collector__exporter-otlpexporter-testdata-invalid_configs.yaml'));
    const expected: Record<string, [string, string]> = {
      no_endpoint: ['required', ''],
      https_endpoint: ['x-grammar', '/endpoint'],
      http_endpoint: ['x-grammar', '/endpoint'],
      invalid_timeout: ['x-grammar', '/timeout'],
      invalid_retry: ['minimum', '/retry_on_failure/randomization_factor'],
      invalid_tls: ['enum', '/tls/min_version'],
      missing_port: ['x-grammar', '/endpoint'],
      invalid_port: ['x-grammar', '/endpoint'],
      invalid_unix_socket: ['x-grammar', '/endpoint'],
    };
    assert.deepEqual(Object.keys(cases).sort(), Object.keys(expected).sort());
    for (const [name, body] of Object.entries(cases)) {
      for (const type of ['otlp', 'otlp_grpc']) {
        const p = validateComponent('exporters', type, body);
        const [kw, path] = expected[name];
        assert.ok(p.some((x) => x.keyword === kw && x.path === path), `${name}: expected ${kw} at ${path || '/'}, got\n${show(p)}`);
      }
    }
  });

  it('invalid: unknown key under service.telemetry', () => {
    const p = validateConfig(loadYaml(corpusFile(CORPUS_OTEL, 'opentelemetry-collector__otelcol-testdata-otelcol-invalid-telemetry.yaml')));
    assert.ok(p.some((x) => x.keyword === 'additionalProperties' && x.path === '/service/telemetry'), show(p));
  });

  it('reference/graph-level invalid configs pass the schema (rules report them)', () => {
    for (const name of [
      'opentelemetry-collector__otelcol-testdata-otelcol-invalid.yaml',
      'opentelemetry-collector__otelcol-testdata-otelcol-invalid-components.yaml',
      'opentelemetry-collector__otelcol-testdata-otelcol-invalid-connector-unused-exp.yaml',
      'opentelemetry-collector__otelcol-testdata-otelcol-invalid-connector-unused-rec.yaml',
      'opentelemetry-collector__otelcol-testdata-otelcol-cyclic-connector.yaml',
      'opentelemetry-collector__otelcol-testdata-otelcol-invalid-receiver-type.yaml',
      'otelbin__packages-otelbin-validation-test-assets-config-no-receivers.yaml',
      'otelbin__packages-otelbin-validation-test-assets-config-undeclared-extension.yaml',
      'otelbin__packages-otelbin-validation-test-assets-config-undeclared-receiver.yaml',
      'otelbin__packages-otelbin-validation-test-assets-config-undeclared-receiver-named-pipelines.yaml',
    ]) {
      const p = validateConfig(loadYaml(corpusFile(CORPUS_OTEL, name)));
      assert.deepEqual(p, [], `${name}\n${show(p)}`);
    }
  });

  it('legacy configs pass the schema; their removed parts are flagged by deprecation or left to type rules', () => {
    for (const name of [
      'opentelemetry-collector-contrib__examples-secure-tracing-otel-collector-config.yaml',
      'opentelemetry-collector-contrib__examples-demo-otel-collector-config.yaml',
    ]) {
      const doc = loadYaml(corpusFile(CORPUS_OTEL, name));
      const p = validateConfig(doc);
      assert.deepEqual(p, [], `${name}\n${show(p)}`);
      // `logging` is not a described exporter type: the unknown/removed-type rule owns it.
      assert.ok('logging' in doc.exporters);
      assert.equal(schema.properties.exporters['x-components'].logging, undefined);
    }
  });
});
