import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NativeLinkTestApi } from '../../client/src/extension';
import { startPrometheus, type RunningPrometheus } from '../../demo/simulator/prometheus';
import { EXTENSION_ID, openFixture, revertAll, waitFor } from './helpers';

/** Live numbers above config entries, from a real Prometheus holding the healthy demo scenario. */
describe('Live numbers on configs in real VS Code', function () {
  this.timeout(90_000);
  let api: NativeLinkTestApi;
  let prom: RunningPrometheus;

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as NativeLinkTestApi;
    // Live mode also serves and backfills the collector's own otelcol_* metrics.
    prom = await startPrometheus({ scenario: 'healthy', live: true });
  });

  after(async () => {
    await revertAll();
    await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await prom.stop();
  });

  async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
    return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  }

  it('shows no lens without a configured cluster, then the simulator\'s numbers on the entries they come from', async () => {
    await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    const { doc } = await openFixture('live-numbers.json5');
    await (await api.features()).live.refreshVisible(true);
    assert.equal((await lenses(doc.uri)).filter((l) => /hit|no cache metrics/.test(l.command?.title ?? '')).length, 0, 'no cluster, no numbers');

    await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'live', prometheusUrl: prom.url }], vscode.ConfigurationTarget.Global);
    const live = (await api.features()).live;
    let found: vscode.CodeLens[] = [];
    await waitFor(async () => {
      await (await api.features()).live.refreshVisible(true);
      found = await lenses(doc.uri);
      return found.some((l) => /hit/.test(l.command?.title ?? ''));
    }, 'lenses with numbers', 30_000, 250).catch((e: Error) => {
      throw new Error(`${e.message}; lenses: ${JSON.stringify(found.map((l) => l.command?.title))}; values: ${JSON.stringify(live.valuesOf(doc.uri)?.error ?? live.valuesOf(doc.uri)?.values.map((v) => v.summary))}`);
    });
    const at = (line: number) => found.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
    const lineOf = (needle: string) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
    const [casLine, acLine, execLine] = [lineOf('name: "CAS_MAIN"'), lineOf('name: "AC_MAIN"'), lineOf('execution: [')];

    // CAS_MAIN: 88 % of reads hit in the healthy scenario; the lens opens the trend chart.
    const cas = at(casLine).join(' ');
    const hit = /hit (\d+\.\d)%/.exec(cas);
    assert.ok(hit && Number(hit[1]) > 80 && Number(hit[1]) < 95, cas);
    assert.match(cas, /p95 \d+ ms/);
    assert.equal(found.find((l) => l.range.start.line === casLine)?.command?.command, 'nativelink.live.showTrend');
    // AC_MAIN is not wrapped in cache_metrics: a reason, not a number.
    assert.match(at(acLine).join(' '), /no cache metrics: not wrapped in cache_metrics/);
    // The execution instance: completions and the failure share.
    const exec = at(execLine).join(' ');
    assert.match(exec, /done [\d.]+\/s · failed \d+\.\d%/);

    // Hover over the store carries the same numbers and the PromQL.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(casLine, doc.lineAt(casLine).text.indexOf('cache_metrics') + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /Live on live/);
    assert.match(text, /cache_type="cas"/);
  });

  it('shows the collector\'s own numbers on its receivers and exporters', async () => {
    await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'live', prometheusUrl: prom.url }], vscode.ConfigurationTarget.Global);
    const { doc } = await openFixture('otel-collector-config.yaml');
    const live = (await api.features()).live;
    let found: vscode.CodeLens[] = [];
    await waitFor(async () => {
      await live.refreshVisible(true);
      found = await lenses(doc.uri);
      return found.some((l) => /accepted/.test(l.command?.title ?? ''));
    }, 'collector lenses with numbers', 30_000, 250).catch((e: Error) => {
      throw new Error(`${e.message}; lenses: ${JSON.stringify(found.map((l) => l.command?.title))}`);
    });
    const lineOf = (needle: string) => doc.getText().split('\n').findIndex((l) => l === needle);
    const titles = (line: number) => found.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '').join(' ');
    assert.match(titles(lineOf('  otlp:')), /accepted [\d.,]+\/s · refused 0\/s/);
    assert.match(titles(lineOf('  prometheus:')), /sent [\d.,]+\/s · failed 0\/s/);
  });
});
