import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { collectorFacts, nativelinkFacts, renderMarkdown, runDiagnosis } from '../../../server/src/diagnose';
import { toValue } from '../../../server/src/parser/ast';
import { stripUserinfo } from '../../../server/src/cluster/redact';
import type { ConfigFacts, DiagnosisReport, Finding } from '../../../server/src/diagnose/types';
import { clusterSummary } from '../cluster/checkText';
import { statusIcon } from '../cluster/healthTree';
import type { ClusterMonitor } from '../cluster/monitor';
import { prometheusGraphUrl } from '../cluster/urls';
import { readClusters, readHealthSettings, type ClusterSetting } from '../config';
import { applyFix, fixEdit } from './applyFix';
import { reportHtml } from './reportHtml';
import { findWorkspaceConfigs, locate, parseKeyPath, type WorkspaceConfig } from './workspaceConfigs';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export interface DiagnoseResult {
  cluster: string;
  report: DiagnosisReport;
  configs: WorkspaceConfig[];
}

/** "NativeLink: Diagnose cluster": report webview, Problems entries on the configs involved, Markdown export. */
export class DiagnoseController implements vscode.Disposable {
  private readonly problems = vscode.languages.createDiagnosticCollection('nativelink-diagnose');
  private panel: vscode.WebviewPanel | undefined;
  private last: DiagnoseResult | undefined;

