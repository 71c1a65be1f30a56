import { collectorTargets, nativelinkTargets } from '../live/targets';
import type { LiveTarget } from '../live/types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { ASTNode, ParseResult } from '../parser/ast';
import { parseJson5 } from '../parser/json5';
import { reparseJson5, type Json5Parse } from '../parser/json5Reuse';
import { ParseLineage, parseYaml } from '../parser/yaml';
import { completeAt, type CompletionCandidate } from '../schema/complete';
import { hoverAt } from '../schema/hover';
import { MAX_SCHEMA_FINDINGS, validateSchema } from '../schema/validate';
import { yamlEntryKeys } from '../schema/yamlEntryKey';
import { boundMessage } from './boundedText';
import { json5Context, yamlContext } from './context';
import { detectKind, familyOf, mightBeOurs, type Family } from './detect';
import { resetSimilarityBudget } from './similar';
import type { LanguageEngine, SymbolDef, SymbolIndex } from './engine';
import type { DocKind, Finding, Fix, Severity } from './rules';
import type { Settings } from './settings';

export const SOURCE = 'nativelink';

/** An error whose message is meant for the user (the handler turns it into an LSP ResponseError). */
export class UserFacingError extends Error {}

export interface Analysis {
  uri: string;
  version: number;
  family: Family;
  kind: DocKind | undefined;
  parse: ParseResult;
  findings: Finding[];
  /** Set when analysis was cut short (huge or binary file): shown to the user as one diagnostic. */
  limited?: string;
  /** Set when findings past MAX_FINDINGS were dropped (the count is then a lower bound). */
  truncated?: boolean;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

type Logger = (message: string) => void;

/**
 * The pure language service: `(document, settings) -> LSP results`. No connection, no I/O; the
 * server's handlers own those. Analyses are cached per document version so diagnostics, code
 * actions and navigation share one parse and one rule run.
 */
export class ConfigLanguageService {
  private cache = new Map<string, { key: string; analysis: Analysis }>();
  /** Each JSON5 document's last parse, handed to its next parse to reuse (json5Reuse.ts): its tree is then taken over. */
  private lastJson5 = new Map<string, Json5Parse>();
  /** Each document's YAML parses reuse the previous version's tree (its analysis is replaced anyway). */
  private lineages = new Map<string, ParseLineage>();

  constructor(
    private readonly engines: Record<DocKind, LanguageEngine>,
    private readonly log: Logger = () => undefined,
  ) {}

  forget(uri: string): void {
    this.cache.delete(uri);
    this.lastJson5.delete(uri);
    this.lineages.delete(uri);
  }

