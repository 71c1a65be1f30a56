import type { DiagnosisReport, Finding } from '../../../server/src/diagnose/types';
import { escapeHtml, lineChartSvg } from '../cluster/chart';
import { evidenceUnit, scaled } from '../cluster/checkText';

const ORDER: Finding['severity'][] = ['critical', 'warning', 'info'];
const LABEL: Record<Finding['severity'], string> = { critical: 'Critical', warning: 'Warnings', info: 'Information' };

export interface FindingActions {
  /** Finding index → has a config location in the workspace / has an applicable suggested value. */
  canJump: (i: number) => boolean;
  canFix: (i: number) => boolean;
}

/**
 * The report webview. Every string from metrics, configs or Prometheus is HTML-escaped; the only
 * script is ours (nonce'd) and it only posts {cmd, index} messages back.
 */
export function reportHtml(report: DiagnosisReport, cluster: string, nonce: string, cspSource: string, actions: FindingActions): string {
  const e = escapeHtml;
  const sections = ORDER.map((sev) => {
    const items = report.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.severity === sev);
    if (!items.length) return '';
    return `<h2 class="${sev}">${LABEL[sev]} (${items.length})</h2>` + items.map(({ f, i }) => findingHtml(f, i, actions)).join('');
  }).join('');
  const passed = report.passed.length ? `<h2>Passed (${report.passed.length})</h2><p>${report.passed.map((p) => `<code>${e(p)}</code>`).join(' ')}</p>` : '';
  const skipped = report.skipped.length ? `<h2>Skipped (${report.skipped.length})</h2><ul>${report.skipped.map((s) => `<li><code>${e(s.id)}</code>: ${e(s.reason)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}';">
<style>
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);max-width:980px}
code,pre{font-family:var(--vscode-editor-font-family)} pre{white-space:pre-wrap;background:var(--vscode-textCodeBlock-background);padding:4px 8px}
.finding{border-left:4px solid var(--vscode-panel-border);padding:2px 12px;margin:12px 0}
.critical{color:var(--vscode-errorForeground)} .finding.critical{border-color:var(--vscode-errorForeground);color:inherit}
.warning{color:var(--vscode-editorWarning-foreground)} .finding.warning{border-color:var(--vscode-editorWarning-foreground);color:inherit}
button{background:var(--vscode-button-secondaryBackground);color:var(--vscode-button-secondaryForeground);border:none;padding:3px 8px;margin:2px;cursor:pointer}
</style></head><body>
<h1>NativeLink diagnosis: ${e(cluster)}</h1>
<p>Prometheus <code>${e(report.prometheus)}</code>${report.prometheusVersion ? ` (${e(report.prometheusVersion)})` : ''}, evaluated ${e(new Date(report.evaluatedAt).toLocaleString())} in ${report.durationMs} ms:
<b>${report.counts.critical}</b> critical, <b>${report.counts.warning}</b> warning, <b>${report.counts.info}</b> info, ${report.passed.length} passed.</p>
<p><button data-cmd="save">Save report as Markdown</button> <button data-cmd="rerun">Run again</button></p>
${report.findings.length ? sections : '<p>No problems found.</p>'}${passed}${skipped}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button');
  if (b) vscode.postMessage({ cmd: b.dataset.cmd, index: Number(b.dataset.index), evidence: Number(b.dataset.evidence) });
});
</script></body></html>`;
}

function findingHtml(f: Finding, i: number, actions: FindingActions): string {
  const e = escapeHtml;
  const evidence = f.evidence
    .map((ev, j) => {
      const what = ev.kind === 'promql' ? `<pre>${e(ev.query ?? '')}</pre>` : `<code>${e(ev.url ?? '')}</code>`;
      const unit = ev.series?.length ? evidenceUnit(ev.value, ev.series) : undefined;
      const chart = ev.series?.length ? lineChartSvg(scaled(ev.series, unit), { width: 520, height: 120, unit: unit?.label }) : '';
      const buttons =
        ev.kind === 'promql' && ev.query
          ? `<button data-cmd="copy" data-index="${i}" data-evidence="${j}">Copy query</button><button data-cmd="open" data-index="${i}" data-evidence="${j}">Open in Prometheus</button>`
          : '';
      return `<li>${what}→ <b>${e(ev.value)}</b>${ev.window ? ` (${e(ev.window)})` : ''} ${buttons}${chart}</li>`;
    })
    .join('');
  const list = (title: string, xs: string[]) => (xs.length ? `<p><b>${title}</b></p><ul>${xs.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '');
  const cfg = f.config
    ? `<p>Config: <code>${e(f.config.key)}</code> in the ${e(f.config.kind)} config${f.config.suggested !== undefined ? `, suggested <code>${e(String(f.config.suggested))}</code>` : ''}
       ${actions.canJump(i) ? `<button data-cmd="jump" data-index="${i}">Go to config</button>` : ''}${actions.canFix(i) ? `<button data-cmd="fix" data-index="${i}">Apply suggested value</button>` : ''}</p>`
    : '';
  return `<div class="finding ${f.severity}"><h3>${e(f.title)}</h3><p>${e(f.summary)}</p>
<p><b>Evidence</b></p><ul>${evidence}</ul>${list('Likely causes', f.causes)}${list('What to do', f.actions)}${cfg}
<p><a href="${e(f.docs)}">Troubleshooting guide${f.section ? `: ${e(f.section)}` : ''}</a></p></div>`;
}
