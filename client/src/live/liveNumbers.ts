/**
 * Live cluster numbers on config lines: a CodeLens above each cache_metrics store, execution instance, fast_slow
 * store and collector component, and a hover section with the same numbers and their PromQL.
 *
 * The language server says which entries exist (it owns the parsers); this side asks Prometheus through the
 * cluster monitor's connection, so trust rules, secrets and pools are the health view's. Values refresh when the
 * health view refreshes and when a config becomes visible, only for visible editors, never without a cluster.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { resolveNames } from '../../../server/src/cluster/names';
import type { ResolvedNames } from '../../../server/src/cluster/types';
import { collectorNamesFrom, evaluateTargets } from '../../../server/src/live/evaluate';
import type { CollectorNames } from '../../../server/src/live/queries';
import type { LiveEntryValues, LiveTarget } from '../../../server/src/live/types';
import { LiveTargetsRequest } from '../../../server/src/protocol';
import type { ClusterMonitor, ClusterState } from '../cluster/monitor';
import { readHealthSettings } from '../config';
import { escapeMarkdown } from '../../../server/src/service/markdown';

type WireTarget = LiveTarget & { range: { start: { line: number; character: number }; end: { line: number; character: number } } };

interface DocValues {
  cluster: string;
  version: number;
  at: number;
  targets: WireTarget[];
  values: LiveEntryValues[];
  error?: string;
}

const STATE_KEY = 'nativelink.live.cluster';
const MIN_INTERVAL_MS = 10_000;
const NAMES_TTL_MS = 5 * 60_000;
const CONFIG_LANGUAGES = new Set(['json5', 'json', 'jsonc', 'yaml', 'otelcol']);

export class LiveNumbers implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly docs = new Map<string, DocValues>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly names = new Map<string, { at: number; names?: ResolvedNames; collector?: CollectorNames }>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly monitor: ClusterMonitor,
    private readonly client: () => LanguageClient | undefined,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changed,
      monitor.onDidChange(() => {
        // After a health refresh (none running): the numbers follow the view's poll.
        if (!monitor.clusters().some((s) => s.refreshing)) this.schedule(true);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule(false)),
      vscode.workspace.onDidCloseTextDocument((d) => this.docs.delete(d.uri.toString())),
    );
  }

  /** The cluster a document's numbers come from: the one chosen for its folder, else a sensible default. */
  clusterFor(uri: vscode.Uri): ClusterState | undefined {
    const states = this.monitor.clusters();
    if (!states.length) return undefined;
    const chosen = this.state.get<Record<string, string>>(STATE_KEY, {})[this.folderKey(uri)];
    const hit = chosen && states.find((s) => s.cluster.name === chosen);
    if (hit) return hit;
    // Default: the first cluster that reports NativeLink metrics, else the first configured.
    return states.find((s) => s.report?.names?.nativelinkNames.length && !s.error) ?? states[0];
  }

  async chooseCluster(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const states = this.monitor.clusters();
    if (!states.length) {
      void vscode.window.showInformationMessage('No cluster is configured. Run "NativeLink: Connect to Prometheus…" first.');
      return;
    }
    const current = target ? this.clusterFor(target)?.cluster.name : undefined;
    const pick = await vscode.window.showQuickPick(
      states.map((s) => ({ label: s.cluster.name, description: s.error ? 'unreachable' : (s.report?.status ?? 'not checked yet'), detail: s.cluster.prometheusUrl, picked: s.cluster.name === current })),
      { title: 'Live numbers on configs in this folder come from which cluster?' },
    );
    if (!pick) return;
    const all = { ...this.state.get<Record<string, string>>(STATE_KEY, {}) };
    all[target ? this.folderKey(target) : ''] = pick.label;
    await this.state.update(STATE_KEY, all);
    this.docs.clear();
    this.schedule(true);
  }

  private folderKey(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
  }

  private schedule(force: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshVisible(force), 150);
  }

  /** Refresh the numbers of every visible config (tests await it). */
  async refreshVisible(force = true): Promise<void> {
    const docs = new Map<string, vscode.TextDocument>();
    for (const e of vscode.window.visibleTextEditors) if (CONFIG_LANGUAGES.has(e.document.languageId)) docs.set(e.document.uri.toString(), e.document);
    await Promise.all([...docs.values()].map((d) => this.refreshDoc(d, force)));
  }

  private refreshDoc(doc: vscode.TextDocument, force: boolean): Promise<void> {
    const key = doc.uri.toString();
    const current = this.running.get(key);
    if (current) return current;
    const p = this.doRefresh(doc, force).finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }

  private async doRefresh(doc: vscode.TextDocument, force: boolean): Promise<void> {
    const state = this.clusterFor(doc.uri);
    const client = this.client();
    if (!state || !client) return;
    const key = doc.uri.toString();
    const prev = this.docs.get(key);
    if (!force && prev && prev.cluster === state.cluster.name && prev.version === doc.version && Date.now() - prev.at < MIN_INTERVAL_MS) return;
    let targets: WireTarget[];
    try {
      const r = await client.sendRequest<{ kind?: string; targets: WireTarget[] }>(LiveTargetsRequest, { uri: key });
      targets = r?.targets ?? [];
    } catch (e) {
      this.log.debug(`live numbers: targets of ${doc.uri.fsPath} unavailable: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!targets.length) {
      if (prev) this.docs.delete(key);
      this.changed.fire();
      return;
    }
    const next: DocValues = { cluster: state.cluster.name, version: doc.version, at: Date.now(), targets, values: [] };
    try {
      const api = await this.monitor.clientFor(state.cluster);
      const names = await this.namesFor(state, api, targets);
      const window = readHealthSettings().thresholds.rateWindow ?? '5m';
      next.values = await evaluateTargets(targets, { api, names: names.names, collector: names.collector, window, timeoutMs: (state.cluster.timeoutSeconds ?? 10) * 1000 });
    } catch (e) {
      next.error = e instanceof Error ? e.message : String(e);
      this.log.warn(`live numbers for ${doc.uri.fsPath} from ${state.cluster.name}: ${next.error}`);
    }
    this.docs.set(key, next);
    this.changed.fire();
  }

  private async namesFor(state: ClusterState, api: Parameters<typeof resolveNames>[0], targets: WireTarget[]): Promise<{ names?: ResolvedNames; collector?: CollectorNames }> {
    const needCollector = targets.some((t) => t.kind === 'receiver' || t.kind === 'processor' || t.kind === 'exporter');
    const needNl = targets.some((t) => !(t.kind === 'receiver' || t.kind === 'processor' || t.kind === 'exporter'));
    let cached = this.names.get(state.cluster.name);
    if (!cached || Date.now() - cached.at > NAMES_TTL_MS) cached = { at: Date.now() };
    const reported = state.report && !state.report.error ? state.report.names : null;
    const fromReport = reported && Date.now() - reported.resolvedAt < NAMES_TTL_MS ? reported : undefined;
    if (needNl && !cached.names) cached.names = fromReport ?? (await resolveNames(api));
    if (needCollector && !cached.collector) cached.collector = await collectorNamesFrom(api);
    this.names.set(state.cluster.name, cached);
    return cached;
  }

  /** Values for a document as last fetched (tests read them). */
  valuesOf(uri: vscode.Uri): DocValues | undefined {
    return this.docs.get(uri.toString());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const d = this.docs.get(doc.uri.toString());
    if (!d) {
      // First sight of this document: fetch in the background; the lenses appear when the numbers arrive.
      if (CONFIG_LANGUAGES.has(doc.languageId) && this.monitor.clusters().length) void this.refreshDoc(doc, false);
      return [];
    }
    if (d.error) {
      const first = d.targets[0];
      return first ? [new vscode.CodeLens(toRange(first.range), { title: `$(warning) ${d.cluster}: live numbers unavailable (${clip(d.error, 80)})`, command: 'nativelink.showLogs' })] : [];
    }
    const stale = d.version !== doc.version;
    return d.values.map((v) => {
      const t = d.targets.find((x) => x.id === v.target.id) ?? (v.target as WireTarget);
      const range = stale ? shiftRange(doc, t) : toRange(t.range);
      const chartable = v.metrics.find((m) => m.value !== undefined);
      const title = v.reason ? `$(circle-slash) ${clip(v.reason, 110)}` : `$(pulse) ${clip(v.summary, 140)}`;
      return new vscode.CodeLens(range, chartable
        ? { title, command: 'nativelink.live.showTrend', arguments: [d.cluster, `${v.target.label}: ${chartable.label}`, chartable.promql, chartable.format], tooltip: `${d.cluster}, as of ${new Date(d.at).toLocaleTimeString()}. Click for the last hour.` }
        : { title, command: '', tooltip: v.target.notes?.join(' ') });
    });
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const d = this.docs.get(doc.uri.toString());
    if (!d || d.error) return undefined;
    const hit = d.values.find((v) => {
      const t = d.targets.find((x) => x.id === v.target.id);
      return t && toRange(t.range).contains(pos);
    });
    if (!hit) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendMarkdown(`**Live on ${escapeMarkdown(d.cluster)}** (${escapeMarkdown(new Date(d.at).toLocaleTimeString())})\n\n`);
    if (hit.reason) md.appendMarkdown(`${escapeMarkdown(hit.reason)}\n\n`);
    for (const m of hit.metrics) {
      md.appendMarkdown(`- ${escapeMarkdown(m.label)}: **${escapeMarkdown(m.display)}**\n`);
    }
    for (const n of hit.target.notes ?? []) md.appendMarkdown(`\n_${escapeMarkdown(n)}_\n`);
    if (hit.metrics.length) {
      md.appendMarkdown('\n');
      md.appendCodeblock(hit.metrics.map((m) => m.promql).join('\n'), 'promql');
    }
    return new vscode.Hover(md);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function toRange(r: WireTarget['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** While the user types, keep a lens on its entry's line: find the entry's first text again near its old line. */
function shiftRange(doc: vscode.TextDocument, t: WireTarget): vscode.Range {
  const line = Math.min(t.range.start.line, Math.max(0, doc.lineCount - 1));
  return new vscode.Range(line, 0, line, 0);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