  analyze(doc: TextDocument, settings: Settings): Analysis | undefined {
    const steps = this.analyzeSteps(doc, settings);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The analysis as steps (parse, schema, each rule), so the server can yield between them, drop a run
   * that a newer version made stale, and stop one that blows its budget (`syntaxOnly`). Cached like analyze().
   */
  *analyzeSteps(doc: TextDocument, settings: Settings): Generator<void, Analysis | undefined> {
    const family = familyOf(doc.languageId, doc.uri);
    if (!family) return undefined;
    const key = `${doc.version}:${settingsKey(settings)}`;
    const hit = this.cache.get(doc.uri);
    if (hit && hit.key === key) return hit.analysis;
    const analysis = yield* this.compute(doc, family, settings);
    this.cache.set(doc.uri, { key, analysis });
    return analysis;
  }

  /** Syntax errors only (our parsers are linear), with a notice why; cached as the document's analysis. */
  syntaxOnly(doc: TextDocument, settings: Settings, limited: string): Analysis | undefined {
    const family = familyOf(doc.languageId, doc.uri);
    if (!family) return undefined;
    const text = doc.getText();
    const parse = family === 'json5' ? parseJson5(text) : parseYaml(text);
    const kind = detectKind(doc.uri, doc.languageId, text, parse, settings);
    const analysis: Analysis = {
      uri: doc.uri,
      version: doc.version,
      family,
      kind,
      parse: { root: undefined, errors: parse.errors, comments: [] },
      findings: syntaxFindings(parse, kind, family),
      limited: parse.limited ?? limited,
    };
    this.cache.set(doc.uri, { key: `${doc.version}:${settingsKey(settings)}`, analysis });
    return analysis;
  }

  private *compute(doc: TextDocument, family: Family, settings: Settings): Generator<void, Analysis> {
    const text = doc.getText();
    const base = { uri: doc.uri, version: doc.version, family };
    if (looksBinary(text)) {
      const parse: ParseResult = { root: undefined, errors: [], comments: [] };
      const kind = detectKind(doc.uri, doc.languageId, '', undefined, settings);
      return { ...base, kind, parse, findings: [], limited: 'This file looks binary (NUL or control bytes), so it was not analysed. Is it really a config file?' };
    }
    if (!mightBeOurs(doc.uri, doc.languageId, text, settings)) {
      return { ...base, kind: undefined, parse: { root: undefined, errors: [], comments: [] }, findings: [] };
    }
    if (text.length > settings.maxFileSize) {
      // Too big for the rules on every keystroke; the parsers are linear, so syntax is still checked.
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      const limited = `This file is ${mb(text.length)} MB, above nativelink.maxFileSize (${mb(settings.maxFileSize)} MB), so only its syntax is checked. Raise the setting to check everything.`;
      return this.syntaxOnly(doc, settings, limited)!;
    }
    resetSimilarityBudget();
    let lineage = this.lineages.get(doc.uri);
    if (!lineage && family === 'yaml') this.lineages.set(doc.uri, (lineage = new ParseLineage()));
    const parse = family === 'json5' ? this.parseJson5(doc.uri, text) : parseYaml(text, lineage);
    yield;
    const kind = detectKind(doc.uri, doc.languageId, text, parse, settings);
    const findings: Finding[] = syntaxFindings(parse, kind, family);
    if (!kind || !parse.root) return { ...base, kind, parse, findings, limited: parse.limited };
    const engine = this.engines[kind];
    const entryKey = family === 'yaml' ? yamlEntryKeys(text) : undefined;
    const reuseCleanEntries = parse.errors.length === 0 && (family === 'json5' || !!entryKey);
    const schemaFindings = validateSchema(parse.root, engine, text, { reuseCleanEntries, entryKey });
    for (const f of schemaFindings) findings.push(f);
    yield;
    // A mangled file can make a rule report once per node; past MAX_FINDINGS nobody reads them, and keeping
    // half a million findings (then deduplicating them) cost seconds on megabyte documents.
    let truncated = schemaFindings.length >= MAX_SCHEMA_FINDINGS;
    const report = (f: Finding) => {
      if (findings.length < MAX_FINDINGS) findings.push(f);
      else truncated = true;
    };
    const ctx = { uri: doc.uri, text, root: parse.root, kind, settings, report };
    for (const rule of engine.rules) {
      if (settings.rules[rule.id] === 'off') continue;
      try {
        rule.check(ctx);
      } catch (err) {
        // One faulty rule must not take every other diagnostic with it.
        this.log(`rule ${rule.id} failed on ${doc.uri}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
      yield;
    }
    const applied = findings
      .filter((f) => settings.rules[f.code] !== 'off')
      .map((f) => {
        const override = settings.rules[f.code];
        return override && override !== 'off' ? { ...f, severity: override } : f;
      });
    return { ...base, kind, parse, findings: dedupe(applied), truncated };
  }

  /** Reuses the document's previous tree, which changes it in place (so an Analysis is not to be kept past the next one). */
  private parseJson5(uri: string, text: string): ParseResult {
    const prev = this.lastJson5.get(uri);
    // Handed over: should reusing ever fail half way, the half-moved tree is never offered again.
    this.lastJson5.delete(uri);
    let result: ParseResult;
    try {
      result = reparseJson5(prev, text);
    } catch (err) {
      this.log(`reusing the previous parse of ${uri} failed, parsing it whole: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      result = parseJson5(text);
    }
    // The cached analysis of the previous text no longer matches its tree; a run dropped before it replaces the
    // analysis must not leave that one behind.
    if (prev && result !== prev.result && this.cache.get(uri)?.analysis.parse === prev.result) this.cache.delete(uri);
    this.lastJson5.set(uri, { text, result });
    return result;
  }

  diagnostics(doc: TextDocument, settings: Settings): Diagnostic[] {
    const a = this.analyze(doc, settings);
    if (!a) return [];
    // Documents we do not own only get syntax errors, and only in the json5 language we contribute.
    if (!a.kind && !(a.family === 'json5' && doc.languageId === 'json5')) return [];
    // A generated or mangled file can have a million findings; nobody reads past the first thousand.
    const out = a.findings.slice(0, MAX_DIAGNOSTICS).map((f) => this.toDiagnostic(doc, f));
    if (a.findings.length > MAX_DIAGNOSTICS) {
      out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, code: 'limited', message: `Only the first ${MAX_DIAGNOSTICS} of ${a.truncated ? 'more than ' : ''}${a.findings.length} findings are shown.` });
    }
    if (a.limited) {
      out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, code: 'limited', message: a.limited });
    }
    return out;
  }

