/**
 * "NativeLink: New config from a snippet…": a new untitled NativeLink (or collector) config filled from one of our
 * whole-config snippets, for people who do not have a config yet (the Getting Started walkthrough links here).
 * Nothing is written to disk: the user saves it where they want.
 */
import * as vscode from 'vscode';

export type ConfigKind = 'nativelink' | 'collector';

/** Snippets that are a whole config on their own (the others are fragments for inside one). */
const WHOLE: Record<ConfigKind, { file: string; language: string; prefixes: string[] }> = {
  nativelink: { file: 'snippets/nativelink.code-snippets', language: 'json5', prefixes: ['nl-single-node', 'nl-cas-ac-server', 'nl-scheduler-worker'] },
  collector: { file: 'snippets/otelcol.code-snippets', language: 'otelcol', prefixes: ['otel-nativelink'] },
};

interface Snippet {
  prefix: string;
  description?: string;
  body: string[] | string;
}

export async function wholeConfigSnippets(extensionUri: vscode.Uri, kind: ConfigKind): Promise<Array<{ name: string; prefix: string; description: string; body: string }>> {
  const spec = WHOLE[kind];
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, spec.file));
  const all = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, Snippet>;
  return Object.entries(all)
    .filter(([, s]) => spec.prefixes.includes(s.prefix))
    .map(([name, s]) => ({ name, prefix: s.prefix, description: s.description ?? '', body: Array.isArray(s.body) ? s.body.join('\n') : s.body }));
}

async function newConfig(context: vscode.ExtensionContext, kindArg: unknown): Promise<vscode.TextEditor | undefined> {
  let kind: ConfigKind | undefined = kindArg === 'collector' || kindArg === 'nativelink' ? kindArg : undefined;
  if (!kind) {
    const k = await vscode.window.showQuickPick(
      [
        { label: 'NativeLink config', description: 'JSON5: stores, schedulers, servers, workers', value: 'nativelink' as const },
        { label: 'OpenTelemetry Collector config', description: 'YAML: NativeLink metrics into Prometheus', value: 'collector' as const },
      ],
      { title: 'New config from a snippet' },
    );
    kind = k?.value;
  }
  if (!kind) return undefined;
  const snippets = await wholeConfigSnippets(context.extensionUri, kind);
  const pick = snippets.length === 1 ? snippets[0] : await vscode.window.showQuickPick(
    snippets.map((s) => ({ label: s.name.replace(/^[^:]*:\s*/, ''), description: s.prefix, detail: s.description, s })),
    { title: 'Start from which config?', matchOnDetail: true },
  ).then((p) => p?.s);
  if (!pick) return undefined;
  const collectorLanguage = vscode.workspace.getConfiguration('nativelink').get<string>('collector.languageMode') === 'yaml' ? 'yaml' : 'otelcol';
  const doc = await vscode.workspace.openTextDocument({ language: kind === 'collector' ? collectorLanguage : WHOLE[kind].language, content: '' });
  const editor = await vscode.window.showTextDocument(doc);
  await editor.insertSnippet(new vscode.SnippetString(pick.body));
  return editor;
}

export function registerNewConfig(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('nativelink.newConfig', (kind?: unknown) => newConfig(context, kind)));
}
