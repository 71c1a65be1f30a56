import * as vscode from 'vscode';
import { areaStatus } from '../../../server/src/cluster/health';
import { stripUserinfo } from '../../../server/src/cluster/redact';
import type { CheckArea, CheckResult, CheckStatus } from '../../../server/src/cluster/types';
import { escapeMarkdown, inlineCode } from '../../../server/src/service/markdown';
import { clusterSummary, shortDescription, shortTitle } from './checkText';
import type { ClusterMonitor, ClusterState } from './monitor';

export type HealthNode =
  | { type: 'cluster'; state: ClusterState }
  | { type: 'area'; state: ClusterState; area: CheckArea; checks: CheckResult[] }
  | { type: 'check'; state: ClusterState; check: CheckResult };

const AREAS: { id: CheckArea; label: string }[] = [
  { id: 'executions', label: 'Executions' },
  { id: 'queue', label: 'Queue' },
  { id: 'workers', label: 'Workers' },
  { id: 'cache', label: 'Cache' },
  { id: 'telemetry', label: 'Telemetry pipeline' },
];


export function statusIcon(status: CheckStatus | undefined): vscode.ThemeIcon {
  switch (status) {
    case 'ok':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'critical':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    default:
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground'));
  }
}

/** Cluster → area → check, with stable ids so expansion survives refreshes. */
export class HealthTreeProvider implements vscode.TreeDataProvider<HealthNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<HealthNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly monitor: ClusterMonitor) {
    this.subscription = monitor.onDidChange(() => this.emitter.fire(undefined));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  getChildren(node?: HealthNode): HealthNode[] {
    if (!node) return this.monitor.clusters().map((state) => ({ type: 'cluster', state }));
    if (node.type === 'cluster') {
      const checks = node.state.report?.checks ?? [];
      if (!checks.length) return [];
      return AREAS.map((a) => ({ type: 'area' as const, state: node.state, area: a.id, checks: checks.filter((c) => c.area === a.id) })).filter((a) => a.checks.length);
    }
    if (node.type === 'area') return node.checks.map((check) => ({ type: 'check', state: node.state, check }));
    return [];
  }

  getTreeItem(node: HealthNode): vscode.TreeItem {
    const name = node.state.cluster.name;
    if (node.type === 'cluster') {
      const r = node.state.report;
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `cluster:${name}`;
      item.contextValue = 'cluster';
      item.iconPath = node.state.refreshing && !r ? new vscode.ThemeIcon('loading~spin') : node.state.error ? statusIcon('unknown') : r ? statusIcon(r.status) : undefined;
      item.description = clusterSummary(node.state);
      item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(name)}**\n\nPrometheus: ${inlineCode(stripUserinfo(node.state.cluster.prometheusUrl))}`);
      return item;
    }
    if (node.type === 'area') {
      const label = AREAS.find((a) => a.id === node.area)!.label;
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `area:${name}:${node.area}`;
      // Never "ok" while one of the area's checks is unknown.
      const w = areaStatus(node.checks);
      item.iconPath = statusIcon(w);
      item.description = w === 'ok' ? 'ok' : `${node.checks.filter((c) => c.status === w).length} ${w}`;
      item.contextValue = 'area';
      return item;
    }
    const c = node.check;
    const item = new vscode.TreeItem(shortTitle(c), vscode.TreeItemCollapsibleState.None);
    item.id = `check:${name}:${c.id}`;
    // Short enough for the default side-bar width; the tooltip has the whole sentence, threshold and PromQL.
    item.description = shortDescription(c);
    item.iconPath = statusIcon(c.status);
    item.contextValue = `check.${c.status}`;
    item.tooltip = checkTooltip(c);
    item.accessibilityInformation = { label: `${c.title}: ${c.status}. ${c.display}` };
    item.command = { command: 'nativelink.health.showCheck', title: 'Show details', arguments: [node] };
    return item;
  }

  /** Plain snapshot for tests and the status bar. */
  snapshot(): { cluster: string; status?: string; error?: string; checks: { id: string; area: string; status: string; display: string }[] }[] {
    return this.monitor.clusters().map((s) => ({
      cluster: s.cluster.name,
      status: s.report?.status,
      error: s.error,
      checks: (s.report?.checks ?? []).map((c) => ({ id: c.id, area: c.area, status: c.status, display: c.display })),
    }));
  }
}

/** Everything from metrics is escaped: label values and displays are server-controlled text. */
export function checkTooltip(c: CheckResult): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(c.title)}**: ${escapeMarkdown(c.status)}\n\n`);
  md.appendMarkdown(`${escapeMarkdown(c.display)}\n\n`);
  if (c.threshold) md.appendMarkdown(`Threshold: ${escapeMarkdown(c.threshold)}\n\n`);
  if (c.reason) md.appendMarkdown(`${escapeMarkdown(c.reason)}\n\n`);
  md.appendCodeblock(c.promql, 'promql');
  md.appendMarkdown(`\nMeasured ${escapeMarkdown(new Date(c.measuredAt).toLocaleString())} · [Troubleshooting guide](${c.docs})`);
  return md;
}
