import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { NativeLinkTestApi } from '../../client/src/extension';
import { ServerInfoRequest, type ServerInfo } from '../../server/src/protocol';
import { EXTENSION_ID, openFixture, revertAll, waitFor, waitForDiagnostics } from './helpers';

/** Runs last (zz-): kills the language server and expects the client to bring it back. */
describe('language server crash recovery', function () {
  this.timeout(60_000);
  afterEach(revertAll);

  it('restarts a killed server and keeps publishing diagnostics', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as NativeLinkTestApi;
    const client = await api.client();
    const before = await client.sendRequest<ServerInfo>(ServerInfoRequest);
    const stopped = new Promise<void>((resolve) => {
      const sub = client.onDidChangeState((e) => {
        if (e.newState !== State.Running) {
          sub.dispose();
          resolve();
        }
      });
    });
    process.kill(before.pid, 'SIGKILL');
    await stopped;
    await waitFor(() => client.state === State.Running, 'client running again', 30_000);
    const after = await client.sendRequest<ServerInfo>(ServerInfoRequest);
    assert.notEqual(after.pid, before.pid, 'a new server process');
    const { doc } = await openFixture('lang-nativelink.json5');
    const we = new vscode.WorkspaceEdit();
    const i = doc.getText().indexOf('socket_address');
    we.replace(doc.uri, new vscode.Range(doc.positionAt(i), doc.positionAt(i + 'socket_address'.length)), 'socket_adress');
    assert.ok(await vscode.workspace.applyEdit(we));
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === 'nativelink' && /socket_adress/.test(d.message)), 'diagnostics from the restarted server');
  });
});
