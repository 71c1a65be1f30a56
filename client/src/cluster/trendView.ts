import * as vscode from 'vscode';
import { queryRangeSeries } from '../../../server/src/cluster';
import type { CheckResult, TrendSeries } from '../../../server/src/cluster/types';
import { escapeHtml, lineChartSvg } from './chart';
import { checkUnit, scaled, type ChartUnit } from './checkText';
import type { ClusterMonitor } from './monitor';
import type { ClusterSetting } from './connections';

let panel: vscode.WebviewPanel | undefined;

/** A last-hour chart of a check's PromQL in one reused, script-free webview. */
export async function showTrend(context: vscode.ExtensionContext, monitor: ClusterMonitor, cluster: ClusterSetting, check: Pick<CheckResult, 'title' | 'display' | 'promql'> & { status: string; id?: string; unit?: ChartUnit }): Promise<void> {
  const unit = check.unit ?? (check.id ? checkUnit(check.id) : undefined);
  if (!panel) {
    panel = vscode.window.createWebviewPanel('nativelink.trend', 'NativeLink trend', vscode.ViewColumn.Beside, { enableScripts: false, localResourceRoots: [] });
    context.subscriptions.push(panel, panel.onDidDispose(() => (panel = undefined)));
  }
  panel.title = `${check.title} (${cluster.name})`;
  panel.reveal(undefined, true);
  const target = panel;
  let series: TrendSeries[] = [];
  let error = '';
  try {
    series = await queryRangeSeries(await monitor.clientFor(cluster), check.promql, { rangeSeconds: 3600, points: 120 });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  target.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} code{font-family:var(--vscode-editor-font-family)} .err{color:var(--vscode-errorForeground)}</style></head>
<body><h2>${escapeHtml(check.title)}: ${escapeHtml(check.status)}</h2><p>${escapeHtml(check.display)}</p>
${error ? `<p class="err">${escapeHtml(error)}</p>` : lineChartSvg(scaled(series, unit), { width: 640, height: 220, unit: unit?.label })}
<p><code>${escapeHtml(check.promql)}</code></p><p>Last hour, ${series.length} series.</p></body></html>`;
}
