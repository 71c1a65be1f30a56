import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { NativeLinkTestApi } from '../../client/src/extension';
import type { Features } from '../../client/src/features';
import { collectorConfigWithHealth, emptyPrometheus, fakeServer } from '../integration/fakeServers';
import { EXTENSION_ID, openFixture, waitForDiagnostics } from '../integration/helpers';

/** Restricted Mode: language features work, but a workspace cannot point the extension at a URL. */
describe('untrusted workspace', function () {
  this.timeout(30_000);
  let api: Features;
  let server: Server;
  let hits = 0;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs with workspace trust enabled and the folder untrusted');
    api = await ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as NativeLinkTestApi).features();
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  });

  after(() => {
    server.close();
  });

  it('ignores cluster URLs from workspace settings and sends them nothing', async () => {
    // The fixture's .vscode/settings.json sets both; only the unrestricted one may take effect.
    assert.equal(vscode.workspace.getConfiguration('nativelink.health').get('refreshIntervalSeconds'), 77, 'workspace settings are read');
    await api.cluster.monitor.refresh();
    assert.deepEqual(api.cluster.tree.snapshot(), [], 'no cluster taken from the workspace');
    assert.deepEqual(api.cluster.monitor.clusters(), []);
  });

  it('does not let a workspace setting redirect a user cluster either', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'mine', prometheusUrl: url }], vscode.ConfigurationTarget.Global);
    try {
      await api.cluster.monitor.refresh();
      assert.deepEqual(api.cluster.tree.snapshot().map((s) => s.cluster), ['mine'], 'the user-level cluster is used');
      assert.ok(hits > 0, 'the user-level URL is contacted');
    } finally {
      await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('does not let a collector config in the workspace choose where the diagnosis sends requests', async () => {
    const prom = await emptyPrometheus();
    const health = await fakeServer((_req, res) => void res.writeHead(200).end('{}'));
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'otel-collector-config.yaml');
    try {
      await vscode.workspace.fs.writeFile(file, Buffer.from(collectorConfigWithHealth(health.port)));
      await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'mine', prometheusUrl: prom.url, timeoutSeconds: 2 }], vscode.ConfigurationTarget.Global);
      const result = await api.diagnose.run('mine', false);
      assert.ok(result!.configs.some((c) => c.uri.toString() === file.toString()), 'the collector config was read');
      assert.ok(prom.hits.length > 0, 'the user-level Prometheus was asked');
      assert.deepEqual(health.hits, [], 'the endpoint from the untrusted config was not');
    } finally {
      await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(file);
      await prom.close();
      await health.close();
    }
  });

  it('still gives language diagnostics', async () => {
    const { doc } = await openFixture('cloned-repo.json5');
    const we = new vscode.WorkspaceEdit();
    const i = doc.getText().indexOf('max_bytes');
    we.replace(doc.uri, new vscode.Range(doc.positionAt(i), doc.positionAt(i + 9)), 'max_bytez');
    assert.ok(await vscode.workspace.applyEdit(we));
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === 'nativelink' && /max_bytez/.test(d.message)), 'unknown key diagnostic');
    assert.ok(diags.length > 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
