/**
 * The language service for host files: every request at a host position inside an embedded document is
 * answered by the ordinary service on a virtual document holding the embedded text (checked exactly as a
 * standalone file of its kind), and every position in the answer is mapped back to the host. Standalone
 * configs and other files go straight to ConfigLanguageService.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, Hover, Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { OPT_OUT, familyOf } from '../detect';
import type { LanguageEngine } from '../engine';
import { ConfigLanguageService } from '../languageService';
import type { DocKind } from '../rules';
import type { Settings } from '../settings';
import { findEmbedded, forgetEmbedded, type EmbeddedDocument } from './hosts';

/** One embedded document, ready to be asked: its virtual document and the settings that force its kind. */
export interface EmbeddedView {
  embedded: EmbeddedDocument;
  doc: TextDocument;
  settings: Settings;
}

/**
 * Findings located wholly in text we added (Helm chart defaults) have no host position. Only a broken
 * reference is worth showing there (a default pipeline naming a component the user set to null, which the
 * chart would render and the collector reject); it goes on the `config:` key. Advice about the chart's own
 * defaults is the chart's business.
 */
const KEEP_FROM_DEFAULTS = new Set(['collector/undefined-component']);

type Logger = (message: string) => void;

// One forced settings object per (settings, kind): the analysis cache keys on the settings' serialisation, which is
// memoised per object, so a fresh object per request re-serialised the settings on every keystroke.
const forcedByKind = new WeakMap<Settings, Map<DocKind, Settings>>();

/**
 * The settings a virtual document is checked with: a standalone file of its kind, forced through the file globs
 * that detectKind reads first. A kind added later with its own engine (e.g. "promrules") forces itself here too.
 */
function forcedSettings(settings: Settings, kind: DocKind): Settings {
  let byKind = forcedByKind.get(settings);
  if (!byKind) forcedByKind.set(settings, (byKind = new Map()));
  let forced = byKind.get(kind);
  if (!forced) {
    forced = { ...settings, files: { nativelink: kind === 'nativelink' ? ['**'] : [], collector: kind === 'collector' ? ['**'] : [], exclude: [], embedded: {} } };
    byKind.set(kind, forced);
  }
  return forced;
}

export class HostAwareLanguageService extends ConfigLanguageService {
  private readonly versions = new Map<string, { text: string; version: number }>();
  private readonly virtualByHost = new Map<string, Set<string>>();

  constructor(
    private readonly engineKinds: Record<DocKind, LanguageEngine>,
    log?: Logger,
  ) {
    super(engineKinds, log);
  }

  override forget(uri: string): void {
    super.forget(uri);
    forgetEmbedded(uri);
    for (const v of this.virtualByHost.get(uri) ?? []) {
      super.forget(v);
      this.versions.delete(v);
    }
    this.virtualByHost.delete(uri);
  }

  /**
   * The embedded documents the service analyses (kinds with an engine), or undefined when `doc` is not a host
   * (a standalone config or any other file): then every request is the ordinary service's.
   */
  embedded(doc: TextDocument, settings: Settings): EmbeddedView[] | undefined {
    if (familyOf(doc.languageId, doc.uri) !== 'yaml' || doc.languageId === 'otelcol') return undefined;
    const text = doc.getText();
    if (text.length > settings.maxFileSize || super.analyze(doc, settings)?.kind) return undefined;
    if (OPT_OUT.test(text.slice(0, 2000))) return undefined; // `# nativelink: ignore` at the top opts the whole host out
    const found = findEmbedded(doc.uri, text, settings).filter((e) => e.kind in this.engineKinds && !OPT_OUT.test(e.text.slice(0, 2000)));
    if (!found.length) return undefined;
    const seen = new Map<string, number>();
    const uris = this.virtualByHost.get(doc.uri) ?? new Set<string>();
    this.virtualByHost.set(doc.uri, uris);
    return found.map((e) => {
      const n = (seen.get(e.label) ?? 0) + 1;
      seen.set(e.label, n);
      const uri = `${doc.uri}#embedded=${encodeURIComponent(e.label)}${n > 1 ? `~${n}` : ''}`;
      uris.add(uri);
      // A version per distinct text: editing one entry leaves the others' cached analyses valid.
      const prev = this.versions.get(uri);
      const version = prev && prev.text === e.text ? prev.version : (prev?.version ?? 0) + 1;
      this.versions.set(uri, { text: e.text, version });
      const kind = e.kind as DocKind;
      return { embedded: e, doc: TextDocument.create(uri, e.family === 'json5' ? 'json5' : 'yaml', version, e.text), settings: forcedSettings(settings, kind) };
    });
  }

  /** The view whose embedded text holds the host position, with the position inside it. */
  private at(doc: TextDocument, position: Position, settings: Settings): { view: EmbeddedView; pos: Position } | undefined | null {
    const views = this.embedded(doc, settings);
    if (!views) return null;
    const offset = doc.offsetAt(position);
    for (const view of views) {
      const inner = view.embedded.map.toEmbedded(offset);
      if (inner !== undefined) return { view, pos: view.doc.positionAt(inner) };
    }
    return undefined;
  }

