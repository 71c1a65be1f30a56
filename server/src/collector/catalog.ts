/**
 * What we know about component types: which exist per kind, which signals they handle, which
 * signal pairs a connector joins, and which type names were renamed. The bundled schema's
 * x-components / x-signals / x-connector-pairs / x-renamed keywords win; the tables below are the
 * fallback (core + common contrib types, v0.159 names).
 */
import type { JSONSchema } from '../service/engine';
import { deref, refSchema } from '../schema/resolve';
import type { ComponentKind, Signal } from './model';
import { SECTION_OF } from './model';

const T: Signal[] = ['traces'];
const M: Signal[] = ['metrics'];
const L: Signal[] = ['logs'];
const TML: Signal[] = ['traces', 'metrics', 'logs'];
const ALL: Signal[] = ['traces', 'metrics', 'logs', 'profiles'];

/** type → supported signals; `null` = signal support unknown (never reported). */
const BUILTIN: Record<Exclude<ComponentKind, 'extension' | 'connector'>, Record<string, Signal[] | null>> = {
  receiver: {
    otlp: ALL,
    nop: ALL, // core receiver/nopreceiver
    prometheus: M,
    host_metrics: ['metrics', 'logs'],
    file_log: L,
    jaeger: T,
    zipkin: T,
    kafka: ALL,
    docker_stats: M,
    http_check: M,
    nginx: M,
    redis: M,
    postgresql: M,
    mysql: M,
    k8s_cluster: ['metrics', 'logs'],
    kubeletstats: M,
    k8s_events: L,
    k8sobjects: L,
    journald: L,
    syslog: L,
    tcplog: L,
    udplog: L,
    statsd: M,
    fluentforward: L,
    profiling: ['profiles'],
    filestats: M,
    prometheus_simple: M,
    opencensus: ['traces', 'metrics'],
  },
  processor: {
    batch: ALL,
    memory_limiter: ALL,
    attributes: TML,
    resource: ALL,
    filter: ALL,
    transform: ALL,
    resource_detection: ALL,
    k8sattributes: ALL,
    probabilistic_sampler: ['traces', 'logs'],
    tail_sampling: T,
    span: T,
    metricstransform: M,
    cumulativetodelta: M,
    deltatocumulative: M,
    groupbyattrs: TML,
    groupbytrace: T,
    redaction: TML,
    interval: M,
    metricsgeneration: M,
  },
  exporter: {
    otlp_grpc: ALL,
    otlp_http: ALL,
    debug: ALL,
    nop: null,
    prometheus: M,
    prometheusremotewrite: M,
    file: ALL,
    kafka: ALL,
    zipkin: T,
    loadbalancing: TML,
    opensearch: ['traces', 'logs'],
    elasticsearch: ALL,
    clickhouse: TML,
    loki: L,
    influxdb: TML,
    awsxray: T,
    awsemf: M,
    googlecloud: TML,
    datadog: TML,
    splunk_hec: TML,
  },
};

const BUILTIN_EXTENSIONS = [
  'health_check',
  'pprof',
  'zpages',
  'memory_limiter',
  'file_storage',
  'basicauth',
  'bearertokenauth',
  'oauth2client',
  'oidc',
  'headers_setter',
  'opamp',
  'k8s_observer',
  'docker_observer',
  'host_observer',
  'sigv4auth',
  'jaeger_remote_sampling',
];

/** connector type → supported [exporter-side signal, receiver-side signal] pairs. */
const SAME: [Signal, Signal][] = ALL.map((s) => [s, s]);
const TO_METRICS = (...from: Signal[]): [Signal, Signal][] => from.map((s) => [s, 'metrics']);
const BUILTIN_CONNECTORS: Record<string, [Signal, Signal][]> = {
  forward: SAME,
  routing: SAME.slice(0, 3),
  failover: SAME.slice(0, 3),
  round_robin: SAME.slice(0, 3),
  span_metrics: TO_METRICS('traces'),
  service_graph: TO_METRICS('traces'),
  servicegraph: TO_METRICS('traces'),
  exceptions: [
    ['traces', 'metrics'],
    ['traces', 'logs'],
  ],
  count: TO_METRICS('traces', 'metrics', 'logs', 'profiles'),
  sum: TO_METRICS('traces', 'metrics', 'logs'),
  signal_to_metrics: TO_METRICS('traces', 'metrics', 'logs', 'profiles'),
  grafanacloud: TO_METRICS('traces'),
};

