import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnnotateCommand } from '../../../server/src/cli/annotate';
import { redactedIo } from '../../../server/src/cli/cluster';
import { PrometheusClient } from '../../../server/src/cluster/prometheus';
import { assertNoSecret } from '../cluster/secrets';

const TOKEN = 'tok-3f9a8b7c6d5e4f3a2b1c';

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runAnnotateCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env });
  return { code, out, err };
}

describe('nativelink-check annotate: usage and secrets', () => {
  let dir: string;
  let server: Server;
  let url: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nl-annotate-unit-'));
    writeFileSync(join(dir, 'c.json5'), '{ stores: [{ name: "A", cache_metrics: { cache_type: "cas", backend: { memory: {} } } }] }');
    // A broken Prometheus that echoes the Authorization header back in its error body.
    server = createServer((req, res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end(`upstream said: ${req.headers.authorization} is invalid`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((r) => server.close(r));
  });

  it('needs --prometheus and at least one file; --help exits 0', async () => {
    assert.equal((await cli(['--help'])).code, 0);
    assert.match((await cli([join(dir, 'c.json5')])).err, /--prometheus URL is required/);
    assert.match((await cli(['--prometheus', url])).err, /at least one config file/);
    assert.equal((await cli(['--prometheus', url, '--window', 'five', join(dir, 'c.json5')])).code, 64);
  });

  it('refuses a token on the command line and never prints one echoed by the server', async () => {
    const bad = await cli(['--prometheus', url, '--bearer-token', TOKEN, join(dir, 'c.json5')]);
    assert.equal(bad.code, 64);
    const r = await cli(['--prometheus', url, '--bearer-token-env', 'T', join(dir, 'c.json5')], { T: TOKEN });
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read metric names/);
    assertNoSecret(r.out + r.err, TOKEN, 'annotate output');
  });

  it('every CLI command prints through one redactor: the token and its base64 never reach stdout or stderr', async () => {
    const client = new PrometheusClient({ url: 'http://127.0.0.1:9', auth: { kind: 'bearer', token: TOKEN }, proxy: 'none' });
    let out = '';
    const io = redactedIo({ stdout: (s) => (out += s), stderr: (s) => (out += s), env: {} }, client);
    io.stdout(`label value echoed ${TOKEN}\n`);
    io.stderr(`header Bearer ${Buffer.from(TOKEN).toString('base64')}\n`);
    await client.close();
    assert.match(out, /label value echoed/);
    assertNoSecret(out, TOKEN, 'redacted output');
  });
});