  constructor(
    private readonly monitor: ClusterMonitor,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  lastResult(): DiagnoseResult | undefined {
    return this.last;
  }

  async pickCluster(name?: string): Promise<ClusterSetting | undefined> {
    const clusters = readClusters();
    if (name) return clusters.find((c) => c.name === name);
    if (!clusters.length) {
      const choice = await vscode.window.showInformationMessage('No NativeLink cluster is connected yet.', 'Connect to Prometheus…');
      if (choice) await vscode.commands.executeCommand('nativelink.connect');
      return undefined;
    }
    if (clusters.length === 1) return clusters[0];
    // Each cluster with its health as the tree last saw it.
    const states = new Map(this.monitor.clusters().map((s) => [s.cluster.name, s]));
    const items = clusters.map((c) => {
      const s = states.get(c.name);
      return { label: c.name, description: s ? clusterSummary(s) : undefined, detail: stripUserinfo(c.prometheusUrl), iconPath: s ? statusIcon(s.error ? 'unknown' : s.report?.status) : undefined, c };
    });
    const pick = await vscode.window.showQuickPick(items, { title: 'Diagnose which cluster?' });
    return pick?.c;
  }

  /** Runs the diagnosis with a cancellable progress notification; `show: false` is for tests. */
  async run(clusterName?: string, show = true): Promise<DiagnoseResult | undefined> {
    const cluster = await this.pickCluster(clusterName);
    if (!cluster) return undefined;
    let result: DiagnoseResult;
    try {
      result = await this.runWithProgress(cluster);
    } catch (err) {
      // e.g. an unreadable caFile or a malformed URL: say it plainly instead of "command failed".
      const message = `Could not diagnose ${cluster.name}: ${err instanceof Error ? err.message : String(err)}`;
      this.log.error(message);
      void vscode.window.showErrorMessage(message, 'Open logs').then((c) => c && this.log.show());
      return undefined;
    }
    this.last = result;
    this.log.info(`diagnosis of ${result.cluster}: ${result.report.counts.critical} critical, ${result.report.counts.warning} warning, ${result.report.counts.info} info in ${result.report.durationMs} ms`);
    this.publishProblems(result);
    if (show) this.showReport(result);
    return result;
  }

  private runWithProgress(cluster: ClusterSetting): Thenable<DiagnoseResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Diagnosing ${cluster.name}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        progress.report({ message: 'reading configs in the workspace…' });
        const configs = await findWorkspaceConfigs(token);
        const facts = configFacts(configs, (m) => this.log.warn(m));
        progress.report({ message: 'querying Prometheus…' });
        const client = await this.monitor.clientFor(cluster);
        // A config file in an untrusted workspace must not choose where we send requests.
        if (!vscode.workspace.isTrusted) delete facts.healthCheckEndpoint;
        const report = await runDiagnosis({
          client,
          prometheusUrl: client.baseUrl,
          collectorHealthUrl: cluster.collectorHealthUrl,
          collectorMetricsUrl: cluster.collectorMetricsUrl,
          config: facts,
          thresholds: readHealthSettings().thresholds,
          signal: ac.signal,
          timeoutMs: Math.max(5, (cluster.timeoutSeconds ?? 10) * 2) * 1000,
          surface: 'vscode',
        });
        return { cluster: cluster.name, report, configs };
      },
    );
  }

  private configFor(result: DiagnoseResult, f: Finding): WorkspaceConfig | undefined {
    if (!f.config) return undefined;
    const path = parseKeyPath(f.config.key);
    // The config where most of the key path exists (a scheduler key belongs to the file with schedulers).
    let best: WorkspaceConfig | undefined;
    let bestMissing = Infinity;
    for (const c of result.configs) {
      if (c.kind !== f.config.kind) continue;
      const missing = locate(c.root, path).missing.length;
      if (missing < bestMissing) {
        best = c;
        bestMissing = missing;
      }
    }
    return best;
  }

  /** Findings with a config key appear in the Problems panel on that file, until the next run. */
  private publishProblems(result: DiagnoseResult): void {
    this.problems.clear();
    const byUri = new Map<string, { uri: vscode.Uri; diags: vscode.Diagnostic[] }>();
    for (const f of result.report.findings) {
      const cfg = this.configFor(result, f);
      if (!cfg) continue;
      const loc = locate(cfg.root, parseKeyPath(f.config!.key));
      const node = loc.value && loc.value.parent?.type === 'property' ? loc.value.parent.children![0] : loc.anchor;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === cfg.uri.toString());
      const pos = (o: number) => (doc ? doc.positionAt(o) : offsetToPosition(cfg.text, o));
      const d = new vscode.Diagnostic(new vscode.Range(pos(node.offset), pos(node.offset + node.length)), `${f.title}: ${f.summary}`, SEVERITY[f.severity]);
      d.source = 'nativelink-diagnose';
      d.code = { value: f.id, target: vscode.Uri.parse(f.docs) };
      const entry = byUri.get(cfg.uri.toString()) ?? { uri: cfg.uri, diags: [] };
      entry.diags.push(d);
      byUri.set(cfg.uri.toString(), entry);
    }
    for (const { uri, diags } of byUri.values()) this.problems.set(uri, diags);
  }

  private showReport(result: DiagnoseResult): void {
    // A new diagnosis is a new report: a fresh panel opens at its top (a reused webview keeps the old scroll
    // position), in the column where the previous one was.
    const column = this.panel?.viewColumn ?? vscode.ViewColumn.Active;
    this.panel?.dispose();
    const panel = vscode.window.createWebviewPanel('nativelink.diagnosis', 'NativeLink diagnosis', column, { enableScripts: true, localResourceRoots: [] });
    const listener = panel.webview.onDidReceiveMessage((m) => void this.onMessage(m));
    panel.onDidDispose(() => {
      listener.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    const nonce = randomBytes(16).toString('base64');
    const findings = result.report.findings;
    this.panel.title = `Diagnosis: ${result.cluster}`;
    this.panel.webview.html = reportHtml(result.report, result.cluster, nonce, this.panel.webview.cspSource, {
      canJump: (i) => !!this.configFor(result, findings[i]),
      canFix: (i) => {
        const cfg = this.configFor(result, findings[i]);
        return !!cfg && !!findings[i].config && !!fixEdit(cfg, findings[i].config!);
      },
    });
    this.panel.reveal();
  }

  private async onMessage(m: unknown): Promise<void> {
    const msg = m as { cmd?: string; index?: number; evidence?: number };
    const result = this.last;
    if (!result || typeof msg?.cmd !== 'string') return;
    const f = typeof msg.index === 'number' ? result.report.findings[msg.index] : undefined;
    const ev = f && typeof msg.evidence === 'number' ? f.evidence[msg.evidence] : undefined;
    switch (msg.cmd) {
      case 'save':
        await this.saveReport();
        return;
      case 'rerun':
        await this.run(result.cluster);
        return;
      case 'copy':
        if (ev?.query) await vscode.env.clipboard.writeText(ev.query);
        return;
      case 'open': {
        const cluster = readClusters().find((c) => c.name === result.cluster);
        const url = ev?.query && cluster ? prometheusGraphUrl(cluster.prometheusUrl, ev.query) : undefined;
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'jump': {
        const cfg = f && this.configFor(result, f);
        if (!cfg || !f?.config) return;
        const doc = await vscode.workspace.openTextDocument(cfg.uri);
        const loc = locate(cfg.root, parseKeyPath(f.config.key));
        const node = loc.value ?? loc.anchor;
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(doc.positionAt(node.offset), doc.positionAt(node.offset + node.length)), viewColumn: vscode.ViewColumn.One });
        return;
      }
      case 'fix':
        if (f && !(await this.applyFinding(result, f))) void vscode.window.showWarningMessage('The config changed since the diagnosis; run it again to get a fresh fix.');
        return;
    }
  }

  /** Sets the finding's suggested value in the workspace config it concerns. */
  async applyFinding(result: DiagnoseResult, f: Finding): Promise<boolean> {
    const cfg = this.configFor(result, f);
    return !!cfg && !!f.config && applyFix(cfg, f.config);
  }

  async saveReport(): Promise<vscode.Uri | undefined> {
    if (!this.last) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `nativelink-diagnosis-${this.last.cluster}.md`) : undefined,
      filters: { Markdown: ['md'] },
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(renderMarkdown(this.last.report), 'utf8'));
    return target;
  }

  dispose(): void {
    this.problems.dispose();
    this.panel?.dispose();
  }
}

function offsetToPosition(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}

/** Facts from every NativeLink and collector config found; the first config of each kind wins on conflicts. */
export function configFacts(configs: WorkspaceConfig[], warn: (m: string) => void): ConfigFacts {
  const facts: ConfigFacts = {};
  for (const c of configs) {
    try {
      // The document is already parsed (tolerantly): a half-typed config still yields its facts.
      const value = c.value ?? toValue(c.root);
      const f = c.kind === 'nativelink' ? nativelinkFacts(value) : collectorFacts(value);
      for (const [k, v] of Object.entries(f)) if ((facts as Record<string, unknown>)[k] === undefined) (facts as Record<string, unknown>)[k] = v;
    } catch (err) {
      warn(`could not read facts from ${c.uri.fsPath}: ${String(err)}`);
    }
  }
  return facts;
}
