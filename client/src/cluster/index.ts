import * as vscode from 'vscode';
import { connectWizard, testAndSave } from './connectWizard';
import { readClusters, removeCluster, type ClusterSetting } from '../config';
import { HealthTreeProvider, type HealthNode } from './healthTree';
import { ClusterMonitor } from './monitor';
import { prometheusGraphUrl } from './urls';
import { showTrend } from './trendView';

export interface ClusterView {
  monitor: ClusterMonitor;
  tree: HealthTreeProvider;
  view: vscode.TreeView<HealthNode>;
  /** The wizard's test-then-save step without the input boxes (tests, automation). */
  connect(cluster: ClusterSetting, secret: string | undefined, confirmFailure: (message: string) => Promise<boolean>): Promise<boolean>;
  secrets: vscode.SecretStorage;
}


/** `view` is created at activation (features.ts loads this module later); `attach` hands it the real provider. */
export function registerClusterView(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  view: vscode.TreeView<HealthNode>,
  attach: (tree: HealthTreeProvider) => void,
): ClusterView {
  const monitor = new ClusterMonitor(context.secrets, log);
  const tree = new HealthTreeProvider(monitor);
  attach(tree);
  const status = vscode.window.createStatusBarItem('nativelink.health.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'NativeLink cluster health';
  status.command = 'nativelink.health.focus';

  const update = () => {
    const states = monitor.clusters();
    void vscode.commands.executeCommand('setContext', 'nativelink.hasClusters', states.length > 0);
    const errors = states.filter((s) => s.error).map((s) => `${s.cluster.name}: ${s.error}`);
    view.message = errors.length ? errors.join(' · ') : undefined;
    const worst = monitor.worst();
    if (!states.length) {
      status.hide();
      return;
    }
    const bad = states.reduce((n, s) => n + (s.report ? s.report.counts.critical + s.report.counts.warning : 0), 0);
    const icon = worst === 'ok' ? '$(pass)' : worst === 'critical' ? '$(error)' : worst === 'warning' ? '$(warning)' : '$(question)';
    status.text = `${icon} NativeLink${bad ? ` ${bad}` : ''}`;
    status.tooltip = `NativeLink cluster health: ${worst ?? 'not checked yet'}. Click to open.`;
    status.backgroundColor = worst === 'critical' ? new vscode.ThemeColor('statusBarItem.errorBackground') : worst === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
    view.badge = bad ? { value: bad, tooltip: `${bad} checks need attention` } : undefined;
  };
  context.subscriptions.push(monitor.onDidChange(update));
  update();

  const checkArg = (n: unknown): Extract<HealthNode, { type: 'check' }> | undefined => (n && typeof n === 'object' && (n as HealthNode).type === 'check' ? (n as Extract<HealthNode, { type: 'check' }>) : undefined);

  context.subscriptions.push(
    monitor,
    tree,
    view,
    status,
    view.onDidChangeVisibility((e) => monitor.setActive(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nativelink.clusters') || e.affectsConfiguration('nativelink.health')) {
        update();
        if (view.visible) void monitor.refresh();
      }
    }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith('nativelink.cluster.') && view.visible) void monitor.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      update();
      if (view.visible) void monitor.refresh();
    }),
    vscode.commands.registerCommand('nativelink.health.refresh', () => monitor.refresh()),
    vscode.commands.registerCommand('nativelink.connect', async () => {
      if (await connectWizard(context.secrets, log)) await monitor.refresh();
    }),
    vscode.commands.registerCommand('nativelink.removeCluster', async (n?: HealthNode) => {
      const name = n?.state.cluster.name ?? (await vscode.window.showQuickPick(readClusters().map((c) => c.name), { title: 'Remove which cluster?' }));
      if (name) await removeCluster(name, context.secrets);
    }),
    vscode.commands.registerCommand('nativelink.health.copyPromql', async (n: unknown) => {
      const c = checkArg(n);
      if (c) await vscode.env.clipboard.writeText(c.check.promql);
    }),
    vscode.commands.registerCommand('nativelink.health.openInPrometheus', async (n: unknown) => {
      const c = checkArg(n);
      const url = c && prometheusGraphUrl(c.state.cluster.prometheusUrl, c.check.promql);
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    vscode.commands.registerCommand('nativelink.health.openDocs', async (n: unknown) => {
      const c = checkArg(n);
      if (c) await vscode.env.openExternal(vscode.Uri.parse(c.check.docs));
    }),
    vscode.commands.registerCommand('nativelink.live.showTrend', async (clusterName: unknown, title: unknown, promql: unknown, format?: unknown) => {
      const state = monitor.clusters().find((s) => s.cluster.name === clusterName);
      const unit = format === 'percent' ? { label: '%', scale: 100 } : format === 'seconds' ? { label: 's', scale: 1 } : format === 'perSecond' ? { label: '/s', scale: 1 } : undefined;
      if (state && typeof title === 'string' && typeof promql === 'string') await showTrend(context, monitor, state.cluster, { title, status: 'live', display: `From ${state.cluster.name}`, promql, unit });
    }),
    vscode.commands.registerCommand('nativelink.health.showCheck', async (n: unknown) => {
      const c = checkArg(n);
      if (c) await showTrend(context, monitor, c.state.cluster, c.check);
    }),
  );
  // Loaded because the view was shown: its visibility event has already fired.
  if (view.visible) monitor.setActive(true);
  return {
    monitor,
    tree,
    view,
    secrets: context.secrets,
    connect: (cluster, secret, confirmFailure) => testAndSave(cluster, secret, context.secrets, log, confirmFailure),
  };
}
