/**
 * Entry of `dist/features.js`, loaded on first use (view shown, a cluster configured, a command run) rather than
 * at activation: the cluster engine with its HTTP client (undici) and the diagnosis with the YAML parser are most
 * of the extension's weight, and a user who only opens a package.json needs none of it.
 */
import * as vscode from 'vscode';
import { registerClusterView, type ClusterView } from './cluster';
import type { HealthNode } from './cluster/healthTree';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagnoseController } from './diagnose';
import { LiveNumbers } from './live/liveNumbers';
import { registerRuleLens } from './rules/liveLens';

export { adoptLog } from './log';

export interface Features {
  cluster: ClusterView;
  diagnose: DiagnoseController;
  live: LiveNumbers;
}

export function startFeatures(
  context: vscode.ExtensionContext,
  channel: vscode.LogOutputChannel,
  view: vscode.TreeView<HealthNode>,
  attach: (tree: vscode.TreeDataProvider<HealthNode>) => void,
  client: () => LanguageClient | undefined,
): Features {
  const cluster = registerClusterView(context, channel, view, attach);
  const diagnose = new DiagnoseController(cluster.monitor, channel);
  registerRuleLens(context, cluster.monitor, channel);
  // Live numbers on config lines: the server finds the entries, the cluster monitor's connection fills them.
  const live = new LiveNumbers(cluster.monitor, client, context.workspaceState, channel);
  const configSelector = ['json5', 'json', 'jsonc', 'yaml', 'otelcol'].map((language) => ({ language }));
  context.subscriptions.push(
    diagnose,
    vscode.commands.registerCommand('nativelink.diagnose', (name?: unknown) => diagnose.run(typeof name === 'string' ? name : undefined)),
    vscode.commands.registerCommand('nativelink.diagnose.save', () => diagnose.saveReport()),
    live,
    vscode.languages.registerCodeLensProvider(configSelector, live),
    vscode.languages.registerHoverProvider(configSelector, live),
    vscode.commands.registerCommand('nativelink.live.chooseCluster', (uri?: vscode.Uri) => live.chooseCluster(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('nativelink.live.refresh', () => live.refreshVisible(true)),
  );
  return { cluster, diagnose, live };
}
