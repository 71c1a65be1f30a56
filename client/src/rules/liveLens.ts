/**
 * Live rule lenses: above each rule of a Prometheus rule file (or PrometheusRule), whether its `expr` returns series
 * on each connected cluster now, and its value; a rule whose metrics a cluster does not have gets "can never fire
 * here" with the names that cluster really has, also as an Information diagnostic.
 *
 * Uses the configured clusters only (readClusters: user settings in an untrusted workspace) and the monitor's
 * client per cluster, so credentials and TLS follow the cluster view's rules. No cluster → no lens, no request.
 * Queries run in resolveCodeLens, i.e. only for rules on screen.
 */
import * as vscode from 'vscode';
import { parseYaml } from '../../../server/src/parser/yaml';
import { isRuleFile, ruleGroupsNode } from '../../../server/src/promrules/engine';
import { exprSource } from '../../../server/src/promrules/exprNode';
import { clusterNames, liveCheck, type LiveResult } from '../../../server/src/promrules/live';
import { ruleEntries } from '../../../server/src/promrules/ruleGroups';
import { readClusters, type ClusterSetting } from '../config';
import type { ClusterMonitor } from '../cluster/monitor';

const NAMES_TTL_MS = 60_000;
const MAX_CLUSTERS = 3;
const SHOW_COMMAND = 'nativelink.rules.showLive';

class RuleLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly version: number,
    readonly cluster: ClusterSetting,
    readonly rule: { type: 'alert' | 'record'; name: string; expr: string; exprRange: vscode.Range },
  ) {
    super(range);
  }
}

export class RuleLiveLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private names = new Map<string, { at: number; names: Promise<Set<string>> }>();
  private results = new Map<string, { at: number; result: Promise<LiveResult> }>();
  /** Lenses are re-asked for while results age, so an open file follows the cluster without an edit. */
  private readonly timer = setInterval(() => {
    if (this.results.size) this.changed.fire();
  }, NAMES_TTL_MS);
  readonly diagnostics = vscode.languages.createDiagnosticCollection('nativelink-live');

  constructor(
    private readonly monitor: ClusterMonitor,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(): void {
    this.names.clear();
    this.results.clear();
    this.diagnostics.clear();
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const clusters = readClusters().slice(0, MAX_CLUSTERS);
    if (!clusters.length) return [];
    const text = doc.getText();
    if (!/^(groups|spec|kind)\s*:/m.test(text)) return [];
    const root = parseYaml(text).root;
    if (!isRuleFile(root)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const r of ruleEntries(ruleGroupsNode(root))) {
      const src = r.expr && exprSource(text, r.expr, 'yaml');
      if (!src || !r.expr) continue;
      const start = doc.positionAt(r.rule.offset);
      const exprRange = new vscode.Range(doc.positionAt(r.expr.offset), doc.positionAt(r.expr.offset + r.expr.length));
      for (const c of clusters) lenses.push(new RuleLens(new vscode.Range(start, start), doc.uri, doc.version, c, { type: r.type, name: r.name, expr: src.value, exprRange }));
    }
    return lenses;
  }

  async resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): Promise<vscode.CodeLens> {
    if (!(lens instanceof RuleLens)) return lens;
    const key = `${lens.uri.toString()}@${lens.version}|${lens.cluster.name}|${lens.rule.expr}`;
    let pending = this.results.get(key);
    if (!pending || Date.now() - pending.at > NAMES_TTL_MS) {
      for (const [k, v] of this.results) if (Date.now() - v.at > NAMES_TTL_MS) this.results.delete(k);
      pending = { at: Date.now(), result: this.evaluate(lens.cluster, lens.rule.expr) };
      this.results.set(key, pending);
    }
    const res = await pending.result;
    if (token.isCancellationRequested) return lens;
    const prefix = readClusters().length > 1 ? `${lens.cluster.name}: ` : '';
    const icon = res.status === 'series' ? '$(pulse)' : res.status === 'never' ? '$(circle-slash)' : res.status === 'error' ? '$(warning)' : '$(circle-outline)';
    const what = lens.rule.type === 'alert' && res.status === 'series' ? `would fire now (${res.message})` : res.message;
    lens.command = { title: `${icon} ${prefix}${truncate(what, 200)}`, command: SHOW_COMMAND, arguments: [lens.cluster.name, lens.rule.name, res] };
    if (res.status === 'never') this.addNever(lens, res);
    else this.dropNever(lens);
    return lens;
  }

  /** A rule whose metrics appeared since (the results age out) loses its "can never fire" note. */
  private dropNever(lens: RuleLens): void {
    const current = this.diagnostics.get(lens.uri);
    if (!current?.length) return;
    const kept = current.filter((d) => !(d.range.isEqual(lens.rule.exprRange) && d.message.includes(` on ${lens.cluster.name}: `)));
    if (kept.length !== current.length) this.diagnostics.set(lens.uri, kept);
  }

  private addNever(lens: RuleLens, res: LiveResult): void {
    const current = this.diagnostics.get(lens.uri) ?? [];
    const message = `${lens.rule.type === 'alert' ? 'This alert can never fire' : 'This rule never records anything'} on ${lens.cluster.name}: ${res.missing.join(', ')} ${res.missing.length > 1 ? 'have' : 'has'} no series there in the last hour.${res.available.length ? ` The cluster has: ${res.available.slice(0, 8).join(', ')}.` : ''}`;
    if (current.some((d) => d.range.isEqual(lens.rule.exprRange) && d.message === message)) return;
    const d = new vscode.Diagnostic(lens.rule.exprRange, message, vscode.DiagnosticSeverity.Information);
    d.source = 'nativelink';
    d.code = 'promrules/live-never-fires';
    this.diagnostics.set(lens.uri, [...current, d]);
  }

  private async evaluate(cluster: ClusterSetting, expr: string): Promise<LiveResult> {
    try {
      const client = await this.monitor.clientFor(cluster);
      let entry = this.names.get(cluster.name);
      if (!entry || Date.now() - entry.at > NAMES_TTL_MS) {
        entry = { at: Date.now(), names: clusterNames(client) };
        this.names.set(cluster.name, entry);
      }
      return await liveCheck(client, expr, await entry.names);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn(`live rule check on ${cluster.name}: ${message}`);
      this.names.delete(cluster.name);
      return { status: 'error', series: 0, missing: [], available: [], message: `not checked: ${message}` };
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
    this.diagnostics.dispose();
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function registerRuleLens(context: vscode.ExtensionContext, monitor: ClusterMonitor, log: vscode.LogOutputChannel): RuleLiveLens {
  const lens = new RuleLiveLens(monitor, log);
  context.subscriptions.push(
    lens,
    vscode.languages.registerCodeLensProvider([{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }], lens),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nativelink.clusters')) lens.refresh();
    }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith('nativelink.cluster.')) lens.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lens.refresh()),
    vscode.workspace.onDidCloseTextDocument((d) => lens.diagnostics.delete(d.uri)),
    vscode.commands.registerCommand(SHOW_COMMAND, (cluster: unknown, rule: unknown, res: LiveResult | undefined) => {
      if (typeof cluster !== 'string' || typeof rule !== 'string' || !res) return;
      const detail = res.available.length ? `\n\nMetric names this cluster has for the same instruments: ${res.available.join(', ')}` : '';
      void vscode.window.showInformationMessage(`${rule} on ${cluster}: ${res.message}`, { modal: false, detail } as vscode.MessageOptions);
    }),
  );
  return lens;
}
