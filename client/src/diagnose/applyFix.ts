import * as vscode from 'vscode';
import { insertPropertyEdit } from '../../../server/src/nativelink/edits';
import { setMappingValue } from '../../../server/src/collector/edits';
import type { ConfigRef } from '../../../server/src/diagnose/types';
import type { OffsetEdit } from '../../../server/src/service/rules';
import { locate, parseKeyPath, rootIn, type WorkspaceConfig } from './workspaceConfigs';

function formatSuggested(v: string | number | boolean, kind: string): string {
  if (typeof v !== 'string') return String(v);
  return kind === 'collector' && /^[\w./:-]+$/.test(v) ? v : JSON.stringify(v);
}

/**
 * Sets the suggested value at the finding's key: replaces it when present, adds it to the nearest
 * existing object when only the last key is missing. Anything deeper is left to the user (we jump there).
 */
export function fixEdit(config: WorkspaceConfig, ref: ConfigRef): OffsetEdit | undefined {
  if (ref.suggested === undefined) return undefined;
  const path = parseKeyPath(ref.key);
  const loc = locate(config.root, path);
  const text = formatSuggested(ref.suggested, config.kind);
  if (loc.value) return { offset: loc.value.offset, length: loc.value.length, newText: text };
  if (loc.missing.length !== 1 || typeof loc.missing[0] !== 'string' || loc.container.type !== 'object') return undefined;
  return config.kind === 'nativelink'
    ? insertPropertyEdit(config.text, loc.container, loc.missing[0], text)
    : setMappingValue(config.text, loc.container, loc.missing[0], text);
}

export async function applyFix(config: WorkspaceConfig, ref: ConfigRef): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(config.uri);
  // The file may have changed since the diagnosis ran: re-read before computing offsets.
  const fresh: WorkspaceConfig = { ...config, text: doc.getText() };
  const root = rootIn(config, fresh.text);
  if (!root) return false;
  const edit = fixEdit({ ...fresh, root }, ref);
  if (!edit) return false;
  const we = new vscode.WorkspaceEdit();
  we.replace(config.uri, new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length)), edit.newText);
  const ok = await vscode.workspace.applyEdit(we);
  if (ok) await vscode.window.showTextDocument(doc, { selection: new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.newText.length)) });
  return ok;
}