  private toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
    const r = f.node ? { offset: f.node.offset, length: f.node.length } : f.range ?? { offset: 0, length: 0 };
    const d: Diagnostic = {
      range: this.range(doc, r.offset, r.length),
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.code,
      message: boundMessage(f.message),
    };
    if (f.docs) d.codeDescription = { href: f.docs };
    if (f.tags?.length) d.tags = f.tags.map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
    return d;
  }

  private range(doc: TextDocument, offset: number, length: number): Range {
    return { start: doc.positionAt(offset), end: doc.positionAt(offset + length) };
  }

  codeActions(doc: TextDocument, range: Range, settings: Settings): CodeAction[] {
    const a = this.analyze(doc, settings);
    if (!a?.kind) return [];
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const out: CodeAction[] = [];
    for (const f of a.findings) {
      const r = f.node ? { offset: f.node.offset, length: f.node.length } : f.range;
      if (!r || r.offset > end || r.offset + r.length < start) continue;
      const diag = this.toDiagnostic(doc, f);
      for (const fix of f.fixes ?? []) out.push(this.fixAction(doc, fix, diag));
      const rule = this.engines[a.kind].rules.find((x) => x.id === f.code);
      if (rule?.advice) {
        out.push({
          title: `Silence "${rule.id}" in settings`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          command: { title: 'Silence rule', command: 'nativelink.silenceRule', arguments: [rule.id] },
        });
      }
    }
    return out;
  }

  private fixAction(doc: TextDocument, fix: Fix, diag: Diagnostic): CodeAction {
    const edits: TextEdit[] = fix.edits.map((e) => ({ range: this.range(doc, e.offset, e.length), newText: e.newText }));
    return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: fix.isPreferred, edit: { changes: { [doc.uri]: edits } } };
  }

  completion(doc: TextDocument, position: Position, settings: Settings): CompletionList {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    const a = this.analyze(doc, settings);
    if (!a?.kind) return empty;
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const ctx = a.family === 'json5' ? json5Context(a.parse.root, text, offset) : yamlContext(a.parse.root, text, offset);
    if (!ctx) return empty;
    const candidates = completeAt(this.engines[a.kind], a.parse.root, ctx, a.family);
    const range = this.range(doc, ctx.replace.offset, ctx.replace.length);
    return { isIncomplete: false, items: candidates.map((c) => toCompletionItem(c, range)) };
  }

  hover(doc: TextDocument, position: Position, settings: Settings): Hover | null {
    const a = this.analyze(doc, settings);
    if (!a?.kind || !a.parse.root) return null;
    const engine = this.engines[a.kind];
    const h = engine.hover?.(a.parse.root, doc.getText(), doc.offsetAt(position)) ?? hoverAt(engine, a.parse.root, doc.offsetAt(position));
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: this.range(doc, h.offset, h.length) };
  }

  private symbolIndex(a: Analysis): SymbolIndex {
    return a.kind ? this.engines[a.kind].symbols(a.parse.root) : { definitions: [], references: [] };
  }

  documentSymbols(doc: TextDocument, settings: Settings): DocumentSymbol[] {
    const a = this.analyze(doc, settings);
    const root = a?.parse.root;
    if (!a?.kind || root?.type !== 'object') return [];
    const defs = this.symbolIndex(a).definitions;
    const out: DocumentSymbol[] = [];
    for (const prop of root.children ?? []) {
      const key = prop.children?.[0];
      if (!key) continue;
      const inside = (d: SymbolDef) => d.container.offset >= prop.offset && d.container.offset + d.container.length <= prop.offset + prop.length;
      const children = nestSymbols(defs.filter(inside), (o, l) => this.range(doc, o, l));
      out.push({
        name: String(key.value),
        kind: SymbolKind.Namespace,
        range: this.range(doc, prop.offset, prop.length),
        selectionRange: this.range(doc, key.offset, key.length),
        children,
      });
    }
    return out;
  }

  /**
   * Definitions that can be navigated to and renamed. Servers and workers are outline entries only:
   * nothing refers to them, and their "name" node may be a socket address or, for an unnamed worker,
   * the whole entry (which would otherwise capture every reference inside it, and be replaced by a rename).
   */
  private navIndex(a: Analysis): SymbolIndex {
    const idx = this.symbolIndex(a);
    return { definitions: idx.definitions.filter((d) => !OUTLINE_ONLY.has(d.kind)), references: idx.references };
  }

  private symbolAt(a: Analysis, offset: number): { kind: string; name: string } | undefined {
    const idx = this.navIndex(a);
    const within = (n: ASTNode) => offset >= n.offset && offset <= n.offset + n.length;
    for (const d of idx.definitions) if (within(d.nameNode)) return d;
    for (const r of idx.references) if (within(r.node)) return r;
    return undefined;
  }

  /** Config entries that can show live cluster numbers (CodeLens, hover, `nativelink-check annotate`). */
  liveTargets(doc: TextDocument, settings: Settings): { kind: DocKind | undefined; targets: (LiveTarget & { range: Range })[] } {
    const a = this.analyze(doc, settings);
    if (!a?.kind || a.limited) return { kind: a?.kind, targets: [] };
    const found = a.kind === 'nativelink' ? nativelinkTargets(a.parse.root) : collectorTargets(a.parse.root);
    return { kind: a.kind, targets: found.map((t) => ({ ...t, range: this.range(doc, t.offset, t.length) })) };
  }

  definition(doc: TextDocument, position: Position, settings: Settings): Location[] {
    const a = this.analyze(doc, settings);
    if (!a?.kind) return [];
    const sym = this.symbolAt(a, doc.offsetAt(position));
    if (!sym) return [];
    return this.navIndex(a)
      .definitions.filter((d) => sameSymbol(d, sym))
      .map((d) => ({ uri: doc.uri, range: this.range(doc, d.nameNode.offset, d.nameNode.length) }));
  }

  references(doc: TextDocument, position: Position, includeDeclaration: boolean, settings: Settings): Location[] {
    const a = this.analyze(doc, settings);
    if (!a?.kind) return [];
    const sym = this.symbolAt(a, doc.offsetAt(position));
    if (!sym) return [];
    const idx = this.navIndex(a);
    const nodes = [
      ...(includeDeclaration ? idx.definitions.filter((d) => sameSymbol(d, sym)).map((d) => d.nameNode) : []),
      ...idx.references.filter((r) => sameSymbol(r, sym)).map((r) => r.node),
    ];
    return nodes.map((n) => ({ uri: doc.uri, range: this.range(doc, n.offset, n.length) }));
  }

  prepareRename(doc: TextDocument, position: Position, settings: Settings): Range | null {
    const a = this.analyze(doc, settings);
    if (!a?.kind) return null;
    const offset = doc.offsetAt(position);
    const idx = this.navIndex(a);
    const hit = [...idx.definitions.map((d) => d.nameNode), ...idx.references.map((r) => r.node)].find(
      (n) => offset >= n.offset && offset <= n.offset + n.length,
    );
    if (!hit) return null;
    const inner = innerSpan(doc.getText(), hit);
    return this.range(doc, inner.offset, inner.length);
  }

  rename(doc: TextDocument, position: Position, newName: string, settings: Settings): WorkspaceEdit | null {
    const a = this.analyze(doc, settings);
    if (!a?.kind) return null;
    const sym = this.symbolAt(a, doc.offsetAt(position));
    if (!sym) return null;
    const idx = this.navIndex(a);
    if (!newName.trim()) throw new UserFacingError('A name cannot be empty.');
    if (newName !== sym.name && idx.definitions.some((d) => sameSymbol(d, { kind: sym.kind, name: newName }))) {
      // Renaming onto an existing name would silently merge two stores (or components) into one.
      throw new UserFacingError(`A ${sym.kind} named "${newName}" already exists; pick another name.`);
    }
    const text = doc.getText();
    const nodes = [...idx.definitions.filter((d) => sameSymbol(d, sym)).map((d) => d.nameNode), ...idx.references.filter((r) => sameSymbol(r, sym)).map((r) => r.node)];
    const seen = new Set<number>();
    const edits: TextEdit[] = [];
    for (const n of nodes) {
      if (seen.has(n.offset)) continue;
      seen.add(n.offset);
      const inner = innerSpan(text, n);
      // A reference like "otlp/2" inside a pipeline list renames only the matching id text.
      edits.push({ range: this.range(doc, inner.offset, inner.length), newText: renameText(text, n, inner, newName, a.family) });
    }
    return { changes: { [doc.uri]: edits } };
  }
}

