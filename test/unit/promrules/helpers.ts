import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';

export const service = new ConfigLanguageService(engines);

let version = 0;

/** A fresh version each time: the service caches analyses per URI and version. */
export function doc(text: string, name = 'rules.yml'): TextDocument {
  return TextDocument.create(`file:///w/${name}`, name.endsWith('.json') ? 'json' : 'yaml', ++version, text);
}

export interface Found {
  code: string;
  /** The underlined text. */
  at: string;
  line: number;
  severity: number;
  message: string;
}

export function findings(text: string, name?: string): Found[] {
  const d = doc(text, name);
  return findingsOf(d, text);
}

function findingsOf(d: TextDocument, text: string): Found[] {
  return service.diagnostics(d, defaultSettings).map((x: Diagnostic) => ({
    code: String(x.code),
    at: text.slice(d.offsetAt(x.range.start), d.offsetAt(x.range.end)),
    line: x.range.start.line + 1,
    severity: x.severity ?? 0,
    message: x.message,
  }));
}

export function kindOf(text: string, name?: string): string | undefined {
  return service.analyze(doc(text, name), defaultSettings)?.kind;
}

/** Apply the preferred quick fix at the first diagnostic with `code`. */
export function applyFix(text: string, code: string, name?: string): string {
  const d = doc(text, name);
  const diag = service.diagnostics(d, defaultSettings).find((x) => x.code === code);
  if (!diag) throw new Error(`no ${code}`);
  const action = service.codeActions(d, diag.range, defaultSettings).find((a: CodeAction) => a.isPreferred && a.diagnostics?.[0]?.code === code);
  const edits = action?.edit?.changes?.[d.uri] ?? [];
  if (!edits.length) throw new Error(`no fix for ${code}`);
  return TextDocument.applyEdits(d, edits);
}
