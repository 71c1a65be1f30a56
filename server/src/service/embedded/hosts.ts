/**
 * Embedded documents: NativeLink and collector configs kept inside Kubernetes manifests and Helm values.
 *
 * The interface is one function, host text → documents:
 *
 *     findEmbedded(uri, hostText, settings): EmbeddedDocument[]
 *
 * each with its `kind`, its own `text` and an exact `map` between embedded and host offsets (OffsetMap).
 * The language service checks `text` as a standalone file of that kind and maps every position back.
 *
 * Two ways to plug in another kind (e.g. "promrules", a Prometheus rule file in a ConfigMap entry):
 *  - `registerEntryKind({ kind, family, matches })`: decides for a ConfigMap/Secret `data`/`stringData` entry
 *    (key name, text, parsed root, the resource) whether it holds a document of that kind. One call.
 *  - `registerHostExtractor(fn)`: for resources whose documents are not ConfigMap entries (a `PrometheusRule`'s
 *    `spec.groups`): given one parsed host YAML document, return its embedded documents (use `embedNode`).
 * Kinds without a language engine are found (for the CLI and diagnosis) but not analysed by the service.
 *
 * Hosts understood here (upstream sources cited per host):
 *  - ConfigMap / Secret `data` and `stringData` entries (kubernetes/api@kubernetes-1.36.3:core/v1/types.go). A
 *    Secret's `data` and a ConfigMap's `binaryData` are base64: a decoded character has no single host
 *    position (4 characters carry 3 bytes, and line wrapping is free), so they are skipped.
 *  - OpenTelemetryCollector `spec.config`: a string in opentelemetry.io/v1alpha1, a YAML object in v1beta1
 *    (open-telemetry/opentelemetry-operator@v0.158.0:apis/v1alpha1/opentelemetrycollector_types.go,
 *    apis/v1beta1/config.go).
 *  - Values of the opentelemetry-collector Helm chart: `config:` (or `alternateConfig:`) beside `mode:` /
 *    `image:` / `presets:`, at the top or under a subchart key, merged with the chart's defaults (helmValues.ts).
 * Helm templates (a chart's `templates/`, or `{{ }}` the YAML parser cannot read) are not YAML: nothing is found.
 */
import { isRuleFile, ruleGroupsNode } from '../../promrules/engine';
import { ruleEntries } from '../../promrules/ruleGroups';
import { toValue, valueOf, type ASTNode } from '../../parser/ast';
import { flatCopy } from '../../parser/flat';
import { registerCache } from '../../cacheFill';
import { parseJson5 } from '../../parser/json5';
import { ParseLineage, parseYaml } from '../../parser/yaml';
import { detectKind, globMatch, type Family } from '../detect';
import { defaultSettings, type Settings } from '../settings';
import { lineStarts, mappingText, scalarText, type EmbeddedText } from './blockText';
import { withChartDefaults } from './helmValues';
import type { OffsetMap } from './offsetMap';

export interface EmbeddedDocument {
  /** 'nativelink' | 'collector', or a kind registered by another module. */
  kind: string;
  family: Family;
  text: string;
  map: OffsetMap;
  /** Where it lives, for messages and the outline: `ConfigMap otel-collector-config: data.collector.yaml`. */
  label: string;
  /** Host range of the key that holds the document (findings with no host position land here). */
  anchor: { offset: number; length: number };
  /**
   * True when the document is a node of the host's own YAML (v1beta1 `spec.config`, Helm `config:`): its
   * YAML syntax errors are the host's, reported by the YAML tooling, never by us.
   */
  hostSyntax: boolean;
  /** See EmbeddedText.indent: spaces after a line break an edit inserts; -1 when line breaks cannot be mapped. */
  indent: number;
}

export interface Resource {
  apiVersion?: string;
  kind?: string;
  name?: string;
  labels: Record<string, string>;
}

export interface EntryKind {
  kind: string;
  family: Family;
  /** `root` is the entry parsed in `family` (undefined when empty or unparsable). */
  matches(entry: { key: string; text: string; root: ASTNode | undefined; resource: Resource }): boolean;
}

export type HostExtractor = (ctx: HostContext) => EmbeddedDocument[];

