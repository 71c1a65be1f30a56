import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NativeLinkTestApi } from '../../client/src/extension';
import type { Features } from '../../client/src/features';
import { startPrometheus, type RunningPrometheus } from '../../demo/simulator/prometheus';
import { collectorConfigWithHealth, emptyPrometheus, fakeServer } from './fakeServers';
import { EXTENSION_ID, fixtureUri, revertAll, waitFor } from './helpers';

/** "NativeLink: Diagnose cluster" end to end: real Prometheus scenario → findings → Problems → fix in the config. */
describe('Diagnose cluster in real VS Code', function () {
  this.timeout(90_000);
  let api: Features;
  let prom: RunningPrometheus;
  // Keep the fixture as it was, whatever a failing test leaves behind.
  const schedulerFixture = fixtureUri('scheduler.json5');
  let schedulerText: Uint8Array;

  before(async () => {
    schedulerText = await vscode.workspace.fs.readFile(schedulerFixture);
    api = await ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as NativeLinkTestApi).features();
    prom = await startPrometheus({ scenario: 'worker-flapping' });
    await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'flappy', prometheusUrl: prom.url }], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await revertAll();
    await vscode.workspace.fs.writeFile(schedulerFixture, schedulerText);
    await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await prom.stop();
  });

  it('finds the flapping workers, points at worker_timeout_s in the workspace config and applies the fix', async () => {
    const result = await api.diagnose.run('flappy', false);
    assert.ok(result, 'a report');
    const { report } = result!;
    const disconnects = report.findings.find((f) => f.id.startsWith('worker-disconnects'));
    assert.ok(disconnects, `findings: ${report.findings.map((f) => `${f.id}:${f.severity}`).join(', ')}`);
    assert.equal(disconnects!.severity, 'critical');
    assert.ok(disconnects!.evidence.some((e) => e.kind === 'promql' && e.query), 'evidence carries the query');
    assert.equal(disconnects!.config?.suggested, 30);
    assert.ok(!report.findings.some((f) => f.severity === 'critical' && /cache/i.test(f.id)), 'nothing critical the scenario was not built for');

    // Problems panel: the finding sits on the scheduler of scheduler.json5.
    const uri = fixtureUri('scheduler.json5');
    const problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nativelink-diagnose');
    assert.ok(problems.some((d) => /worker-disconnects/.test(String(typeof d.code === 'object' ? d.code.value : d.code))), 'finding shown in Problems');

    // The fix from the report: worker_timeout_s: 30 lands in the simple scheduler.
    assert.ok(result!.configs.some((c) => c.uri.toString() === uri.toString()), `scheduler.json5 among the configs: ${result!.configs.map((c) => c.uri.path).join(', ')}`);
    assert.ok(await api.diagnose.applyFinding(result!, disconnects!));
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor(() => /worker_timeout_s: 30/.test(doc.getText()), 'worker_timeout_s inserted');
    assert.match(doc.getText(), /simple: \{[\s\S]*worker_timeout_s: 30/);
    // The fix is an edit the user can still revert: nothing reaches the disk until they save (issue 11).
    // VS Code in a browser would auto-save it a second later (files.autoSave defaults to afterDelay on the web).
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
    assert.ok(doc.isDirty, 'the fixed config stays unsaved');
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), Buffer.from(schedulerText), 'the file on disk is unchanged');
  });

  it('reports nothing wrong on the healthy scenario', async () => {
    const healthy = await startPrometheus({ scenario: 'healthy' });
    try {
      await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'fine', prometheusUrl: healthy.url }], vscode.ConfigurationTarget.Global);
      const result = await api.diagnose.run('fine', false);
      const bad = result!.report.findings.filter((f) => f.severity !== 'info');
      assert.deepEqual(bad.map((f) => `${f.id}:${f.severity}`), []);
    } finally {
      await healthy.stop();
    }
  });

  it('says plainly when Prometheus refuses the credentials', async () => {
    const denied = await fakeServer((_req, res) => void res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized'));
    try {
      await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'denied', prometheusUrl: denied.url, timeoutSeconds: 2 }], vscode.ConfigurationTarget.Global);
      const result = await api.diagnose.run('denied', false);
      const f = result!.report.findings[0];
      assert.equal(f.severity, 'critical');
      assert.match(`${f.title} ${f.summary}`, /401|credential|auth|denied/i);
    } finally {
      await denied.close();
    }
  });

  it('asks the collector health endpoint named in the open collector config', async () => {
    const prom = await emptyPrometheus();
    const health = await fakeServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"Server available"}'));
    const file = fixtureUri('zz-health-collector-config.yaml');
    try {
      await vscode.workspace.fs.writeFile(file, Buffer.from(collectorConfigWithHealth(health.port)));
      await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'empty', prometheusUrl: prom.url, timeoutSeconds: 2 }], vscode.ConfigurationTarget.Global);
      const result = await api.diagnose.run('empty', false);
      assert.ok(result!.configs.some((c) => c.uri.toString() === file.toString()), 'the collector config was found');
      assert.ok(health.hits.length > 0, 'the health endpoint from the config was asked');
    } finally {
      await vscode.workspace.fs.delete(file);
      await prom.close();
      await health.close();
    }
  });

  it('says plainly when Prometheus cannot be reached, within the timeout', async () => {
    await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'gone', prometheusUrl: 'http://127.0.0.1:1', timeoutSeconds: 2 }], vscode.ConfigurationTarget.Global);
    const started = Date.now();
    const result = await api.diagnose.run('gone', false);
    assert.ok(Date.now() - started < 10_000);
    const f = result!.report.findings[0];
    assert.equal(f.severity, 'critical');
    assert.match(`${f.title} ${f.summary}`, /reach|refused|connect/i);
  });
});
