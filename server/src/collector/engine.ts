/**
 * The OpenTelemetry Collector language engine: bundled schema + collector rules + value grammars,
 * symbols (components, pipelines, references), reference completion and runtime-value detection.
 */
import type { ASTNode } from '../parser/ast';
import type { GrammarCheck, GrammarResult, JSONSchema, LanguageEngine, ValueSuggestion } from '../service/engine';
import { resolveComponentSchema as resolveBySingular } from './catalog';
import { closest, componentIdError, pipelineIdError } from './ids';
import { buildModel, canonicalId, type ComponentKind, COMPONENT_KINDS, componentsOf, SECTION_OF, SIGNALS } from './model';
import { collectorRules } from './rules';
import { grpcEndpointError } from './rules/exporter-endpoint';
import { hasRuntimeReference } from './runtime';
import { collectorSchema } from './schemaSource';
import { collectorSymbols } from './symbols';
import { componentReadme } from './componentDocs';

export { collectorSymbols } from './symbols';
export { collectorRules } from './rules';

/**
 * x-components dispatch: body schema for component `id` (`type[/name]`) of `kind`
 * ('receiver' or 'receivers', ...). Deprecated aliases resolve to the renamed type's schema.
 */
export function resolveComponentSchema(schema: JSONSchema, kind: string, id: string): JSONSchema | undefined {
  const k = (COMPONENT_KINDS as string[]).includes(kind)
    ? (kind as ComponentKind)
    : COMPONENT_KINDS.find((c) => SECTION_OF[c] === kind);
  return k ? resolveBySingular(schema, k, id) : undefined;
}

function str(node: ASTNode): string | undefined {
  return node.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

const DURATION_RE = /^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

const duration: GrammarCheck = (node) => {
  if (node.type === 'number') return Number.isInteger(node.value) ? { explain: `= ${node.value} ns` } : { message: 'a duration must be an integer number of nanoseconds or a string like "5s"', severity: 'error' };
  const s = str(node);
  if (s === undefined || hasRuntimeReference(s)) return undefined;
  const t = s.trim();
  if (t === '0' || DURATION_RE.test(t)) return undefined;
  const fix = /^[0-9]+(\.[0-9]+)?$/.test(t) ? `${t}s` : /^([0-9]+)\s*(sec|secs|second|seconds)$/i.test(t) ? t.replace(/\s*(sec|secs|second|seconds)$/i, 's') : undefined;
  const missingUnit = /^[0-9.]+$/.test(t);
  return {
    message: missingUnit ? `time: missing unit in duration "${t}"` : `time: invalid duration "${t}"`,
    severity: 'error',
    code: 'collector/invalid-duration',
    fixes: fix ? [{ title: `Use "${fix}"`, edits: [{ offset: node.offset, length: node.length, newText: fix }], isPreferred: true }] : undefined,
  };
};

const endpoint: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || hasRuntimeReference(s) || s === '') return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return undefined; // URL forms are accepted by HTTP servers/clients
  if (s.startsWith('unix:') || s.startsWith('/')) return undefined;
  const m = /^(\[[^\]]*\]|[^:\s]*):(\d+)$/.exec(s);
  if (m && Number(m[2]) <= 65535) return undefined;
  const portPart = /:([^:\]]*)$/.exec(s)?.[1];
  return {
    message: portPart === undefined ? `address ${s}: missing port in address` : `invalid port "${portPart}"`,
    severity: 'error',
    code: 'collector/invalid-endpoint',
  };
};

const grpcEndpoint: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || s === '') return undefined;
  const err = grpcEndpointError(s);
  return err ? { message: err, severity: 'error', code: 'collector/invalid-endpoint' } : undefined;
};

const url: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || hasRuntimeReference(s) || s === '') return undefined;
  try {
    const u = new URL(s);
    if (!/^https?:$/.test(u.protocol)) return { message: `"${s}" is not an http(s) URL`, severity: 'warning', code: 'collector/invalid-url' };
    return undefined;
  } catch {
    return { message: `"${s}" is not an absolute URL (expected http://host:port/path)`, severity: 'error', code: 'collector/invalid-url' };
  }
};

const httpPath: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || hasRuntimeReference(s) || s === '' || s.startsWith('/')) return undefined;
  return {
    message: `path "${s}" should start with "/"`,
    severity: 'warning',
    code: 'collector/invalid-path',
    fixes: [{ title: `Use "/${s}"`, edits: [{ offset: node.offset, length: node.length, newText: `/${s}` }] }],
  };
};

/** Cached: Number#toLocaleString builds a new ICU formatter per call. */
const EN_US = new Intl.NumberFormat('en-US');

const sizeMib: GrammarCheck = (node) => {
  if (node.type === 'number') {
    if (!Number.isInteger(node.value) || (node.value as number) < 0) return { message: 'expected a non-negative whole number of MiB', severity: 'error', code: 'collector/invalid-size' };
    return { explain: `= ${EN_US.format((node.value as number) * 1024 * 1024)} bytes` };
  }
  return undefined;
};

const componentId: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || hasRuntimeReference(s)) return undefined;
  const err = componentIdError(s);
  return err ? { message: err, severity: 'error', code: 'collector/invalid-component-id' } : undefined;
};

