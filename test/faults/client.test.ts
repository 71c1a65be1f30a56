/**
 * Fault matrix, client level: the Prometheus client against one fake server per fault. Each case ends within its
 * timeout (a hang guard with a wide margin, not a speed test) with the right error kind, a message that says
 * what happened, and no form of the secret in the message or the log lines.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient, PromError } from '../../server/src/cluster/prometheus';
import { evaluateHealth } from '../../server/src/cluster/health';
import type { PromConnectionOptions } from '../../server/src/cluster/types';
import { assertNoSecret } from '../unit/cluster/secrets';
import { deadPort, faultServer, HUGE_BYTES, TLS_CERT, TOKEN, type Fault } from './faultServer';

const TIMEOUT_MS = 1000;
/** A case that has not ended after this long is a hang. */
const HANG_MS = TIMEOUT_MS * 6;

interface Outcome { error?: PromError; log: string; ms: number }

async function attempt(url: string, extra: Partial<PromConnectionOptions> = {}, call: (c: PrometheusClient) => Promise<unknown> = (c) => c.query('up')): Promise<Outcome> {
  const lines: string[] = [];
  const c = new PrometheusClient({ url, proxy: 'none', auth: { kind: 'bearer', token: TOKEN }, timeoutMs: TIMEOUT_MS, log: (l) => lines.push(l), ...extra });
  const started = Date.now();
  try {
    await call(c);
    return { log: lines.join('\n'), ms: Date.now() - started };
  } catch (e) {
    assert.ok(e instanceof PromError, `expected a PromError, got ${String(e)}`);
    return { error: e, log: lines.join('\n'), ms: Date.now() - started };
  } finally {
    await c.close();
  }
}

function check(o: Outcome, kind: string, message: RegExp): void {
  assert.ok(o.error, `expected a ${kind} error`);
  assert.equal(o.error.kind, kind, o.error.message);
  assert.match(o.error.message, message);
  assert.ok(o.ms < HANG_MS, `took ${o.ms} ms`);
  assertNoSecret(`${o.error.message}\n${o.error.stack}\n${o.log}`, TOKEN);
}