function sameSymbol(a: { kind: string; name: string }, b: { kind: string; name: string }): boolean {
  return a.name === b.name && symbolFamily(a.kind) === symbolFamily(b.kind);
}

/** Collector connectors are both exporters and receivers; compare by family where names are shared. */
function symbolFamily(kind: string): string {
  return kind === 'connector' ? 'connector' : kind;
}

/**
 * The new name as source text for the spot `n`, keeping its quote style: escaped inside quotes so a
 * name with a quote or backslash cannot break the document, and quoted where a YAML plain scalar
 * would change meaning (`a: b`, `x #y`, leading `[`, `*`, ...).
 */
function renameText(text: string, n: ASTNode, inner: { offset: number; length: number }, newName: string, family: Family): string {
  const quote = inner.offset !== n.offset ? text[n.offset] : undefined;
  if (quote === "'" && family === 'yaml') return newName.replace(/'/g, "''");
  if (quote) return newName.replace(/\\/g, '\\\\').replace(quote === '"' ? /"/g : /'/g, '\\' + quote);
  if (family === 'yaml' && !/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(newName)) return JSON.stringify(newName);
  return newName;
}

function innerSpan(text: string, n: ASTNode): { offset: number; length: number } {
  const raw = text.slice(n.offset, n.offset + n.length);
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) return { offset: n.offset + 1, length: n.length - 2 };
  return { offset: n.offset, length: n.length };
}

/** Symbol kinds shown in the outline but not navigable (see ConfigLanguageService.navIndex). */
const OUTLINE_ONLY = new Set(['server', 'worker']);

const SYMBOL_KIND: Record<string, SymbolKind> = {
  store: SymbolKind.Struct,
  scheduler: SymbolKind.Class,
  server: SymbolKind.Interface,
  worker: SymbolKind.Object,
  receiver: SymbolKind.Event,
  processor: SymbolKind.Function,
  exporter: SymbolKind.Method,
  extension: SymbolKind.Module,
  connector: SymbolKind.Interface,
  pipeline: SymbolKind.Array,
};

function nestSymbols(defs: SymbolDef[], range: (o: number, l: number) => Range): DocumentSymbol[] {
  const sorted = [...defs].sort((x, y) => x.container.offset - y.container.offset || y.container.length - x.container.length);
  const roots: { def: SymbolDef; sym: DocumentSymbol }[] = [];
  const stack: { def: SymbolDef; sym: DocumentSymbol }[] = [];
  for (const def of sorted) {
    const sym: DocumentSymbol = {
      name: def.name || '(unnamed)',
      detail: def.detail ?? def.kind,
      kind: SYMBOL_KIND[def.kind] ?? SymbolKind.Field,
      range: range(def.container.offset, def.container.length),
      selectionRange: range(def.nameNode.offset, def.nameNode.length),
      children: [],
    };
    while (stack.length && stack[stack.length - 1].def.container.offset + stack[stack.length - 1].def.container.length < def.container.offset + def.container.length) stack.pop();
    if (stack.length) stack[stack.length - 1].sym.children!.push(sym);
    else roots.push({ def, sym });
    stack.push({ def, sym });
  }
  return roots.map((r) => r.sym);
}

const KIND: Record<CompletionCandidate['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  reference: CompletionItemKind.Reference,
  module: CompletionItemKind.Module,
};

function toCompletionItem(c: CompletionCandidate, range: Range): CompletionItem {
  return {
    label: c.label,
    kind: KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    sortText: c.sortText,
    filterText: c.label,
    tags: c.deprecated ? [1] : undefined,
    insertTextFormat: c.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: c.insertText },
  };
}