export interface HostContext {
  uri: string;
  text: string;
  starts: number[];
  /** One YAML document of the host (multi-document files call the extractors once per document). */
  root: ASTNode;
  resource: Resource;
  settings: Settings;
}

const entryKinds: EntryKind[] = [];
const extractors: HostExtractor[] = [];

export function registerEntryKind(k: EntryKind): void {
  entryKinds.push(k);
}

export function registerHostExtractor(fn: HostExtractor): void {
  extractors.push(fn);
}

/** An embedded document from a host node (a block scalar, a one-line scalar or a block mapping); undefined when declined. */
export function embedNode(
  ctx: HostContext,
  node: ASTNode | undefined,
  kind: string,
  family: Family,
  label: string,
  anchor: ASTNode,
  /** Says when `{{ }}` in the text are the embedded document's own templates rather than Helm's. */
  ownTemplates?: (text: string) => boolean,
): EmbeddedDocument | undefined {
  if (!node) return undefined;
  const t: EmbeddedText | undefined = node.type === 'object' ? mappingText(ctx.text, ctx.starts, node) : scalarText(ctx.text, ctx.starts, node);
  if (!t || (t.text.includes('{{') && !ownTemplates?.(t.text))) return undefined; // Helm `tpl` input: not a config until rendered
  return { kind, family, text: t.text, map: t.map, indent: t.indent, label, anchor: { offset: anchor.offset, length: anchor.length }, hostSyntax: node.type === 'object' };
}

