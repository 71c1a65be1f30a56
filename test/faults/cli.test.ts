/**
 * Fault matrix, command line: `nativelink-check cluster` against one fake Prometheus per fault, in every output
 * format. Each case ends within its budget with the right exit code, says what happened, and prints no form of
 * the secret on stdout or stderr. The proxy cases run the built CLI (dist/cli.js) as a child process, because
 * proxies come from the environment.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createHttp, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { runClusterCommand, EXIT_CRITICAL } from '../../server/src/cli/cluster';
import { REPO_ROOT } from '../sharedPaths';
import { assertNoSecret } from '../unit/cluster/secrets';
import { deadPort, faultServer, INJECTED, TLS_CERT, TOKEN, type Fault } from './faultServer';

const FORMATS = ['text', 'json', 'markdown'] as const;
const BUDGET_S = 3;
/** A case that has not ended after this long is a hang (wide margin over the budget: not a speed test). */
const HANG_MS = BUDGET_S * 1000 * 4;
const ENV = { NL_TOKEN: TOKEN };

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  let out = '';
  let err = '';
  const started = Date.now();
  const code = await runClusterCommand([...args, '--bearer-token-env', 'NL_TOKEN'], { stdout: (s) => (out += s), stderr: (s) => (err += s), env: ENV });
  return { code, out, err, ms: Date.now() - started };
}

/** The built CLI in a child process with its own environment (proxies). */
function spawnCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'cluster', ...args, '--bearer-token-env', 'NL_TOKEN'], { env: { ...clean, ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err, ms: Date.now() - started });
    });
  });
}

/** What each fault must print (any format) and its exit code. */
const MATRIX: Array<[Fault, number, RegExp]> = [
  ['refused', EXIT_CRITICAL, /Nothing is listening at http:\/\/127\.0\.0\.1:\d+/],
  ['slow', EXIT_CRITICAL, /did not answer/],
  ['401', EXIT_CRITICAL, /refused the credentials \(HTTP 401\)/],
  ['403', EXIT_CRITICAL, /refused the credentials \(HTTP 403\)/],
  ['500-echo', EXIT_CRITICAL, /HTTP 500/],
  ['html', EXIT_CRITICAL, /an HTML page/],
  ['truncated-json', EXIT_CRITICAL, /invalid JSON/],
  ['dropped-socket', EXIT_CRITICAL, /was dropped/],
  ['huge-chunked', EXIT_CRITICAL, /exceeded the 10 MB limit|did not answer/],
  ['redirect-loop', EXIT_CRITICAL, /Too many redirects/],
  ['tls', EXIT_CRITICAL, /TLS connection to https:\/\/127\.0\.0\.1:\d+ failed/],
];

function checkOutput(r: { out: string; err: string; ms: number }, format: string): void {
  assert.ok(r.ms < HANG_MS, `took ${r.ms} ms`);
  assertNoSecret(`${r.out}\n${r.err}`, TOKEN, format);
  if (format === 'json') assert.doesNotThrow(() => JSON.parse(r.out), 'stdout is one JSON document');
}

