import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { NativeLinkTestApi } from '../../client/src/extension';
import type { Features } from '../../client/src/features';
import { EXTENSION_ID } from './helpers';

const TOKEN = 's3cr3t-token-value';

/** A Prometheus look-alike that insists on a bearer token. */
function fakePrometheus(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.includes('buildinfo')) res.end('{"status":"success","data":{"version":"2.42.0"}}');
    else res.end('{"status":"success","data":["nativelink_execution_completed_count_total","up"]}');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

describe('Connect to Prometheus in real VS Code', function () {
  this.timeout(30_000);
  let api: Features;
  before(async () => {
    api = await ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as NativeLinkTestApi).features();
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await api.cluster.secrets.delete('nativelink.cluster.secured');
  });

  it('tests the connection with the token, then keeps the token in SecretStorage only', async () => {
    const fake = await fakePrometheus();
    try {
      const ok = await api.cluster.connect({ name: 'secured', prometheusUrl: fake.url, auth: { type: 'bearer' } }, TOKEN, async () => false);
      assert.equal(ok, true);
      assert.ok(fake.seen.includes(`Bearer ${TOKEN}`), 'the test request carried the token');
      const stored = vscode.workspace.getConfiguration('nativelink').inspect('clusters');
      assert.deepEqual(stored?.globalValue, [{ name: 'secured', prometheusUrl: fake.url, auth: { type: 'bearer' } }]);
      assert.ok(!JSON.stringify(stored).includes(TOKEN), 'no secret in settings');
      assert.deepEqual(JSON.parse((await api.cluster.secrets.get('nativelink.cluster.secured'))!), { url: fake.url, secret: TOKEN });
      // The monitor uses the stored secret.
      await api.cluster.monitor.refresh();
      const snap = api.cluster.tree.snapshot().find((s) => s.cluster === 'secured');
      assert.ok(snap && !/401|auth/i.test(snap.error ?? ''), `connected: ${snap?.error}`);
    } finally {
      fake.server.close();
    }
  });

  it('never sends a stored token to another URL under the same cluster name, and uses a rotated token at once', async () => {
    const fake = await fakePrometheus();
    const other = await fakePrometheus();
    try {
      assert.ok(await api.cluster.connect({ name: 'secured', prometheusUrl: fake.url, auth: { type: 'bearer' } }, TOKEN, async () => false));
      // Same name, different URL (a workspace setting, a typo): the secret stays home.
      await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'secured', prometheusUrl: other.url, auth: { type: 'bearer' } }], vscode.ConfigurationTarget.Global);
      await api.cluster.monitor.refresh();
      assert.ok(other.seen.length > 0, 'the other URL was queried');
      assert.ok(other.seen.every((h) => !h.includes(TOKEN)), 'without the token');
      // Back to the right URL, then rotate the secret: the next refresh carries the new one.
      await vscode.workspace.getConfiguration('nativelink').update('clusters', [{ name: 'secured', prometheusUrl: fake.url, auth: { type: 'bearer' } }], vscode.ConfigurationTarget.Global);
      await api.cluster.secrets.store('nativelink.cluster.secured', JSON.stringify({ url: fake.url, secret: 'rotated' }));
      fake.seen.length = 0;
      await api.cluster.monitor.refresh();
      assert.ok(fake.seen.includes('Bearer rotated'), `rotated token used: ${fake.seen.join(', ')}`);
    } finally {
      fake.server.close();
      other.server.close();
    }
  });

  it('does not save a cluster whose test fails unless the user insists', async () => {
    const fake = await fakePrometheus();
    try {
      let asked = '';
      const ok = await api.cluster.connect({ name: 'secured', prometheusUrl: fake.url, auth: { type: 'bearer' } }, 'wrong-token', async (m) => {
        asked = m;
        return false;
      });
      assert.equal(ok, false);
      assert.match(asked, /401|denied|auth|credentials/i);
      assert.ok(!asked.includes('wrong-token'), 'the message does not echo the secret');
      assert.equal(vscode.workspace.getConfiguration('nativelink').inspect('clusters')?.globalValue, undefined);
      assert.equal(await api.cluster.secrets.get('nativelink.cluster.secured'), undefined);
    } finally {
      fake.server.close();
    }
  });
});