/** A cheap look before any parse: is this YAML text a host at all? */
export function mightBeHost(text: string): boolean {
  return /^kind:\s*["']?(?:ConfigMap|Secret|OpenTelemetryCollector)\b/m.test(text) || (/^ {0,2}(?:config|alternateConfig):/m.test(text) && /^ {0,2}(?:mode|image|presets|alternateConfig):/m.test(text)) || extraSignal.some((re) => re.test(text));
}

const extraSignal: RegExp[] = [];
/** Another module's cheap signal for its hosts (e.g. `kind: PrometheusRule`), checked by mightBeHost. */
export function registerHostSignal(re: RegExp): void {
  extraSignal.push(re);
}

/** Helm chart templates are Go templates, not YAML. */
export function isHelmTemplate(uri: string, text: string): boolean {
  return /\/templates\/[^/]*$/.test(uri.split(/[?#]/)[0]) && text.includes('{{');
}

const cache = new Map<string, { text: string; settingsKey: string; docs: EmbeddedDocument[] }>();
/** Both caches hold whole texts: bounded by characters too, or 200 megabyte hosts would stay in memory. */
const CACHE_MAX_CHARS = 4 * 1024 * 1024;
let cacheChars = 0;
let pieceCacheChars = 0;

/** Drops a closed file's entries. */
export function forgetEmbedded(uri: string): void {
  dropCached(uri);
  // Each entry's parse lineage holds that entry's last tree.
  for (const k of probeLineages.keys()) if (k.startsWith(`${uri}\u0000`)) probeLineages.delete(k);
}

function dropCached(uri: string): void {
  const hit = cache.get(uri);
  if (hit) cacheChars -= hit.text.length;
  cache.delete(uri);
}

/** All embedded documents of a host YAML file, in host order; [] for anything else. Never throws. */
export function findEmbedded(uri: string, text: string, settings: Settings = defaultSettings): EmbeddedDocument[] {
  const settingsKey = JSON.stringify(settings.files);
  const hit = cache.get(uri);
  if (hit && hit.text === text && hit.settingsKey === settingsKey) return hit.docs;
  let docs: EmbeddedDocument[] = [];
  try {
    docs = compute(uri, text, settings);
  } catch {
    docs = [];
  }
  dropCached(uri);
  if (cache.size > 200 || cacheChars + text.length > CACHE_MAX_CHARS) {
    cache.clear();
    cacheChars = 0;
  }
  cache.set(uri, { text, settingsKey, docs });
  cacheChars += text.length;
  return docs;
}

function compute(uri: string, text: string, settings: Settings): EmbeddedDocument[] {
  if (!mightBeHost(text) || isHelmTemplate(uri, text)) return [];
  if (settings.files.exclude.some((g) => globMatch(g, uri))) return [];
  const out: EmbeddedDocument[] = [];
  const starts = pieces(text);
  starts.forEach((from, i) => {
    for (const d of piecesDocs(uri, text.slice(from, starts[i + 1] ?? text.length), settings)) out.push(shift(d, from));
  });
  return out;
}

/**
 * Multi-document hosts are read one `---` piece at a time, each cached by its text, so typing in one
 * document of a 2,000-line manifest re-reads only that document. YAML documents are independent except for
 * directives (`%YAML`, `%TAG`), so a text with directives is read whole.
 */
function pieces(text: string): number[] {
  if (/^%/m.test(text)) return [0];
  const out = [0];
  const re = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) out.push(m.index);
  return out;
}

const pieceCache = new Map<string, { key: string; docs: EmbeddedDocument[] }>();
const PIECE_CACHE_MAX = 500;
let pieceEvictions = 0;
// The by-URI cache above is not listed: a closed file's entry is dropped, so it cannot outgrow the open files.
registerCache(
  () => ({ name: 'host documents', entries: pieceCache.size, maxEntries: PIECE_CACHE_MAX, chars: pieceCacheChars, maxChars: CACHE_MAX_CHARS, evictions: pieceEvictions }),
  () => {
    pieceCache.clear();
    pieceCacheChars = 0;
  },
);

function piecesDocs(uri: string, text: string, settings: Settings): EmbeddedDocument[] {
  // Only the settings that change detection take part in the key (exclusion and templates were decided by the caller).
  const key = `${JSON.stringify(settings.files.embedded ?? {})}\u0000${text}`;
  const hit = pieceCache.get(key);
  if (hit) {
    // Re-inserted under its own flat key: the lookup key is cut from this document and would keep it alive.
    pieceCache.delete(key);
    pieceCache.set(hit.key, hit);
    return hit.docs;
  }
  const parsed = parseYaml(text);
  // `{{ }}` outside a chart's templates/ that breaks the YAML is a template too: stay quiet.
  const docs: EmbeddedDocument[] = [];
  if (!(parsed.errors.length && text.includes('{{'))) {
    const starts = lineStarts(text);
    for (const root of parsed.documents) {
      if (root?.type !== 'object') continue;
      const ctx: HostContext = { uri, text, starts, root, resource: resourceOf(root), settings };
      for (const x of [...builtinExtractors, ...extractors]) {
        try {
          docs.push(...x(ctx));
        } catch {
          /* one faulty extractor must not hide the others' documents */
        }
      }
    }
  }
  while (pieceCache.size && (pieceCache.size >= PIECE_CACHE_MAX || pieceCacheChars + key.length > CACHE_MAX_CHARS)) {
    pieceEvictions++;
    const oldest = pieceCache.keys().next().value as string;
    pieceCache.delete(oldest);
    pieceCacheChars -= oldest.length;
  }
  const flat = flatCopy(key);
  pieceCache.set(flat, { key: flat, docs });
  pieceCacheChars += key.length;
  return docs;
}

function shift(d: EmbeddedDocument, by: number): EmbeddedDocument {
  if (!by) return d;
  return { ...d, map: d.map.shifted(by), anchor: { offset: d.anchor.offset + by, length: d.anchor.length } };
}

function str(n: ASTNode | undefined): string | undefined {
  return n && typeof n.value === 'string' ? n.value : undefined;
}

function resourceOf(root: ASTNode): Resource {
  const meta = valueOf(root, 'metadata');
  const labels: Record<string, string> = {};
  for (const p of valueOf(meta, 'labels')?.children ?? []) {
    const k = str(p.children?.[0]);
    const v = p.children?.[1]?.value;
    if (k !== undefined && v !== undefined && v !== null) labels[k] = String(v);
  }
  return { apiVersion: str(valueOf(root, 'apiVersion')), kind: str(valueOf(root, 'kind')), name: str(valueOf(meta, 'name')), labels };
}

/** `nativelink.files.embedded`: key-name globs → kind ('none' opts an entry out). */
function forcedKind(settings: Settings, key: string): string | undefined {
  for (const [glob, kind] of Object.entries(settings.files.embedded ?? {})) if (globMatch(glob, key)) return kind;
  return undefined;
}

function familyOfEntry(key: string, text: string): Family {
  if (/\.json5?$/i.test(key)) return 'json5';
  if (/\.ya?ml$/i.test(key)) return 'yaml';
  return /^\s*(?:\{|\/\/|\/\*)/.test(text) ? 'json5' : 'yaml';
}

/** Detection ignores the user's file globs: they name files, and the entry is not one. */
const CONTENT_ONLY: Settings = { ...defaultSettings, files: { nativelink: [], collector: [], exclude: [] } };

function otelContext(r: Resource): boolean {
  return /otel|opentelemetry|collector/i.test([r.name ?? '', ...Object.values(r.labels)].join(' '));
}

// Built-in entry kinds: content decides, as for standalone files (detectKind), with key names that mark a
// collector config in Kubernetes (`relay` is the chart's key, `collector.yaml` the operator's and NativeLink's).
registerEntryKind({
  kind: 'nativelink',
  family: 'json5',
  matches: ({ key, text, root }) => detectKind(`embedded:///${encodeURIComponent(key.endsWith('.json5') ? key : 'entry.json5')}`, 'json5', text, { root, errors: [], comments: [] }, CONTENT_ONLY) === 'nativelink',
});
registerEntryKind({
  kind: 'collector',
  family: 'yaml',
  matches: ({ key, text, root, resource }) => {
    if (detectKind(`embedded:///${encodeURIComponent(key)}`, 'yaml', text, { root, errors: [], comments: [] }, CONTENT_ONLY) === 'collector') return true;
    const named = /collector.*\.ya?ml$/i.test(key) || key === 'relay' || (/^config\.ya?ml$/i.test(key) && otelContext(resource));
    const top = root?.type === 'object' ? (root.children ?? []).map((p) => p.children?.[0]?.value) : [];
    return named && ['receivers', 'exporters', 'service'].some((k) => top.includes(k));
  },
});

// Prometheus rule files kept in a ConfigMap entry (NativeLink's deployment-examples/metrics/kubernetes/prometheus.yaml
// mounts its alert rules this way): the same `groups:` shape promtool reads (prometheus/prometheus@v3.14.0:model/rulefmt/rulefmt.go).
registerEntryKind({
  kind: 'promrules',
  family: 'yaml',
  matches: ({ root }) => isRuleFile(root),
});

/**
 * The kind probe parses an entry on every keystroke in its host; a lineage per entry (its result is read at once
 * and dropped) moves the previous probe's tree instead of copying a large entry's whole tree again.
 */
const probeLineages = new Map<string, ParseLineage>();

function probeLineage(uri: string, label: string): ParseLineage {
  const key = `${uri}\u0000${label}`;
  let l = probeLineages.get(key);
  if (!l) {
    if (probeLineages.size >= 200) probeLineages.clear();
    probeLineages.set(key, (l = new ParseLineage()));
  }
  return l;
}

/**
 * A rule file's alert labels and annotations are Go templates that Prometheus expands (`{{ $labels.instance }}`;
 * prometheus/prometheus@v3.14.0:model/rulefmt/rulefmt.go validates them as templates), so `{{` there does not make
 * the entry Helm `tpl` input. Anywhere else (an `expr`, a name, a group) it still does.
 */
function onlyAlertTemplates(text: string, lineage: ParseLineage): boolean {
  const parsed = parseYaml(text, lineage);
  if (parsed.errors.length || !isRuleFile(parsed.root)) return false;
  const own: ASTNode[] = [];
  for (const r of ruleEntries(ruleGroupsNode(parsed.root))) {
    for (const key of ['labels', 'annotations']) {
      const v = valueOf(r.rule, key);
      if (v) own.push(v);
    }
  }
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) {
    if (!own.some((v) => i >= v.offset && i < v.offset + v.length)) return false;
  }
  return true;
}

function configMapEntries(ctx: HostContext): EmbeddedDocument[] {
  const { resource, root, settings } = ctx;
  if (resource.apiVersion !== 'v1' || (resource.kind !== 'ConfigMap' && resource.kind !== 'Secret')) return [];
  const out: EmbeddedDocument[] = [];
  // Secret `data` is base64 (see the header comment): only `stringData` holds text we can map.
  const sections = resource.kind === 'ConfigMap' ? ['data'] : ['stringData'];
  for (const section of sections) {
    for (const prop of valueOf(root, section)?.children ?? []) {
      const keyNode = prop.children?.[0];
      const value = prop.children?.[1];
      const key = str(keyNode);
      if (!keyNode || key === undefined || value?.type !== 'string') continue;
      const forced = forcedKind(settings, key);
      if (forced === 'none') continue;
      const label = `${resource.kind} ${resource.name ?? '(unnamed)'}: ${section}.${key}`;
      const probe = embedNode(ctx, value, '', 'yaml', label, keyNode, (t) => onlyAlertTemplates(t, probeLineage(ctx.uri, label)));
      if (!probe) continue;
      const family = forced ? entryKinds.find((k) => k.kind === forced)?.family ?? familyOfEntry(key, probe.text) : familyOfEntry(key, probe.text);
      let kind = forced;
      if (!kind) {
        const parsed = family === 'json5' ? parseJson5(probe.text) : parseYaml(probe.text, probeLineage(ctx.uri, label));
        kind = entryKinds.find((k) => k.family === family && k.matches({ key, text: probe.text, root: parsed.root, resource }))?.kind;
      }
      if (kind) out.push({ ...probe, kind, family });
    }
  }
  return out;
}

function operatorCollector(ctx: HostContext): EmbeddedDocument[] {
  const { resource, root } = ctx;
  if (resource.kind !== 'OpenTelemetryCollector' || !/^opentelemetry\.io\/v1(?:alpha1|beta1)$/.test(resource.apiVersion ?? '')) return [];
  const prop = (valueOf(root, 'spec')?.children ?? []).find((p) => p.children?.[0]?.value === 'config');
  const node = prop?.children?.[1];
  // v1alpha1 carries a string, v1beta1 an object; either spelling is read as what it is.
  if (!prop || !node || (node.type !== 'string' && node.type !== 'object')) return [];
  const doc = embedNode(ctx, node, 'collector', 'yaml', `${resource.kind} ${resource.name ?? '(unnamed)'}: spec.config`, prop.children![0]);
  return doc ? [doc] : [];
}

const COLLECTOR_SECTIONS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'];
const CHART_SIBLINGS = ['mode', 'image', 'presets', 'alternateConfig', 'configMap'];

function helmValues(ctx: HostContext): EmbeddedDocument[] {
  if (ctx.resource.kind) return [];
  const candidates: { values: ASTNode; prefix: string }[] = [{ values: ctx.root, prefix: '' }];
  // As a subchart the same keys sit under the dependency's name.
  for (const p of ctx.root.children ?? []) {
    const v = p.children?.[1];
    if (v?.type === 'object') candidates.push({ values: v, prefix: `${String(p.children?.[0]?.value)}.` });
  }
  const out: EmbeddedDocument[] = [];
  for (const { values, prefix } of candidates) {
    const keys = (values.children ?? []).map((p) => p.children?.[0]?.value);
    if (!CHART_SIBLINGS.some((k) => keys.includes(k))) continue;
    const alt = (values.children ?? []).find((p) => p.children?.[0]?.value === 'alternateConfig');
    // A non-empty alternateConfig replaces `config` (templates/_config.tpl at chart 0.170.0).
    const useAlt = alt?.children?.[1]?.type === 'object' && !!alt.children[1].children?.length;
    const prop = useAlt ? alt : (values.children ?? []).find((p) => p.children?.[0]?.value === 'config');
    const node = prop?.children?.[1];
    if (!prop || node?.type !== 'object') continue;
    // Another chart's values may have `config:` and `image:` too: only a collector config's sections qualify.
    const sections = (node.children ?? []).map((p) => String(p.children?.[0]?.value));
    if (!sections.length || !sections.every((k) => COLLECTOR_SECTIONS.includes(k))) continue;
    const name = String(prop.children![0].value);
    const doc = embedNode(ctx, node, 'collector', 'yaml', `Helm values: ${prefix}${name}`, prop.children![0]);
    if (!doc) continue;
    const merged = withChartDefaults(doc, toValue(values) as Record<string, unknown>, useAlt, prefix !== '');
    if (merged) out.push({ ...doc, text: merged.text, map: merged.map });
  }
  return out;
}

const builtinExtractors: HostExtractor[] = [configMapEntries, operatorCollector, helmValues];
