/**
 * Small wait helpers for integration tests running inside the real extension host.
 * Everything waits on an event or a condition with a deadline: no fixed sleeps.
 */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nativelink-operators.nativelink-vscode';
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Rejects with `what` once `ms` elapsed; the original promise keeps running but is ignored. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${typeof what === 'function' ? what() : what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Polls a condition that has no event (e.g. Extension.isActive) every `intervalMs` until true. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the runner opens test/fixtures/workspace)');
  return folder.uri;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

export async function openFixture(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

export function describeDiagnostics(diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return '(none)';
  return diags
    .map((d) => `${d.source ?? '?'} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
    .join('\n    ');
}

export function diagnosticsFrom(uri: vscode.Uri, source?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => source === undefined || d.source === source);
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate` holds for them: checked right away and
 * again on every onDidChangeDiagnostics event that mentions `uri`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diags: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  let sub: vscode.Disposable | undefined;
  const p = new Promise<vscode.Diagnostic[]>((resolve) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (predicate(diags)) {
        sub?.dispose();
        resolve(diags);
        return true;
      }
      return false;
    };
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    check();
  });
  return withTimeout(p, timeoutMs, () => `${what} for ${vscode.workspace.asRelativePath(uri)}; current diagnostics:\n    ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`).finally(() =>
    sub?.dispose(),
  );
}

/** Resolves on the next onDidChangeDiagnostics event that mentions `uri`. Subscribe before triggering. */
export function nextDiagnosticsChange(uri: vscode.Uri, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  let sub: vscode.Disposable | undefined;
  const p = new Promise<vscode.Diagnostic[]>((resolve) => {
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) resolve(vscode.languages.getDiagnostics(uri));
    });
  });
  return withTimeout(p, timeoutMs, `a diagnostics change for ${vscode.workspace.asRelativePath(uri)}`).finally(() => sub?.dispose());
}

export const isError = (d: vscode.Diagnostic) => d.severity === vscode.DiagnosticSeverity.Error;

/** 0-based line of the first line containing `marker`. */
export function lineOf(doc: vscode.TextDocument, marker: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(marker)) return i;
  throw new Error(`marker ${JSON.stringify(marker)} not found in ${doc.uri.fsPath}`);
}

/** Discards unsaved edits in every open editor so the fixtures on disk never change. */
export async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

/**
 * Proves the server has analysed the *current* content of a document that should be clean: inserts a
 * syntax error, waits for the server's Error, removes it again and waits until no Error from `source`
 * is left. (A clean document gets an empty publish, which fires no change event, so it cannot be
 * awaited directly.)
 */
export async function waitUntilCleanAfterRoundTrip(
  doc: vscode.TextDocument,
  source: string,
  breakWith: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  const ok = await editor.edit((b) => b.insert(end, breakWith));
  if (!ok) throw new Error('could not edit the document');
  await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === source && isError(d)), `an Error from '${source}' after inserting ${JSON.stringify(breakWith)}`, timeoutMs);
  const removed = await editor.edit((b) => b.delete(new vscode.Range(end, doc.lineAt(doc.lineCount - 1).range.end)));
  if (!removed) throw new Error('could not undo the edit');
  return waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => d.source === source && isError(d)), `no Error from '${source}' once the inserted error is removed`, timeoutMs);
}