  private toHostRange(doc: TextDocument, view: EmbeddedView, r: Range): Range | undefined {
    const s = view.doc.offsetAt(r.start);
    const e = view.doc.offsetAt(r.end);
    const map = view.embedded.map;
    if (map.isSynthetic(s, e - s)) return undefined;
    return { start: doc.positionAt(map.toHost(s)), end: doc.positionAt(map.toHost(e)) };
  }

  private anchorRange(doc: TextDocument, view: EmbeddedView): Range {
    const a = view.embedded.anchor;
    return { start: doc.positionAt(a.offset), end: doc.positionAt(a.offset + a.length) };
  }

  private mapDiagnostic(doc: TextDocument, view: EmbeddedView, d: Diagnostic): Diagnostic | undefined {
    // A YAML error in a v1beta1 `spec.config` or Helm `config:` is an error of the host file: YAML reports it.
    if (view.embedded.hostSyntax && String(d.code ?? '').endsWith('/syntax')) return undefined;
    if (d.code === 'limited') return { ...d, range: this.anchorRange(doc, view) };
    const range = this.toHostRange(doc, view, d.range);
    if (range) return { ...d, range };
    if (!KEEP_FROM_DEFAULTS.has(String(d.code))) return undefined;
    return { ...d, range: this.anchorRange(doc, view), message: `${d.message} (in the chart's default config, which Helm merges under this key)` };
  }

  override diagnostics(doc: TextDocument, settings: Settings): Diagnostic[] {
    const views = this.embedded(doc, settings);
    if (!views) return super.diagnostics(doc, settings);
    const out: Diagnostic[] = [];
    for (const v of views) {
      for (const d of super.diagnostics(v.doc, v.settings)) {
        const m = this.mapDiagnostic(doc, v, d);
        if (m) out.push(m);
      }
    }
    return out;
  }

  /** An edit in the embedded text as a host edit: line breaks carry the block's indentation. */
  private toHostEdit(doc: TextDocument, view: EmbeddedView, edit: TextEdit): TextEdit | undefined {
    const { map, indent } = view.embedded;
    const s = view.doc.offsetAt(edit.range.start);
    const e = view.doc.offsetAt(edit.range.end);
    if (map.touchesSynthetic(s, e - s)) return undefined;
    let newText = edit.newText;
    if (newText.includes('\n')) {
      if (indent < 0) return undefined;
      const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
      newText = newText.replace(/\r?\n/g, eol + ' '.repeat(indent));
    }
    const hs = map.toHost(s);
    const vtext = view.doc.getText();
    if (newText && indent > 0 && (s === 0 || vtext[s - 1] === '\n')) {
      // At the start of an empty embedded line whose host line is shorter than the block's indentation.
      const col = hs - doc.offsetAt({ line: doc.positionAt(hs).line, character: 0 });
      if (col < indent) newText = ' '.repeat(indent - col) + newText;
    }
    return { range: { start: doc.positionAt(hs), end: doc.positionAt(map.toHost(e)) }, newText };
  }

  private toHostEdits(doc: TextDocument, view: EmbeddedView, edits: TextEdit[] | undefined): TextEdit[] | undefined {
    const out: TextEdit[] = [];
    for (const e of edits ?? []) {
      const m = this.toHostEdit(doc, view, e);
      if (!m) return undefined;
      out.push(m);
    }
    return out;
  }

  override codeActions(doc: TextDocument, range: Range, settings: Settings): CodeAction[] {
    const hit = this.at(doc, range.start, settings);
    if (hit === null) return super.codeActions(doc, range, settings);
    if (!hit) return [];
    const { view } = hit;
    const endInner = view.embedded.map.toEmbedded(doc.offsetAt(range.end));
    const vrange = { start: hit.pos, end: endInner === undefined ? hit.pos : view.doc.positionAt(endInner) };
    const out: CodeAction[] = [];
    for (const a of super.codeActions(view.doc, vrange, view.settings)) {
      const diagnostics = (a.diagnostics ?? []).map((d) => this.mapDiagnostic(doc, view, d)).filter((d): d is Diagnostic => !!d);
      if (a.edit) {
        const edits = this.toHostEdits(doc, view, a.edit.changes?.[view.doc.uri]);
        if (!edits) continue; // a fix that would have to change text the host does not spell (chart defaults, folded lines)
        out.push({ ...a, diagnostics, edit: { changes: { [doc.uri]: edits } } });
      } else out.push({ ...a, diagnostics });
    }
    return out;
  }

  override completion(doc: TextDocument, position: Position, settings: Settings): CompletionList {
    const hit = this.at(doc, position, settings);
    if (hit === null) return super.completion(doc, position, settings);
    const empty: CompletionList = { isIncomplete: false, items: [] };
    if (!hit) return empty;
    const list = super.completion(hit.view.doc, hit.pos, hit.view.settings);
    const items = [];
    for (const item of list.items) {
      const te = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
      if (!te) {
        items.push(item);
        continue;
      }
      const m = this.toHostEdit(doc, hit.view, te);
      if (m) items.push({ ...item, textEdit: m });
    }
    return { ...list, items };
  }