/** Deprecated type aliases → current names (core v0.144 renames and the contrib snake_case renames). */
const BUILTIN_RENAMES: Partial<Record<ComponentKind, Record<string, string>>> = {
  receiver: { hostmetrics: 'host_metrics', filelog: 'file_log', httpcheck: 'http_check' },
  processor: { resourcedetection: 'resource_detection' },
  exporter: { otlp: 'otlp_grpc', otlphttp: 'otlp_http' },
  connector: { spanmetrics: 'span_metrics', signaltometrics: 'signal_to_metrics' },
};

/** Types that no longer exist, with the collector's message and the replacement type. */
export const REMOVED_TYPES: Partial<Record<ComponentKind, Record<string, { message: string; replacement: string }>>> = {
  exporter: {
    logging: { message: 'the logging exporter has been deprecated, use the debug exporter instead', replacement: 'debug' },
  },
};

/** Signals in the order the collector lists them. */
function asSignals(v: unknown): Signal[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((s): s is Signal => typeof s === 'string' && (ALL as string[]).includes(s));
}

export interface Catalog {
  /** Known types for a kind (schema ∪ builtin ∪ extra), current names only. */
  knownTypes(kind: ComponentKind): string[];
  isKnown(kind: ComponentKind, type: string): boolean;
  /** Supported signals, or undefined when unknown. Renamed aliases resolve to the new name. */
  signals(kind: ComponentKind, type: string): Signal[] | undefined;
  /** Connector pairs, or undefined when unknown. */
  connectorPairs(type: string): [Signal, Signal][] | undefined;
  /** New name for a deprecated alias. */
  renamedTo(kind: ComponentKind, type: string): string | undefined;
  /** Component body schema (x-components dispatch, following renames). */
  componentSchema(kind: ComponentKind, type: string): JSONSchema | undefined;
}

function sectionSchema(schema: JSONSchema | undefined, kind: ComponentKind): JSONSchema | undefined {
  if (!schema) return undefined;
  const sec = schema.properties?.[SECTION_OF[kind]];
  return sec ? deref(schema, sec) : undefined;
}

/**
 * x-components dispatch: the section schema maps a component type to its body schema.
 * `id` may carry a name (`otlp/2`); a renamed alias (`otlp`) falls back to the new type's schema.
 */
export function resolveComponentSchema(schema: JSONSchema | undefined, kind: ComponentKind, id: string): JSONSchema | undefined {
  if (!schema) return undefined;
  const type = id.split('/')[0].trim();
  const sec = sectionSchema(schema, kind);
  const map = sec?.['x-components'];
  if (!map || typeof map !== 'object') return undefined;
  const pick = (t: string): JSONSchema | undefined => {
    const ref = map[t];
    if (!ref) return undefined;
    return deref(schema, typeof ref === 'string' ? refSchema(ref) : ref);
  };
  const direct = pick(type);
  if (direct) return direct;
  const renamed = renamesFrom(schema, kind)[type] ?? BUILTIN_RENAMES[kind]?.[type];
  return renamed ? pick(renamed) : undefined;
}

function renamesFrom(schema: JSONSchema | undefined, kind: ComponentKind): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (v: unknown): void => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, n] of Object.entries(v as Record<string, unknown>)) if (typeof n === 'string') out[k] = n;
    }
  };
  take(sectionSchema(schema, kind)?.['x-renamed']);
  const rootRenamed = schema?.['x-renamed'];
  if (rootRenamed && typeof rootRenamed === 'object') take((rootRenamed as Record<string, unknown>)[SECTION_OF[kind]]);
  return out;
}

const cache = new WeakMap<JSONSchema, Map<string, Catalog>>();

export function getCatalog(schema: JSONSchema | undefined, extraTypes: string[] = []): Catalog {
  const key = extraTypes.join(',');
  if (schema) {
    const byExtra = cache.get(schema);
    const hit = byExtra?.get(key);
    if (hit) return hit;
  }
  const cat = makeCatalog(schema, extraTypes);
  if (schema) {
    if (!cache.has(schema)) cache.set(schema, new Map());
    cache.get(schema)!.set(key, cat);
  }
  return cat;
}

