/**
 * Runs first (files run in name order): activation loads neither the cluster engine nor the diagnosis,
 * the language client starts for a NativeLink file, and showing the view loads the rest. The timings the
 * extension recorded go to dist/activation.json, which `npm run bench` reports beside the bundle sizes.
 */
import * as assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { NativeLinkTestApi } from '../../client/src/extension';
import { ServerInfoRequest, type ServerInfo } from '../../server/src/protocol';
import { EXTENSION_ID, openFixture, revertAll, waitFor } from './helpers';

describe('activation is light', function () {
  this.timeout(60_000);
  let api: NativeLinkTestApi;
  const ext = () => vscode.extensions.getExtension(EXTENSION_ID)!;

  after(async () => {
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!api) return;
    const dist = join(ext().extensionPath, 'dist');
    const bytes = Object.fromEntries(['extension', 'languageClient', 'features'].map((b) => [b, statSync(join(dist, `${b}.js`)).size]));
    writeFileSync(
      join(dist, 'activation.json'),
      JSON.stringify({ when: new Date().toISOString(), vscode: vscode.version, host: `${process.platform} node ${process.version}`, timing: api.timing, developmentBundleBytes: bytes }, null, 2),
    );
  });

  it('activates on a NativeLink file and starts the language client, without the cluster view or the diagnosis', async () => {
    const { doc } = await openFixture('nativelink.json5');
    api = (await ext().activate()) as NativeLinkTestApi;
    assert.ok(api?.timing, 'activate() returns the test API when NATIVELINK_EXTENSION_TEST=1');
    assert.equal(api.loaded().features, false, 'the cluster engine and the diagnosis are not loaded at activation');
    await waitFor(() => api.loaded().client, 'the language client to start for an open NativeLink config');
    const info = await (await api.client()).sendRequest<ServerInfo>(ServerInfoRequest);
    assert.ok(info.pid > 0, 'the lazily started server answers');
    assert.equal(doc.languageId, 'json5');
    for (const k of ['activateMs', 'moduleMs', 'clientModuleMs', 'clientStartMs'] as const) {
      assert.ok(Number.isFinite(api.timing[k]) && api.timing[k]! >= 0, `timing.${k} is recorded (${api.timing[k]})`);
    }
  });

  it('loads the cluster view and the diagnosis when the view is shown', async () => {
    await vscode.commands.executeCommand('nativelink.health.focus');
    await waitFor(() => api.loaded().features, 'the view to load its engine when shown');
    const features = await api.features();
    await waitFor(() => features.cluster.view.visible, 'the view to be visible');
    assert.ok(Number.isFinite(api.timing.featuresMs), 'features load time recorded');
    // The real commands replaced the stubs: running one does not load anything again.
    await vscode.commands.executeCommand('nativelink.health.refresh');
    await vscode.commands.executeCommand('workbench.view.explorer');
  });
});