  override hover(doc: TextDocument, position: Position, settings: Settings): Hover | null {
    const hit = this.at(doc, position, settings);
    if (hit === null) return super.hover(doc, position, settings);
    if (!hit) return null;
    const h = super.hover(hit.view.doc, hit.pos, hit.view.settings);
    if (!h) return null;
    const range = h.range && this.toHostRange(doc, hit.view, h.range);
    return range ? { ...h, range } : { contents: h.contents };
  }

  /** Live-number targets of every embedded config, at host positions; ids carry the embedded doc's label. */
  override liveTargets(doc: TextDocument, settings: Settings): ReturnType<ConfigLanguageService['liveTargets']> {
    const views = this.embedded(doc, settings);
    if (!views) return super.liveTargets(doc, settings);
    const targets: ReturnType<ConfigLanguageService['liveTargets']>['targets'] = [];
    for (const v of views) {
      for (const t of super.liveTargets(v.doc, v.settings).targets) {
        const range = this.toHostRange(doc, v, t.range);
        if (!range) continue;
        const offset = doc.offsetAt(range.start);
        targets.push({ ...t, id: `${v.embedded.label}#${t.id}`, path: `${v.embedded.label}: ${t.path}`, offset, length: doc.offsetAt(range.end) - offset, range });
      }
    }
    return { kind: views[0]?.embedded.kind as DocKind | undefined, targets };
  }

  override documentSymbols(doc: TextDocument, settings: Settings): DocumentSymbol[] {
    const views = this.embedded(doc, settings);
    if (!views) return super.documentSymbols(doc, settings);
    const out: DocumentSymbol[] = [];
    for (const v of views) {
      const children = this.mapSymbols(doc, v, super.documentSymbols(v.doc, v.settings));
      const anchor = this.anchorRange(doc, v);
      const end = doc.positionAt(Math.max(v.embedded.map.hostEnd, v.embedded.anchor.offset + v.embedded.anchor.length));
      out.push({ name: v.embedded.label, detail: v.embedded.kind, kind: 2 /* Module */, range: { start: anchor.start, end }, selectionRange: anchor, children });
    }
    return out;
  }

  private mapSymbols(doc: TextDocument, view: EmbeddedView, symbols: DocumentSymbol[]): DocumentSymbol[] {
    const out: DocumentSymbol[] = [];
    for (const s of symbols) {
      const selectionRange = this.toHostRange(doc, view, s.selectionRange);
      const range = this.toHostRange(doc, view, s.range);
      if (!selectionRange || !range) continue; // defined by the chart's defaults, not in this file
      out.push({ ...s, range, selectionRange, children: this.mapSymbols(doc, view, s.children ?? []) });
    }
    return out;
  }

  private mapLocations(doc: TextDocument, view: EmbeddedView, locs: Location[]): Location[] {
    const out: Location[] = [];
    for (const l of locs) {
      const range = l.uri === view.doc.uri ? this.toHostRange(doc, view, l.range) : undefined;
      if (range) out.push({ uri: doc.uri, range });
    }
    return out;
  }

  override definition(doc: TextDocument, position: Position, settings: Settings): Location[] {
    const hit = this.at(doc, position, settings);
    if (hit === null) return super.definition(doc, position, settings);
    return hit ? this.mapLocations(doc, hit.view, super.definition(hit.view.doc, hit.pos, hit.view.settings)) : [];
  }

  override references(doc: TextDocument, position: Position, includeDeclaration: boolean, settings: Settings): Location[] {
    const hit = this.at(doc, position, settings);
    if (hit === null) return super.references(doc, position, includeDeclaration, settings);
    return hit ? this.mapLocations(doc, hit.view, super.references(hit.view.doc, hit.pos, includeDeclaration, hit.view.settings)) : [];
  }

  override prepareRename(doc: TextDocument, position: Position, settings: Settings): Range | null {
    const hit = this.at(doc, position, settings);
    if (hit === null) return super.prepareRename(doc, position, settings);
    const r = hit && super.prepareRename(hit.view.doc, hit.pos, hit.view.settings);
    return (r && this.toHostRange(doc, hit.view, r)) ?? null;
  }

  override rename(doc: TextDocument, position: Position, newName: string, settings: Settings): WorkspaceEdit | null {
    const hit = this.at(doc, position, settings);
    if (hit === null) return super.rename(doc, position, newName, settings);
    if (!hit) return null;
    const we = super.rename(hit.view.doc, hit.pos, newName, hit.view.settings);
    if (!we) return null;
    // Occurrences in the chart's defaults stay: the chart still defines and references its own names.
    const edits = (we.changes?.[hit.view.doc.uri] ?? []).map((e) => this.toHostEdit(doc, hit.view, e)).filter((e): e is TextEdit => !!e);
    return { changes: { [doc.uri]: edits } };
  }
}