const MATRIX: Array<[Fault, string, RegExp]> = [
  ['refused', 'unreachable', /Nothing is listening at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/],
  ['slow', 'timeout', /did not answer \/api\/v1\/query within 1s/],
  ['401', 'auth', /refused the credentials \(HTTP 401\)/],
  ['403', 'auth', /refused the credentials \(HTTP 403\)/],
  ['500-echo', 'server', /answered HTTP 500 for \/api\/v1\/query \(upstream error/],
  ['html', 'not-prometheus', /with an HTML page instead of a Prometheus API response/],
  ['truncated-json', 'not-prometheus', /with invalid JSON/],
  ['dropped-socket', 'unreachable', /was dropped/],
  ['huge-chunked', 'server', /exceeded the 1 MB limit and was cut off/],
  ['redirect-loop', 'not-prometheus', /Too many redirects for \/api\/v1\/query/],
  ['tls', 'tls', /TLS connection to https:\/\/127\.0\.0\.1:\d+ failed/],
];

describe('fault matrix: Prometheus client', () => {
  for (const [fault, kind, message] of MATRIX) {
    it(`${fault}: ${kind}, "${message.source.slice(0, 50)}…", no secret`, async () => {
      const s = await faultServer(fault);
      try {
        // A 1 MB cap (the default is 10 MB) keeps the case far from its timeout on a busy machine.
        const o = await attempt(s.url, fault === 'huge-chunked' ? { maxResponseBytes: 1024 * 1024 } : {});
        check(o, kind, message);
        if (fault === 'huge-chunked') assert.ok(s.sent() < HUGE_BYTES / 4, `the server wrote ${s.sent()} bytes before the client hung up`);
      } finally {
        await s.close();
      }
    });
  }

  for (const auth of [{ kind: 'basic' as const, username: 'user', password: TOKEN }, { kind: 'header' as const, name: 'X-Api-Key', value: TOKEN }]) {
    it(`500 echoing ${auth.kind} credentials: no secret, nor its base64`, async () => {
      const s = await faultServer('500-echo');
      try {
        check(await attempt(s.url, { auth }), 'server', /HTTP 500/);
      } finally {
        await s.close();
      }
    });
  }

  it('self-signed TLS with its CA, and with skipTlsVerify: connects', async () => {
    const s = await faultServer('tls');
    try {
      for (const tls of [{ ca: readFileSync(TLS_CERT) }, { skipTlsVerify: true }]) {
        const o = await attempt(s.url, { tls }, (c) => c.buildinfo());
        assert.equal(o.error, undefined, o.error?.message);
      }
    } finally {
      await s.close();
    }
  });

  it('dead proxy: names the proxy (without its password), not the server', async () => {
    const s = await faultServer('healthy');
    const port = await deadPort();
    try {
      const o = await attempt(s.url, { proxy: { url: `http://proxyuser:proxy-pass-9f8e7d6c@127.0.0.1:${port}` } });
      check(o, 'unreachable', new RegExp(`the proxy http://127\\.0\\.0\\.1:${port} \\(from the proxy setting\\) is unreachable \\(connection refused\\)`));
      assert.doesNotMatch(o.error!.message, /Nothing is listening|proxy-pass|proxyuser/);
      // NO_PROXY for the server's host: direct, and healthy.
      const direct = await attempt(s.url, { proxy: { url: `http://127.0.0.1:${port}`, noProxy: '127.0.0.1' } }, (c) => c.buildinfo());
      assert.equal(direct.error, undefined, direct.error?.message);
    } finally {
      await s.close();
    }
  });

  it('redirects: same origin followed; another origin refused without sending the credentials there', async () => {
    const seen: string[] = [];
    const other = createServer((req, res) => {
      seen.push(String(req.headers.authorization ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success","data":{"version":"2.53.0"}}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const main = createServer((req, res) => {
      if (req.url?.startsWith('/prom/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"success","data":{"version":"2.53.0"}}');
      } else if (req.url?.startsWith('/away/')) {
        res.writeHead(302, { location: `${otherUrl}/api/v1/status/buildinfo` });
        res.end();
      } else {
        res.writeHead(301, { location: `/prom${req.url}` });
        res.end();
      }
    });
    await new Promise<void>((r) => main.listen(0, '127.0.0.1', () => r()));
    const mainUrl = `http://127.0.0.1:${(main.address() as AddressInfo).port}`;
    try {
      const ok = await attempt(mainUrl, {}, (c) => c.buildinfo());
      assert.equal(ok.error, undefined, ok.error?.message);
      const away = await attempt(`${mainUrl}/away`, {}, (c) => c.buildinfo());
      check(away, 'not-prometheus', /redirected \/api\/v1\/status\/buildinfo \(HTTP 302\) to another host or scheme/);
      assert.deepEqual(seen, [], 'nothing, and no credentials, reached the other origin');
    } finally {
      main.closeAllConnections();
      other.closeAllConnections();
      await new Promise<void>((r) => main.close(() => r()));
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('NaN/±Inf samples: every check unknown with the value and query, never ok', async () => {
    const s = await faultServer('non-finite');
    const c = new PrometheusClient({ url: s.url, proxy: 'none', auth: { kind: 'bearer', token: TOKEN }, timeoutMs: TIMEOUT_MS });
    try {
      const rep = await evaluateHealth(c);
      assert.notEqual(rep.status, 'ok');
      for (const chk of rep.checks) {
        assert.notEqual(chk.status, 'ok', `${chk.id}: ${chk.display}`);
        assert.doesNotMatch(`${chk.display} ${chk.reason}`, /Infinity|NaN%/);
      }
      assert.ok(rep.checks.some((x) => /^unknown, because Prometheus returned (NaN|\+Inf|-Inf) for /.test(x.reason ?? '')), JSON.stringify(rep.checks.map((x) => x.reason)));
    } finally {
      await c.close();
      await s.close();
    }
  });
});
