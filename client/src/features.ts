/**
 * Entry of `dist/features.js`, loaded on first use (view shown, a cluster configured, a command run) rather than
 * at activation: the cluster engine with its HTTP client (undici) and the diagnosis with the YAML parser are most
 * of the extension's weight, and a user who only opens a package.json needs none of it.
 */
import * as vscode from 'vscode';
import { registerClusterView, type ClusterView } from './cluster';
import type { HealthNode } from './cluster/healthTree';
import { DiagnoseController } from './diagnose';

export { adoptLog } from './log';

export interface Features {
  cluster: ClusterView;
  diagnose: DiagnoseController;
}

export function startFeatures(
  context: vscode.ExtensionContext,
  channel: vscode.LogOutputChannel,
  view: vscode.TreeView<HealthNode>,
  attach: (tree: vscode.TreeDataProvider<HealthNode>) => void,
): Features {
  const cluster = registerClusterView(context, channel, view, attach);
  const diagnose = new DiagnoseController(cluster.monitor, channel);
  context.subscriptions.push(
    diagnose,
    vscode.commands.registerCommand('nativelink.diagnose', (name?: unknown) => diagnose.run(typeof name === 'string' ? name : undefined)),
    vscode.commands.registerCommand('nativelink.diagnose.save', () => diagnose.saveReport()),
  );
  return { cluster, diagnose };
}
