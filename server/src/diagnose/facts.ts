/**
 * Extract the facts the diagnosis uses from NativeLink (JSON5) and collector (YAML) configs: from text (the
 * command line) or from the plain value of a document the extension has already parsed.
 */
import { toValue, type ParseResult } from '../parser/ast';
import { parseJson5 } from '../parser/json5';
import { parseYaml } from '../parser/yaml';
import { parseDuration, parseSize as parseSizeGrammar } from '../nativelink/grammars';
import { hostedConfigs } from '../service/embedded/hostedConfigs';
import type { ConfigFacts } from './types';
import { platformFacts } from './platformFacts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A NativeLink size (bytes, or "10gb" / "1.5GiB"), read by the same grammar the language server checks. */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const r = parseSizeGrammar(v);
  return r.ok ? r.value : undefined;
}

/** A NativeLink duration in whole seconds (integer, or "30s" / "1h30m"), by the language server's grammar. */
export function parseDurationS(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const r = parseDuration(v);
  return r.ok ? r.value : undefined;
}

/** The plain value of a parsed config; a syntax error is an error here (the CLI names the file). */
function valueOf(parsed: ParseResult): unknown {
  const e = parsed.errors[0];
  if (e) throw new Error(`${e.message} (at offset ${e.offset})`);
  return toValue(parsed.root);
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** Facts from a NativeLink config (JSON5 text). Throws on syntax errors. */
export function extractNativelinkFacts(text: string): ConfigFacts {
  const hosted = hostedConfigs('file:///config.yaml', text).find((c) => c.kind === 'nativelink');
  if (hosted) return nativelinkFacts(hosted.value); // a ConfigMap holding the JSON5
  return nativelinkFacts(valueOf(parseJson5(text)));
}

/** Facts from the plain value of a NativeLink config. */
export function nativelinkFacts(root: unknown): ConfigFacts {
  const facts: ConfigFacts = {};
  if (!isObj(root)) return facts;
  // Schedulers: list form (current) or map form (legacy).
  const scheds: Array<{ key: string; spec: Obj }> = [];
  const visitSched = (node: unknown, key: string) => {
    if (!isObj(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'simple' && isObj(v)) scheds.push({ key: `${key}.simple`, spec: v });
      else if (isObj(v) && isObj(v.scheduler)) visitSched(v.scheduler, `${key}.${k}.scheduler`);
    }
  };
  if (Array.isArray(root.schedulers)) root.schedulers.forEach((s, i) => visitSched(s, `schedulers[${i}]`));
  else if (isObj(root.schedulers)) for (const [name, s] of Object.entries(root.schedulers)) visitSched(s, `schedulers.${name}`);
  const first = scheds[0];
  if (first) {
    facts.schedulerKey = first.key;
    const s = first.spec;
    const wt = parseDurationS(s.worker_timeout_s);
    if (wt !== undefined) facts.workerTimeoutS = wt === 0 ? 5 : wt;
    const mr = int(s.max_job_retries);
    if (mr !== undefined) facts.maxJobRetries = mr;
    if (typeof s.allocation_strategy === 'string') facts.allocationStrategy = s.allocation_strategy;
    const ca = parseDurationS(s.client_action_timeout_s);
    if (ca !== undefined) facts.clientActionTimeoutS = ca === 0 ? 60 : ca;
    const me = parseDurationS(s.max_action_executing_timeout_s);
    if (me !== undefined && me > 0) facts.maxActionExecutingTimeoutS = me;
  }
  Object.assign(facts, platformFacts(root, first?.spec));
  // Stores: sized ones and whether any is wrapped in cache_metrics.
  const stores: NonNullable<ConfigFacts['stores']> = [];
  let wrapped = false;
  const visitStore = (node: unknown, key: string, name: string) => {
    if (!isObj(node)) return;
    for (const [kind, spec] of Object.entries(node)) {
      if (kind === 'name' || !isObj(spec)) continue;
      if (kind === 'cache_metrics') wrapped = true;
      const policy = spec.eviction_policy;
      if (isObj(policy)) {
        const mb = parseSize(policy.max_bytes);
        stores.push({ name, kind, ...(mb ? { maxBytes: mb } : {}), key: `${key}.${kind}.eviction_policy.max_bytes` });
      }
      for (const [k, v] of Object.entries(spec)) {
        if (isObj(v)) visitStore(v, `${key}.${kind}.${k}`, name);
        else if (Array.isArray(v)) v.forEach((x, i) => isObj(x) && visitStore(isObj(x.store) ? x.store : x, `${key}.${kind}.${k}[${i}]${isObj(x.store) ? '.store' : ''}`, name));
      }
    }
  };
  if (Array.isArray(root.stores)) root.stores.forEach((s, i) => visitStore(s, `stores[${i}]`, isObj(s) && typeof s.name === 'string' ? s.name : `#${i}`));
  else if (isObj(root.stores)) for (const [name, s] of Object.entries(root.stores)) visitStore(s, `stores.${name}`, name);
  if (stores.length) facts.stores = stores;
  if (root.stores !== undefined) facts.cacheMetricsWrapped = wrapped;
  return facts;
}

/** Facts from an OpenTelemetry collector config (YAML text). Throws on syntax errors. */
export function extractCollectorFacts(text: string): ConfigFacts {
  // A ConfigMap, OpenTelemetryCollector resource or Helm values file: the config inside it (chart defaults included).
  const hosted = hostedConfigs('file:///config.yaml', text).find((c) => c.kind === 'collector');
  if (hosted) return collectorFacts(hosted.value);
  return collectorFacts(valueOf(parseYaml(text)));
}

/** Facts from the plain value of a collector config. */
export function collectorFacts(root: unknown): ConfigFacts {
  const facts: ConfigFacts = {};
  if (!isObj(root)) return facts;
  const processors = isObj(root.processors) ? root.processors : {};
  for (const [id, p] of Object.entries(processors)) {
    const type = id.split('/')[0];
    if (type === 'memory_limiter' && isObj(p) && !facts.memoryLimiter) {
      facts.memoryLimiter = {
        ...(int(p.limit_mib) !== undefined ? { limitMib: int(p.limit_mib) } : {}),
        ...(int(p.spike_limit_mib) !== undefined ? { spikeLimitMib: int(p.spike_limit_mib) } : {}),
        ...(int(p.limit_percentage) !== undefined ? { limitPercentage: int(p.limit_percentage) } : {}),
        key: `processors.${id}.limit_mib`,
      };
    }
    if (type === 'batch' && !facts.batch) {
      const b = isObj(p) ? p : {};
      facts.batch = {
        ...(int(b.send_batch_size) !== undefined ? { sendBatchSize: int(b.send_batch_size) } : {}),
        ...(int(b.send_batch_max_size) !== undefined ? { sendBatchMaxSize: int(b.send_batch_max_size) } : {}),
        key: `processors.${id}`,
      };
    }
  }
  const extensions = isObj(root.extensions) ? root.extensions : {};
  const enabled = isObj(root.service) && Array.isArray(root.service.extensions) ? root.service.extensions.map(String) : [];
  for (const [id, e] of Object.entries(extensions)) {
    if (id.split('/')[0] !== 'health_check' || !enabled.includes(id)) continue;
    const ep = isObj(e) && typeof e.endpoint === 'string' ? e.endpoint : 'localhost:13133';
    const path = isObj(e) && typeof e.path === 'string' ? e.path : '/';
    facts.healthCheckEndpoint = `${ep}${path === '/' ? '/' : path}`;
    break;
  }
  return facts;
}

/** Merge facts of several files (later files fill only what earlier ones left open). */
export function mergeFacts(...parts: Array<ConfigFacts | undefined>): ConfigFacts {
  const out: ConfigFacts = {};
  for (const p of parts) {
    if (!p) continue;
    for (const [k, v] of Object.entries(p)) if (v !== undefined && (out as Record<string, unknown>)[k] === undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
