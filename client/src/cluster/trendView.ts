import * as vscode from 'vscode';
import { queryRangeSeries } from '../../../server/src/cluster';
import type { CheckResult, TrendSeries } from '../../../server/src/cluster/types';
import { escapeHtml, lineChartSvg } from './chart';
import type { ClusterMonitor } from './monitor';
import type { ClusterSetting } from './connections';

/** A last-hour chart of a check's PromQL in a script-free webview. */
export async function showTrend(monitor: ClusterMonitor, cluster: ClusterSetting, check: CheckResult): Promise<void> {
  const panel = vscode.window.createWebviewPanel('nativelink.trend', `${check.title} (${cluster.name})`, vscode.ViewColumn.Beside, { enableScripts: false });
  let series: TrendSeries[] = [];
  let error = '';
  try {
    series = await queryRangeSeries(await monitor.clientFor(cluster), check.promql, { rangeSeconds: 3600, points: 120 });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} code{font-family:var(--vscode-editor-font-family)} .err{color:var(--vscode-errorForeground)}</style></head>
<body><h2>${escapeHtml(check.title)}: ${escapeHtml(check.status)}</h2><p>${escapeHtml(check.display)}</p>
${error ? `<p class="err">${escapeHtml(error)}</p>` : lineChartSvg(series, { width: 640, height: 220 })}
<p><code>${escapeHtml(check.promql)}</code></p><p>Last hour, ${series.length} series.</p></body></html>`;
}