const pipelineId: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined) return undefined;
  const err = pipelineIdError(s);
  if (!err) return undefined;
  const sig = closest(s.split('/')[0].trim(), [...SIGNALS], 0.5);
  return { message: err, severity: 'error', code: 'collector/invalid-pipeline-id', fixes: sig ? [{ title: `Use "${sig}"`, edits: [{ offset: node.offset, length: node.length, newText: s.replace(/^[^/]*/, sig) }] }] : undefined };
};

const envVarName: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(s)) return undefined;
  return { message: `environment variable "${s}" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$`, severity: 'error', code: 'collector/invalid-env-name' };
};

const regex: GrammarCheck = (node) => {
  const s = str(node);
  if (s === undefined || hasRuntimeReference(s)) return undefined;
  // RE2 ⊂ JS syntax mostly; named groups (?P<n>...) are RE2-only, so normalise them first.
  try {
    new RegExp(s.replace(/\(\?P</g, '(?<'), 'u');
    return undefined;
  } catch (e) {
    return { message: `invalid regular expression: ${(e as Error).message}`, severity: 'warning', code: 'collector/invalid-regex' };
  }
};

const octal: GrammarCheck = (node) => {
  const s = node.type === 'number' ? String(node.value) : str(node);
  if (s === undefined || hasRuntimeReference(s) || /^0?[0-7]{3,4}$/.test(s)) return undefined;
  return { message: 'directory_permissions value must be a valid octal representation', severity: 'error', code: 'collector/invalid-permissions' };
};

const freeText: GrammarCheck = () => undefined;

export const collectorGrammars: Record<string, GrammarCheck> = {
  duration,
  endpoint,
  'grpc-endpoint': grpcEndpoint,
  url,
  'http-path': httpPath,
  'size-mib': sizeMib,
  'component-id': componentId,
  'pipeline-id': pipelineId,
  'env-var-name': envVarName,
  regex,
  'octal-permissions': octal,
  'ottl-statement': freeText,
  'ottl-condition': freeText,
  'file-path': freeText,
};

/** Which component kinds may be named at `path` (pipeline lists, service.extensions, x-ref-kind fields). */
function refKindsAt(path: (string | number)[], propertySchema: JSONSchema | undefined): ComponentKind[] | undefined {
  const p = path.filter((s) => typeof s === 'string') as string[];
  if (p[0] === 'service' && p[1] === 'pipelines' && p.length >= 4) {
    const list = p[3];
    if (list === 'receivers') return ['receiver', 'connector'];
    if (list === 'processors') return ['processor'];
    if (list === 'exporters') return ['exporter', 'connector'];
  }
  if (p[0] === 'service' && p[1] === 'extensions') return ['extension'];
  const refKind = propertySchema?.['x-ref-kind'] ?? propertySchema?.items?.['x-ref-kind'];
  if (typeof refKind === 'string' && (COMPONENT_KINDS as string[]).includes(refKind)) return [refKind as ComponentKind];
  return undefined;
}

function suggestValues(root: ASTNode, path: (string | number)[], propertySchema: JSONSchema | undefined): ValueSuggestion[] {
  const kinds = refKindsAt(path, propertySchema);
  if (!kinds) return [];
  const model = buildModel(root);
  if (!model) return [];
  // Ids already in this list are not offered again.
  const listed = new Set<string>();
  const strPath = path.filter((s) => typeof s === 'string') as string[];
  if (strPath[0] === 'service' && strPath[1] === 'pipelines') {
    const p = model.pipelines.find((q) => q.id.trim() === strPath[2]);
    const l = strPath[3] as 'receivers' | 'processors' | 'exporters';
    const at = typeof path[path.length - 1] === 'number' ? (path[path.length - 1] as number) : -1;
    p?.lists[l]?.items.forEach((it, i) => i !== at && listed.add(canonicalId(it.id)));
  } else if (strPath[0] === 'service' && strPath[1] === 'extensions') {
    const at = typeof path[path.length - 1] === 'number' ? (path[path.length - 1] as number) : -1;
    model.extensionRefs.forEach((it, i) => i !== at && listed.add(canonicalId(it.id)));
  }
  const out: ValueSuggestion[] = [];
  for (const kind of kinds) {
    for (const c of componentsOf(model, kind)) {
      const id = canonicalId(c.id);
      if (listed.has(id)) continue;
      out.push({ label: id, detail: `${kind} (${c.type})`, documentation: `Defined under \`${SECTION_OF[kind]}\`.` });
    }
  }
  return out;
}

/** `${env:VAR}`, `${VAR}`, `${env:VAR:-default}`, `${file:...}`, `${http...}` and `$$` are expanded at load time. */
function isRuntimeValue(node: ASTNode): boolean {
  return node.type === 'string' && typeof node.value === 'string' && hasRuntimeReference(node.value);
}

const KIND_OF_SECTION: Record<string, ComponentKind> = { receivers: 'receiver', processors: 'processor', exporters: 'exporter', extensions: 'extension', connectors: 'connector' };

/** Hover link for a component id under its top-level section: its README at the pinned release. */
function componentDocs(containerPath: (string | number)[], key: string): string | undefined {
  const kind = containerPath.length === 1 ? KIND_OF_SECTION[String(containerPath[0])] : undefined;
  return kind ? componentReadme(kind, key.split('/')[0]) : undefined;
}

export const collectorEngine: LanguageEngine = {
  kind: 'collector',
  get schema(): JSONSchema {
    return collectorSchema();
  },
  rules: collectorRules,
  grammars: collectorGrammars,
  symbols: collectorSymbols,
  suggestValues,
  isRuntimeValue,
  componentDocs,
};

export type { GrammarResult };
