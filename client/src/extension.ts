import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerClusterView, type ClusterView } from './cluster';
import { silenceRule } from './config';
import { DiagnoseController } from './diagnose';
import { startLanguageClient } from './languageClient';
import { LiveNumbers } from './live/liveNumbers';
import { createLog } from './log';
import { registerRuleLens } from './rules/liveLens';

/** Returned from activate() only when NATIVELINK_EXTENSION_TEST=1, for integration tests. */
export interface NativeLinkTestApi {
  client: LanguageClient;
  cluster: ClusterView;
  diagnose: DiagnoseController;
  live: LiveNumbers;
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
  const cluster = registerClusterView(context, channel);
  const diagnose = new DiagnoseController(cluster.monitor, channel);
  registerRuleLens(context, cluster.monitor, channel);
  context.subscriptions.push(
    diagnose,
    vscode.commands.registerCommand('nativelink.diagnose', (name?: unknown) => diagnose.run(typeof name === 'string' ? name : undefined)),
    vscode.commands.registerCommand('nativelink.diagnose.save', () => diagnose.saveReport()),
  );
  const live = new LiveNumbers(cluster.monitor, () => client, context.workspaceState, channel);
  const configSelector = ['json5', 'json', 'jsonc', 'yaml', 'otelcol'].map((language) => ({ language }));
  context.subscriptions.push(
    live,
    vscode.languages.registerCodeLensProvider(configSelector, live),
    vscode.languages.registerHoverProvider(configSelector, live),
    vscode.commands.registerCommand('nativelink.live.chooseCluster', (uri?: vscode.Uri) => live.chooseCluster(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('nativelink.live.refresh', () => live.refreshVisible(true)),
  );
  client = await startLanguageClient(context, channel);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return process.env.NATIVELINK_EXTENSION_TEST === '1' ? { client, cluster, diagnose, live } : undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