function makeCatalog(schema: JSONSchema | undefined, extraTypes: string[]): Catalog {
  const renames: Partial<Record<ComponentKind, Record<string, string>>> = {};
  const known: Partial<Record<ComponentKind, Set<string>>> = {};
  const extra = new Set<string>();
  const extraByKind: Partial<Record<ComponentKind, Set<string>>> = {};
  for (const raw of extraTypes) {
    // "type" (any kind) or "kind:type" / "kinds:type" to restrict it to one kind.
    const m = /^(receiver|processor|exporter|extension|connector)s?[:/](.+)$/.exec(raw.trim());
    if (m) (extraByKind[m[1] as ComponentKind] ??= new Set()).add(m[2].trim());
    else if (raw.trim()) extra.add(raw.trim());
  }
  for (const kind of ['receiver', 'processor', 'exporter', 'extension', 'connector'] as ComponentKind[]) {
    renames[kind] = { ...(BUILTIN_RENAMES[kind] ?? {}), ...renamesFrom(schema, kind) };
    const set = new Set<string>();
    const map = sectionSchema(schema, kind)?.['x-components'];
    if (map && typeof map === 'object') for (const t of Object.keys(map)) set.add(t);
    const listed = sectionSchema(schema, kind)?.['x-known-types'];
    if (Array.isArray(listed)) for (const t of listed) if (typeof t === 'string') set.add(t);
    if (kind === 'extension') BUILTIN_EXTENSIONS.forEach((t) => set.add(t));
    else if (kind === 'connector') Object.keys(BUILTIN_CONNECTORS).forEach((t) => set.add(t));
    else Object.keys(BUILTIN[kind]).forEach((t) => set.add(t));
    for (const [oldName, newName] of Object.entries(renames[kind]!)) {
      set.delete(oldName);
      set.add(newName);
    }
    // nop receiver/exporter ship in core (cmd/otelcorecol/builder-config.yaml at v0.159.0); other nop kinds are test-only factories.
    if (kind !== 'receiver' && kind !== 'exporter') set.delete('nop');
    known[kind] = set;
  }
  const renamedTo = (kind: ComponentKind, type: string): string | undefined => {
    const n = renames[kind]?.[type];
    return n && n !== type ? n : undefined;
  };
  const current = (kind: ComponentKind, type: string): string => renamedTo(kind, type) ?? type;
  return {
    knownTypes: (kind) => [...(known[kind] ?? [])].sort(),
    isKnown: (kind, type) =>
      !!known[kind]?.has(current(kind, type)) || extra.has(type) || !!extraByKind[kind]?.has(type) || !!REMOVED_TYPES[kind]?.[type],
    renamedTo,
    componentSchema: (kind, type) => resolveComponentSchema(schema, kind, type),
    signals(kind, type) {
      const t = current(kind, type);
      const s = resolveComponentSchema(schema, kind, t);
      const fromSchema = asSignals(s?.['x-signals']);
      if (fromSchema && fromSchema.length) return fromSchema;
      if (kind === 'extension' || kind === 'connector') return undefined;
      const b = BUILTIN[kind][t];
      return b ?? undefined;
    },
    connectorPairs(type) {
      const t = current('connector', type);
      const s = resolveComponentSchema(schema, 'connector', t);
      const raw = s?.['x-connector-pairs'];
      const parsed = parsePairs(raw);
      if (parsed) return parsed;
      return BUILTIN_CONNECTORS[t];
    },
  };
}

/** Accepts [["traces","metrics"]], ["traces->metrics"], ["traces_to_metrics"] or {traces: ["metrics"]}. */
function parsePairs(raw: unknown): [Signal, Signal][] | undefined {
  if (!raw) return undefined;
  const out: [Signal, Signal][] = [];
  const isSig = (s: unknown): s is Signal => typeof s === 'string' && (ALL as string[]).includes(s);
  if (Array.isArray(raw)) {
    for (const p of raw) {
      if (Array.isArray(p) && isSig(p[0]) && isSig(p[1])) out.push([p[0], p[1]]);
      else if (typeof p === 'string') {
        const m = /^(\w+)\s*(?:->|→|_to_|\/|:)\s*(\w+)$/.exec(p);
        if (m && isSig(m[1]) && isSig(m[2])) out.push([m[1], m[2]]);
      } else if (p && typeof p === 'object') {
        const o = p as Record<string, unknown>;
        const a = o.from ?? o.exporter;
        const b = o.to ?? o.receiver;
        if (isSig(a) && isSig(b)) out.push([a, b]);
      }
    }
  } else if (typeof raw === 'object') {
    for (const [from, tos] of Object.entries(raw as Record<string, unknown>)) {
      if (!isSig(from)) continue;
      for (const to of Array.isArray(tos) ? tos : [tos]) if (isSig(to)) out.push([from, to]);
    }
  }
  return out.length ? out : undefined;
}
