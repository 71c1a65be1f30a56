import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient, PromError, parseSampleValue } from '../../../server/src/cluster/prometheus';
import { queryRangeSeries } from '../../../server/src/cluster/health';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function expectPromError(p: Promise<unknown>, kind: string): Promise<PromError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PromError, `expected PromError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

const SECRET = 's3cr3t-T0KEN-value';

describe('PrometheusClient (local http servers)', () => {
  const closers: Array<() => Promise<void>> = [];
  const clients: PrometheusClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  function client(url: string, extra: Partial<ConstructorParameters<typeof PrometheusClient>[0]> = {}): PrometheusClient {
    const c = new PrometheusClient({ url, proxy: 'none', ...extra });
    clients.push(c);
    return c;
  }
  async function server(h: Handler) {
    const s = await serve(h);
    closers.push(s.close);
    return s;
  }

  it('parses NaN/+Inf/-Inf values and keeps the path prefix', async () => {
    let path = '';
    const s = await server((req, res) => {
      path = req.url ?? '';
      json(res, 200, { status: 'success', data: { resultType: 'vector', result: [
        { metric: { a: '1' }, value: [1700000000.5, 'NaN'] },
        { metric: { a: '2' }, value: [1700000000.5, '+Inf'] },
        { metric: { a: '3' }, value: [1700000000.5, '-Inf'] },
        { metric: { a: '4' }, value: [1700000000.5, '0.25'] },
      ] } });
    });
    const r = await client(`${s.url}/prometheus/`).query('up', 1700000000);
    assert.ok(path.startsWith('/prometheus/api/v1/query?'), path);
    assert.match(path, /time=1700000000\.000/);
    assert.equal(r.resultType, 'vector');
    if (r.resultType !== 'vector') return;
    assert.ok(Number.isNaN(r.result[0].value[1]));
    assert.equal(r.result[1].value[1], Infinity);
    assert.equal(r.result[2].value[1], -Infinity);
    assert.equal(r.result[3].value[1], 0.25);
    assert.equal(parseSampleValue('1e3'), 1000);
  });

  for (const [name, auth, header, expected] of [
    ['bearer', { kind: 'bearer', token: SECRET }, 'authorization', `Bearer ${SECRET}`],
    ['basic', { kind: 'basic', username: 'u', password: SECRET }, 'authorization', `Basic ${Buffer.from(`u:${SECRET}`).toString('base64')}`],
    ['custom header', { kind: 'header', name: 'X-Scope-OrgID', value: SECRET }, 'x-scope-orgid', SECRET],
  ] as const) {
    it(`sends ${name} auth and never leaks it in errors`, async () => {
      let seen: string | undefined;
      const s = await server((req, res) => {
        seen = req.headers[header] as string | undefined;
        if (seen === expected) json(res, 200, { status: 'success', data: { version: '2.42.0' } });
        else {
          res.writeHead(401, { 'content-type': 'text/plain' });
          res.end(`bad credentials: ${req.headers[header]}`);
        }
      });
      const ok = await client(s.url, { auth }).buildinfo();
      assert.equal(ok.version, '2.42.0');
      assert.equal(seen, expected);
      // Wrong credentials → auth error; the server echoes the header, we must not.
      const wrong = client(s.url, { auth: auth.kind === 'header' ? { ...auth, value: `${SECRET}x` } : auth.kind === 'bearer' ? { ...auth, token: `${SECRET}x` } : { ...auth, password: `${SECRET}x` } });
      const e = await expectPromError(wrong.buildinfo(), 'auth');
      assert.ok(!e.message.includes(SECRET), e.message);
      assert.ok(!String(e.stack).includes(SECRET));
    });
  }

  it('credentials in the URL become basic auth and are redacted from messages', async () => {
    let auth = '';
    const s = await server((req, res) => {
      auth = String(req.headers.authorization);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    const u = new URL(s.url);
    const c = client(`http://admin:${SECRET}@${u.host}`);
    const e = await expectPromError(c.query('up'), 'server');
    assert.equal(auth, `Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`);
    assert.ok(!e.message.includes(SECRET) && !e.message.includes('admin:'), e.message);
    assert.ok(!c.baseUrl.includes(SECRET));
  });

  it('server that never answers → timeout within the configured time', async () => {
    const s = await server(() => { /* never answers */ });
    const started = Date.now();
    const e = await expectPromError(client(s.url, { timeoutMs: 300 }).query('up'), 'timeout');
    const took = Date.now() - started;
    assert.ok(took >= 280 && took < 1500, `took ${took} ms`);
    assert.match(e.message, /0\.3s/);
  });

  it('caller cancellation → cancelled', async () => {
    const s = await server(() => { /* never answers */ });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await expectPromError(client(s.url, { timeoutMs: 5000 }).query('up', undefined, { signal: ac.signal }), 'cancelled');
  });

  it('slow but in-time answer succeeds', async () => {
    const s = await server((_req, res) => setTimeout(() => json(res, 200, { status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }), 200));
    const r = await client(s.url, { timeoutMs: 2000 }).query('1+1');
    assert.deepEqual(r, { resultType: 'scalar', result: [1, 2] });
  });

  it('connection refused → unreachable', async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    const e = await expectPromError(client(url).query('up'), 'unreachable');
    assert.match(e.message, /connection refused/);
  });

  it('HTML page → not-prometheus', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Grafana login</body></html>');
    });
    const e = await expectPromError(client(s.url).query('up'), 'not-prometheus');
    assert.match(e.message, /HTML/);
  });

  it('JSON without a Prometheus envelope → not-prometheus; text 404 → not-prometheus', async () => {
    const s = await server((req, res) => {
      if (req.url?.startsWith('/api/v1/query')) json(res, 200, { hello: 'world' });
      else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
      }
    });
    await expectPromError(client(s.url).query('up'), 'not-prometheus');
    const e = await expectPromError(client(s.url).targets(), 'not-prometheus');
    assert.equal(e.status, 404);
  });

  it('500 → server; 503 text → server with a hint', async () => {
    const s = await server((req, res) => {
      if (req.url?.includes('query_range')) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('Service Unavailable');
      } else json(res, 500, { status: 'error', errorType: 'internal', error: 'disk on fire' });
    });
    const e = await expectPromError(client(s.url).query('up'), 'server');
    assert.match(e.message, /disk on fire/);
    const e2 = await expectPromError(client(s.url).queryRange('up', 0, 60, 15), 'server');
    assert.match(e2.message, /503/);
  });

  it('400/422 → bad-query with Prometheus\' error text', async () => {
    const s = await server((req, res) => {
      if (req.url?.includes('bad')) json(res, 400, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis' });
      else json(res, 422, { status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed' });
    });
    const e = await expectPromError(client(s.url).query('bad('), 'bad-query');
    assert.match(e.message, /unclosed left parenthesis/);
    const e2 = await expectPromError(client(s.url).query('a * b'), 'bad-query');
    assert.match(e2.message, /many-to-many/);
  });

  it('oversized body is cut off (declared and streamed)', async () => {
    const big = 'x'.repeat(64 * 1024);
    const s = await server((req, res) => {
      if (req.url?.includes('declared')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
        res.write('{');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      let n = 0;
      const pump = () => {
        while (n < 200 && res.write(big)) n++;
        if (n < 200) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const c = client(s.url, { maxResponseBytes: 1024 * 1024 });
    const e = await expectPromError(c.query('up'), 'server');
    assert.equal(e.code, 'too-large');
    const e2 = await expectPromError(c.labelValues('declared'), 'server');
    assert.equal(e2.code, 'too-large');
  });

  it('long queries are sent as POST form bodies', async () => {
    let method = '';
    let body = '';
    const s = await server((req, res) => {
      method = req.method ?? '';
      req.on('data', (d) => (body += d));
      req.on('end', () => json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    const q = `sum(${'up + '.repeat(600)}up)`;
    await client(s.url).query(q);
    assert.equal(method, 'POST');
    assert.equal(new URLSearchParams(body).get('query'), q);
  });

  it('ready(): 200 ready, 503 loading, 404 unsupported; label values, series, rules, statusConfig', async () => {
    let readyStatus = 200;
    const s = await server((req, res) => {
      const u = req.url ?? '';
      if (u === '/-/ready') {
        res.writeHead(readyStatus, { 'content-type': 'text/plain' });
        res.end(readyStatus === 200 ? 'Prometheus Server is Ready.' : 'Service Unavailable');
      } else if (u.startsWith('/api/v1/label/__name__/values')) json(res, 200, { status: 'success', data: ['up', 'nativelink_target_info'] });
      else if (u.startsWith('/api/v1/label/U__execution_2e_result/values')) json(res, 200, { status: 'success', data: ['success'] });
      else if (u.startsWith('/api/v1/series')) json(res, 200, { status: 'success', data: [{ __name__: 'up', job: 'x' }] });
      else if (u.startsWith('/api/v1/rules')) json(res, 200, { status: 'success', data: { groups: [{ name: 'g', file: 'f', interval: 30, rules: [] }] } });
      else if (u.startsWith('/api/v1/status/config')) json(res, 200, { status: 'success', data: { yaml: 'global: {}' } });
      else if (u.startsWith('/api/v1/targets')) json(res, 200, { status: 'success', data: { activeTargets: [{ health: 'up', labels: { job: 'p' } }], droppedTargets: [] } });
      else if (u.startsWith('/api/v1/query_range')) json(res, 200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'p' }, values: [[100, '1'], [130, '2']] }] } });
      else json(res, 404, {});
    });
    const c = client(s.url);
    assert.deepEqual((await c.ready()).ready, true);
    readyStatus = 503;
    assert.deepEqual((await c.ready()).ready, false);
    readyStatus = 404;
    assert.deepEqual((await c.ready()).ready, null);
    assert.deepEqual(await c.labelValues('__name__'), ['up', 'nativelink_target_info']);
    assert.deepEqual(await c.labelValues('execution.result'), ['success']);
    assert.equal((await c.series(['up']))[0].job, 'x');
    assert.equal((await c.rules())[0].name, 'g');
    assert.equal((await c.statusConfig()).yaml, 'global: {}');
    assert.equal((await c.targets()).activeTargets[0].health, 'up');
    const trend = await queryRangeSeries(c, 'up', { end: 200_000, rangeSeconds: 100 });
    assert.deepEqual(trend[0].points, [[100_000, 1], [130_000, 2]]);
  });

  it('TLS against a plain-HTTP server → tls or unreachable, with advice', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const e = await (client(s.url.replace('http:', 'https:'), { timeoutMs: 2000 }).query('up').then(() => null, (x) => x as PromError));
    assert.ok(e instanceof PromError);
    assert.ok(e.kind === 'tls' || e.kind === 'unreachable', `${e.kind}: ${e.message}`);
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const sockets = new Set<unknown>();
    const s = await server((req, res) => {
      sockets.add(req.socket);
      json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
    });
    const c = client(s.url);
    for (let i = 0; i < 10; i++) await c.query('up');
    // The first socket may be released a tick after the body ends; after that one pooled socket is reused.
    assert.ok(sockets.size <= 2, `${sockets.size} sockets for 10 requests`);
  });

  it('an invalid URL is reported in plain words', () => {
    assert.throws(() => new PrometheusClient({ url: 'not a url' }), /not a valid URL/);
    assert.throws(() => new PrometheusClient({ url: 'ftp://x' }), /http:\/\/ or https:\/\//);
  });
});
