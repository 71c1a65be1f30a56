import * as assert from 'node:assert/strict';
import { proxyProblem, proxyRoute, proxyUrls } from '../../../server/src/cluster/dispatcher';

describe('proxy routing (one rule for Prometheus and collector requests)', () => {
  const env = { HTTP_PROXY: 'http://u:pw-secret@proxy.corp:3128', HTTPS_PROXY: 'http://sproxy.corp:8080', NO_PROXY: 'localhost,.internal,10.0.0.5:9090' };

  it('picks the variable undici uses, and shows the proxy without credentials', () => {
    assert.deepEqual(proxyRoute('http://prom.example:9090', 'env', env), { url: 'http://proxy.corp:3128', source: 'HTTP_PROXY' });
    assert.deepEqual(proxyRoute('https://prom.example', 'env', env), { url: 'http://sproxy.corp:8080', source: 'HTTPS_PROXY' });
    // https falls back to the HTTP proxy; http never uses HTTPS_PROXY.
    assert.deepEqual(proxyRoute('https://prom.example', 'env', { HTTP_PROXY: env.HTTP_PROXY }), { url: 'http://proxy.corp:3128', source: 'HTTP_PROXY' });
    assert.equal(proxyRoute('http://prom.example', 'env', { HTTPS_PROXY: env.HTTPS_PROXY }), undefined);
    // Lower case wins, as in undici.
    assert.equal(proxyRoute('http://prom.example', 'env', { http_proxy: 'http://low:1', HTTP_PROXY: 'http://up:2' })?.source, 'http_proxy');
  });

  it('honours NO_PROXY: host, domain suffix, host:port and *', () => {
    assert.equal(proxyRoute('http://localhost:9090', 'env', env), undefined);
    assert.equal(proxyRoute('http://prom.internal:9090', 'env', env), undefined);
    assert.equal(proxyRoute('http://10.0.0.5:9090', 'env', env), undefined);
    assert.ok(proxyRoute('http://10.0.0.5:9091', 'env', env));
    assert.equal(proxyRoute('http://anything', 'env', { ...env, NO_PROXY: '*' }), undefined);
    assert.equal(proxyRoute('http://anything', 'none', env), undefined);
    assert.equal(proxyRoute('http://a.b', { url: 'http://p:1', noProxy: 'a.b' }), undefined);
  });

  it('proxy URLs (with credentials) are known so their passwords can be redacted', () => {
    assert.ok(proxyUrls('env', env).some((u) => u.includes('pw-secret')));
  });

  it('describes what failed at the proxy', () => {
    const route = { url: 'http://proxy.corp:3128', source: 'HTTPS_PROXY' };
    assert.match(proxyProblem(route, 'ECONNREFUSED', '') ?? '', /the proxy http:\/\/proxy\.corp:3128 \(from HTTPS_PROXY\) is unreachable \(connection refused\)/);
    assert.match(proxyProblem(route, 'UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling') ?? '', /requires credentials/);
    assert.match(proxyProblem(route, 'UND_ERR_ABORTED', 'Proxy response (502) !== 200 when HTTP Tunneling') ?? '', /could not connect to the server \(it answered HTTP 502\)/);
    assert.equal(proxyProblem(undefined, 'ECONNREFUSED', ''), undefined);
    assert.equal(proxyProblem(route, 'ECONNRESET', ''), undefined);
  });
});
