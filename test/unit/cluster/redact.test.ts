import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redactor, stripUserinfo } from '../../../server/src/cluster/redact';
import { PrometheusClient, PromError } from '../../../server/src/cluster/prometheus';
import { evaluateHealth } from '../../../server/src/cluster/health';
import { FakeProm, namesFor } from './fakeClient';
import { assertNoSecret } from './secrets';

const TOKEN = 'glc_eyJvIjoiNzc3IiwibiI6InN0YWNrLTEyMyJ9Zz9Q';

describe('Redactor', () => {
  const r = new Redactor([TOKEN]);

  it('masks the token, its URL-encoding, base64 at every alignment and base64url', () => {
    for (const pre of ['', 'a', 'ab', 'user:', 'x:']) {
      const b = Buffer.from(`${pre}${TOKEN}!`).toString('base64');
      assert.ok(!r.redact(`Basic ${b}`).includes(b.slice(4, 20)), `prefix "${pre}": ${r.redact(b)}`);
      assert.ok(!r.redact(Buffer.from(`${pre}${TOKEN}`).toString('base64url')).includes(Buffer.from(TOKEN).toString('base64url').slice(4, 16)));
    }
    assertNoSecret(r.redact(`q=${encodeURIComponent(TOKEN)}&x=1`), TOKEN);
    assertNoSecret(r.redact(JSON.stringify({ t: TOKEN })), TOKEN);
  });

  it('masks fragments of 8+ characters left by a cut, at the start, middle or end', () => {
    assert.equal(r.redact(`invalid token ${TOKEN.slice(0, 12)}…`), 'invalid token ***…');
    assert.equal(r.redact(`${TOKEN.slice(-9)} rejected`), '*** rejected');
    assert.equal(r.redact(`a ${TOKEN.slice(5, 20)} b`), 'a *** b');
    // Shorter pieces are ordinary text.
    assert.equal(r.redact(`x ${TOKEN.slice(0, 7)} y`), `x ${TOKEN.slice(0, 7)} y`);
  });

  it('masks a token whose whitespace was collapsed or removed', () => {
    const spaced = new Redactor(['abc   def\tghi jkl']);
    assert.equal(spaced.redact('got abc def ghi jkl'), 'got ***');
    assert.equal(spaced.redact('got abcdefghijkl'), 'got ***');
  });

  it('masks URL userinfo and Authorization values whatever the secret', () => {
    const none = new Redactor();
    assert.equal(none.redact('see http://bob:pw@host:1/x and https://tok@h'), 'see http://***@host:1/x and https://***@h');
    assert.equal(none.redact('Authorization: Bearer abc.def'), 'Authorization: Bearer ***');
  });

  it('redactDeep copies and masks every string, keys included', () => {
    const v = r.redactDeep({ a: [TOKEN, 1, { [TOKEN]: `x${TOKEN}` }], n: null });
    assertNoSecret(JSON.stringify(v), TOKEN);
    assert.deepEqual(v, { a: ['***', 1, { '***': 'x***' }], n: null });
  });

  it('is linear: a 1 MB text is redacted quickly', () => {
    const big = `${'x'.repeat(1_000_000)}${TOKEN}`;
    assert.equal(r.redact(big).endsWith('***'), true);
  });

  it('stripUserinfo never returns a password, even from a URL that does not parse', () => {
    for (const u of ['http://user:hunter22secret@host:99999', 'user:hunter22secret@host', 'http://u:hunter22/secret@h', 'ftp:/u:hunter22secret@x']) {
      assert.ok(!stripUserinfo(u).includes('hunter22'), stripUserinfo(u));
    }
    assert.equal(stripUserinfo('http://host:9090/x'), 'http://host:9090/x');
  });
});

describe('PrometheusClient redaction before cutting', () => {
  let server: Server;
  let url = '';
  let body = '';
  let status = 500;
  before(async () => {
    server = createServer((req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  async function message(b: string, auth: ConstructorParameters<typeof PrometheusClient>[0]['auth'] = { kind: 'bearer', token: TOKEN }): Promise<string> {
    body = b;
    const lines: string[] = [];
    const c = new PrometheusClient({ url, proxy: 'none', auth, log: (l) => lines.push(l) });
    try {
      await c.query('up');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof PromError);
      return `${e.message}\n${lines.join('\n')}`;
    } finally {
      await c.close();
    }
  }

  it('a 500 body echoing the token', async () => {
    assertNoSecret(await message(`upstream rejected Authorization ${TOKEN}`), TOKEN);
  });

  it('a long body where the 160-character cut falls inside the token', async () => {
    for (let pad = 130; pad < 165; pad += 3) assertNoSecret(await message(`${'e'.repeat(pad)} ${TOKEN} tail`), TOKEN, `pad ${pad}`);
  });

  it('a token wrapped in tags and line breaks (collapsed by the snippet)', async () => {
    assertNoSecret(await message(`<p>bad token</p><code>${TOKEN}</code>`), TOKEN);
  });

  it('base64 of the basic credentials and of the token', async () => {
    const m = await message(`got Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')} and ${Buffer.from(TOKEN).toString('base64')}`, { kind: 'basic', username: 'ops', password: TOKEN });
    assertNoSecret(m, TOKEN);
    assert.ok(!m.includes(Buffer.from(`ops:${TOKEN}`).toString('base64').slice(0, 12)), m);
  });

  it('a custom header value', async () => {
    assertNoSecret(await message(`X-Api-Key ${TOKEN} is not allowed`, { kind: 'header', name: 'X-Api-Key', value: TOKEN }), TOKEN);
  });
});

describe('health report redaction', () => {
  it('a message echoing the token never reaches the report', async () => {
    const fake = new FakeProm([[/./, 1]]);
    const client = Object.assign(fake, { redactor: new Redactor([TOKEN]) });
    fake.query = async () => {
      throw new Error(`tenant ${TOKEN} unknown`);
    };
    const rep = await evaluateHealth(client, { names: namesFor() });
    assert.ok(rep.checks.some((c) => c.reason?.includes('tenant ***')), JSON.stringify(rep.checks[0]));
    assertNoSecret(JSON.stringify(rep), TOKEN);
  });
});
