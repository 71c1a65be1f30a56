import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startPrometheus, type RunningPrometheus } from '../../demo/simulator/prometheus';
import { EXTENSION_ID, waitFor } from './helpers';

const RULES = `groups:
  - name: nativelink
    rules:
      - record: nativelink:workers
        expr: sum(nativelink_worker_connected_count)
      - alert: NativeLinkQueueSlow
        expr: |
          histogram_quantile(0.95, sum by (le) (rate(nativelink_execution_queue_time_bucket[5m]))) > 30
        for: 10m
`;

async function titledLenses(uri: vscode.Uri): Promise<{ title: string; line: number }[]> {
  const got = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return got.map((l) => ({ title: l.command?.title ?? '', line: l.range.start.line })).filter((l) => l.title);
}

async function lenses(uri: vscode.Uri): Promise<string[]> {
  return (await titledLenses(uri)).map((l) => l.title);
}

/** Live rule lenses against a real Prometheus running the healthy simulator scenario. */
describe('Rule file live lenses in real VS Code', function () {
  this.timeout(90_000);
  let prom: RunningPrometheus | undefined;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    prom = await startPrometheus({ scenario: 'healthy' });
  });

  after(async () => {
    await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await prom?.stop();
  });

  it('shows nothing without a cluster; with one, series and value per rule and "can never fire here"', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: RULES });
    await vscode.window.showTextDocument(doc);
    assert.deepEqual(await lenses(doc.uri), [], 'no configured cluster: no lens and no request');
    await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'healthy', prometheusUrl: prom!.url }], vscode.ConfigurationTarget.Global);
    // One lens per rule. vscode.executeCodeLensProvider lists resolved lenses in the order their resolves finish
    // (VS Code's _executeCodeLensProvider pushes each on completion), not by line: find each by its text.
    let titles: string[] = [];
    await waitFor(async () => {
      titles = await lenses(doc.uri);
      return titles.length >= 2 && titles.some((t) => /series now/.test(t)) && titles.some((t) => /can never fire/.test(t));
    }, 'both rules\' lenses resolved', 30_000, 250).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; last titles: ${JSON.stringify(titles)}`);
    });
    assert.equal(titles.length, 2, JSON.stringify(titles));
    // Each above its own rule: the recording rule on line 3, the alert on line 5.
    const byLine = Object.fromEntries((await titledLenses(doc.uri)).map((l) => [l.line, l.title]));
    assert.match(byLine[3] ?? '', /series now/, JSON.stringify(byLine));
    assert.match(byLine[5] ?? '', /can never fire/, JSON.stringify(byLine));
    assert.match(titles.find((t) => /series now/.test(t))!, /\d+ series now, value \d/);
    assert.match(titles.find((t) => /can never fire/.test(t))!, /can never fire here: no series of nativelink_execution_queue_time_bucket/);
    const info = vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'promrules/live-never-fires');
    assert.equal(info?.severity, vscode.DiagnosticSeverity.Information);
    assert.match(info!.message, /This alert can never fire on healthy: nativelink_execution_queue_time_bucket has no series.*The cluster has: .*nativelink_execution_queue_time_seconds_bucket/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