/** A document with a million syntax errors gets the first thousand; the rest add nothing but bytes. */
const MAX_SYNTAX_FINDINGS = 1000;
const MAX_DIAGNOSTICS = 2000;
/** Findings kept per analysis (code actions read past the published ones, so a margin above MAX_DIAGNOSTICS). */
const MAX_FINDINGS = 10_000;

function syntaxFindings(parse: ParseResult, kind: DocKind | undefined, family: Family): Finding[] {
  return parse.errors.slice(0, MAX_SYNTAX_FINDINGS).map((e) => ({
    code: `${kind ?? (family === 'json5' ? 'json5' : 'yaml')}/syntax`,
    severity: 'error',
    message: e.message,
    range: { offset: e.offset, length: Math.max(e.length, 0) },
  }));
}

/** Settings objects are replaced, not mutated, when configuration changes: serialise each one once, not per analysis. */
const settingsKeys = new WeakMap<Settings, string>();
function settingsKey(settings: Settings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) settingsKeys.set(settings, (key = JSON.stringify(settings)));
  return key;
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let ctrl = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) ctrl++;
  }
  return sample.length > 0 && ctrl / sample.length > 0.1;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const r = f.node ? `${f.node.offset}:${f.node.length}` : `${f.range?.offset}:${f.range?.length}`;
    const k = `${f.code}|${r}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