describe('fault matrix: nativelink-check cluster', () => {
  for (const [fault, exit, message] of MATRIX) {
    it(`${fault}: exit ${exit}, says /${message.source.slice(0, 40)}/, no secret (${FORMATS.join('/')})`, async () => {
      const s = await faultServer(fault);
      try {
        for (const format of FORMATS) {
          const r = await cli(['--prometheus', s.url, '--format', format, '--timeout', String(fault === 'huge-chunked' ? BUDGET_S * 2 : BUDGET_S)]);
          checkOutput(r, format);
          assert.equal(r.code, exit, `${format}: ${r.out}${r.err}`);
          // Markdown escapes the message's punctuation; compare on the unescaped text.
          assert.match(r.out.replace(/\\(.)/g, '$1'), message, format);
        }
      } finally {
        await s.close();
      }
    });
  }

  it('self-signed TLS with --ca-file: connects (no TLS finding)', async () => {
    const s = await faultServer('tls');
    try {
      const r = await cli(['--prometheus', s.url, '--ca-file', TLS_CERT, '--format', 'json', '--timeout', String(BUDGET_S)]);
      checkOutput(r, 'json');
      assert.doesNotMatch(r.out, /TLS connection/, r.out);
      assert.ok(JSON.parse(r.out).passed.includes('prometheus-ready'), r.out);
      // The same answers over plain http give the same verdict: TLS changed nothing.
      const plain = await faultServer('healthy');
      try {
        const p = await cli(['--prometheus', plain.url, '--format', 'json', '--timeout', String(BUDGET_S)]);
        assert.equal(r.code, p.code, r.out);
        assert.deepEqual(JSON.parse(r.out).passed, JSON.parse(p.out).passed);
      } finally {
        await plain.close();
      }
    } finally {
      await s.close();
    }
  });

  it('self-signed TLS: a TLS finding naming --skip-tls-verify; with --skip-tls-verify: connects', async () => {
    const s = await faultServer('tls');
    try {
      const refused = await cli(['--prometheus', s.url, '--format', 'text', '--timeout', String(BUDGET_S)]);
      assert.match(refused.out, /TLS connection/, refused.out);
      assert.match(refused.out, /--skip-tls-verify/, refused.out);
      const r = await cli(['--prometheus', s.url, '--skip-tls-verify', '--format', 'json', '--timeout', String(BUDGET_S)]);
      checkOutput(r, 'json');
      assert.doesNotMatch(r.out, /TLS connection/, r.out);
      assert.ok(JSON.parse(r.out).passed.includes('prometheus-ready'), r.out);
      const both = await cli(['--prometheus', s.url, '--skip-tls-verify', '--ca-file', TLS_CERT]);
      assert.equal(both.code, 64, both.err);
      assert.match(both.err, /contradict/);
      const valued = await cli(['--prometheus', s.url, '--skip-tls-verify=yes']);
      assert.match(valued.err, /takes no value/);
    } finally {
      await s.close();
    }
  });

  it('NaN/±Inf samples: unknown with the value, never "Infinity%" nor "accepts no metric points"', async () => {
    const s = await faultServer('non-finite');
    try {
      let unknownInText: string[] = [];
      for (const format of FORMATS) {
        const r = await cli(['--prometheus', s.url, '--format', format, '--timeout', String(BUDGET_S)]);
        checkOutput(r, format);
        const text = r.out.replace(/\\(.)/g, '$1');
        if (format === 'json') {
          // The JSON document lists findings and passed checks only: none of the unknown ones may be "passed".
          const passed: string[] = JSON.parse(r.out).passed;
          for (const id of unknownInText) assert.ok(!passed.includes(id), `${id} is unknown but passed in JSON`);
        } else {
          assert.match(text, /unknown, because Prometheus returned (NaN|\+Inf|-Inf) for /, format);
        }
        if (format === 'text') unknownInText = [...text.matchAll(/^not checked: ([\w-]+) — unknown, because/gm)].map((m) => m[1]);
        assert.doesNotMatch(text, /Infinity|NaN%|accepts no metric points|has not accepted/, format);
        assert.notEqual(r.code, EXIT_CRITICAL, `${format}: a non-finite value made a critical finding: ${r.out}`);
      }
    } finally {
      await s.close();
    }
  });

  it('Markdown/HTML and the token in label values: escaped in Markdown, redacted everywhere', async () => {
    const s = await faultServer('label-injection');
    try {
      for (const format of FORMATS) {
        const r = await cli(['--prometheus', s.url, '--format', format, '--timeout', String(BUDGET_S)]);
        checkOutput(r, format);
        if (format === 'markdown') {
          assert.doesNotMatch(r.out, /<img|\]\(http:\/\/evil/, r.out);
        }
      }
      // The labels did reach the report (so the checks above are not vacuous).
      const r = await cli(['--prometheus', s.url, '--format', 'text', '--timeout', String(BUDGET_S)]);
      assert.ok(r.out.includes('tenant ***') || r.out.includes(INJECTED.html), r.out);
    } finally {
      await s.close();
    }
  });

  it('dead HTTP_PROXY: says the proxy is unreachable and which variable, for Prometheus and the collector', async () => {
    const prom = await faultServer('healthy');
    const port = await deadPort();
    try {
      for (const format of FORMATS) {
        const r = await spawnCli(['--prometheus', prom.url, '--collector-health', 'http://127.0.0.1:1/', '--format', format, '--timeout', String(BUDGET_S)], { HTTP_PROXY: `http://proxyuser:proxy-pass-9f8e7d6c@127.0.0.1:${port}` });
        checkOutput(r, format);
        assert.equal(r.code, EXIT_CRITICAL, r.out + r.err);
        const text = r.out.replace(/\\(.)/g, '$1');
        const says = new RegExp(`the proxy http://127\\.0\\.0\\.1:${port} \\(from HTTP_PROXY\\) is unreachable`, 'g');
        assert.ok((text.match(says) ?? []).length >= 2, `both Prometheus and the collector name the proxy (${format}): ${text}`);
        assert.doesNotMatch(text, /Nothing is listening|proxy-pass|proxyuser/);
      }
    } finally {
      await prom.close();
    }
  });

  it('NO_PROXY for the hosts: direct, no proxy error', async () => {
    const prom = await faultServer('healthy');
    const port = await deadPort();
    try {
      const r = await spawnCli(['--prometheus', prom.url, '--format', 'json', '--timeout', String(BUDGET_S)], { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '127.0.0.1' });
      checkOutput(r, 'json');
      assert.equal(JSON.parse(r.out).prometheusError, undefined, r.out);
      assert.doesNotMatch(r.out, /proxy/);
    } finally {
      await prom.close();
    }
  });

  it('a live proxy carries the collector health request too (one dispatcher for both)', async () => {
    const prom = await faultServer('healthy');
    const collector = createHttp((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"Server available"}');
    });
    const tunnels: string[] = [];
    const sockets = new Set<Socket>();
    const proxy: Server = createHttp();
    proxy.on('connect', (req, client: Socket) => {
      tunnels.push(String(req.url));
      const [host, p] = String(req.url).split(':');
      const upstream = connect(Number(p), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const cport = (collector.address() as AddressInfo).port;
    const pport = (proxy.address() as AddressInfo).port;
    try {
      const r = await spawnCli(['--prometheus', prom.url, '--collector-health', `http://127.0.0.1:${cport}/`, '--format', 'json', '--timeout', String(BUDGET_S)], { HTTP_PROXY: `http://127.0.0.1:${pport}` });
      checkOutput(r, 'json');
      assert.ok(tunnels.includes(`127.0.0.1:${cport}`), `collector request went through the proxy: ${tunnels.join(', ')}`);
      assert.ok(tunnels.includes(new URL(prom.url).host), `Prometheus requests went through the proxy: ${tunnels.join(', ')}`);
      assert.ok(JSON.parse(r.out).passed.includes('collector-health'), r.out);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
      collector.closeAllConnections();
      await new Promise<void>((r) => collector.close(() => r()));
      await prom.close();
    }
  });
});
