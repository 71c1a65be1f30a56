import * as vscode from 'vscode';

/** The extension's single LogOutputChannel; the language client writes into it too. */
let channel: vscode.LogOutputChannel | undefined;

export function createLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('NativeLink', { log: true });
  context.subscriptions.push(channel);
  return channel;
}

/** A lazily loaded bundle has its own copy of this module: it adopts the channel activation created. */
export function adoptLog(existing: vscode.LogOutputChannel): void {
  channel = existing;
}

export function log(): vscode.LogOutputChannel {
  if (!channel) throw new Error('log channel used before activation');
  return channel;
}

/** Shows an error once per distinct message with an "Open logs" button, instead of a pop-up storm. */
const shown = new Set<string>();
export async function showErrorOnce(message: string): Promise<void> {
  if (shown.has(message)) return;
  shown.add(message);
  const choice = await vscode.window.showErrorMessage(message, 'Open logs');
  if (choice === 'Open logs') channel?.show();
}
