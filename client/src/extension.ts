import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerClusterView, type ClusterView } from './cluster';
import { silenceRule } from './config';
import { DiagnoseController } from './diagnose';
import { startLanguageClient } from './languageClient';
import { createLog } from './log';
import { registerNewConfig } from './newConfig';

/** Returned from activate() only when NATIVELINK_EXTENSION_TEST=1, for integration tests. */
export interface NativeLinkTestApi {
  client: LanguageClient;
  cluster: ClusterView;
  diagnose: DiagnoseController;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NativeLinkTestApi | undefined> {
  const channel = createLog(context);
  channel.info(`activating NativeLink extension ${context.extension.packageJSON.version}`);
  context.subscriptions.push(
    vscode.commands.registerCommand('nativelink.showLogs', () => channel.show()),
    vscode.commands.registerCommand('nativelink.restartServer', async () => {
      await client?.restart();
      channel.info('language server restarted by user');
    }),
    vscode.commands.registerCommand('nativelink.silenceRule', async (ruleId: unknown) => {
      if (typeof ruleId === 'string' && /^[\w/-]+$/.test(ruleId)) await silenceRule(ruleId);
    }),
  );
  registerNewConfig(context);
  const cluster = registerClusterView(context, channel);
  const diagnose = new DiagnoseController(cluster.monitor, channel);
  context.subscriptions.push(
    diagnose,
    vscode.commands.registerCommand('nativelink.diagnose', (name?: unknown) => diagnose.run(typeof name === 'string' ? name : undefined)),
    vscode.commands.registerCommand('nativelink.diagnose.save', () => diagnose.saveReport()),
  );
  client = await startLanguageClient(context, channel);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return process.env.NATIVELINK_EXTENSION_TEST === '1' ? { client, cluster, diagnose } : undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
