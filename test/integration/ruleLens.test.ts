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

async function lenses(uri: vscode.Uri): Promise<string[]> {
  const got = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return got.map((l) => l.command?.title ?? '').filter((t) => t);
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
    // One lens per rule; a lens the editor's own resolve cancelled comes back without a title, so wait for both
    // (a CI run once saw the record rule's lens untitled while the alert's was resolved).
    let titles: string[] = [];
    await waitFor(async () => {
      titles = await lenses(doc.uri);
      return titles.length >= 2 && titles.some((t) => /series now/.test(t)) && titles.some((t) => /can never fire/.test(t));
    }, 'both rules\' lenses resolved', 30_000, 250).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; last titles: ${JSON.stringify(titles)}`);
    });
    assert.equal(titles.length, 2, JSON.stringify(titles));
    assert.match(titles[0], /\d+ series now, value \d/);
    assert.match(titles[1], /can never fire here: no series of nativelink_execution_queue_time_bucket/);
    const info = vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'promrules/live-never-fires');
    assert.equal(info?.severity, vscode.DiagnosticSeverity.Information);
    assert.match(info!.message, /This alert can never fire on healthy: nativelink_execution_queue_time_bucket has no series.*The cluster has: .*nativelink_execution_queue_time_seconds_bucket/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
