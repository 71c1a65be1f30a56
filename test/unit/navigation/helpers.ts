import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type DocumentSymbol, type Position, type Range } from 'vscode-languageserver-types';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';

export { defaultSettings };

export function newService(): ConfigLanguageService {
  return new ConfigLanguageService(engines);
}

let version = 0;
export function doc(text: string, name: string, languageId: string): TextDocument {
  return TextDocument.create(`file:///ws/${name}`, languageId, ++version, text);
}

/** Position of the `nth` occurrence of `needle` (0-based), `delta` characters in. Throws when missing. */
export function posOf(d: TextDocument, needle: string, nth = 0, delta = 1): Position {
  const text = d.getText();
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`occurrence #${nth} of ${JSON.stringify(needle)} not in fixture`);
  }
  return d.positionAt(i + delta);
}

/** Offsets of every occurrence of `needle`. */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

export function textOf(d: TextDocument, r: Range | null | undefined): string | undefined {
  return r ? d.getText().slice(d.offsetAt(r.start), d.offsetAt(r.end)) : undefined;
}

export function contains(outer: Range, inner: Range): boolean {
  const le = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** Every symbol's selectionRange lies inside its range, and every child inside its parent (LSP requires both). */
export function assertWellNested(symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of symbols) {
    assert.ok(contains(s.range, s.selectionRange), `${s.name}: selectionRange outside range`);
    if (parent) assert.ok(contains(parent.range, s.range), `${s.name}: range outside parent ${parent.name}`);
    assertWellNested(s.children ?? [], s);
  }
}

export function errorsOf(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((x) => x.severity === DiagnosticSeverity.Error);
}

export function sig(diags: Diagnostic[]): string[] {
  return diags.map((x) => `${x.severity} ${x.code}`).sort();
}

/** Offset of `inner` inside the first occurrence of `context` (both must be unique enough to find). */
export function offsetIn(text: string, context: string, inner: string): number {
  const c = text.indexOf(context);
  if (c < 0) throw new Error(`context not in fixture: ${context}`);
  const i = context.indexOf(inner);
  if (i < 0) throw new Error(`${inner} not in ${context}`);
  return c + i;
}

/** Position `delta` characters into `inner` within `context` (delta 1 = just inside a quote). */
export function at(d: TextDocument, context: string, inner: string, delta = 1): Position {
  return d.positionAt(offsetIn(d.getText(), context, inner) + delta);
}
