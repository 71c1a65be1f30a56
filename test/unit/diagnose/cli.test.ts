import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClusterCommand, EXIT_USAGE } from '../../../server/src/cli/cluster';

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runClusterCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env });
  return { code, out, err };
}

describe('nativelink-check cluster: usage', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--bearer-token-env/);
    assert.match(r.out, /64 usage error/);
  });

  for (const flag of ['--bearer-token', '--token', '--password', '--basic-auth']) {
    it(`rejects ${flag} with an explanation`, async () => {
      const r = await cli(['--prometheus', 'http://x:9090', flag, 's3cr3t-value']);
      assert.equal(r.code, EXIT_USAGE);
      assert.match(r.err, /shell history/);
      assert.match(r.err, /-env/);
      assert.doesNotMatch(r.out, /s3cr3t/);
    });
  }

  it('rejects --bearer-token=VALUE too', async () => {
    const r = await cli(['--prometheus', 'http://x:9090', '--bearer-token=abc']);
    assert.equal(r.code, EXIT_USAGE);
  });

  it('rejects credentials inside the URL', async () => {
    const r = await cli(['--prometheus', 'http://user:pw@x:9090']);
    assert.equal(r.code, EXIT_USAGE);
    assert.match(r.err, /credentials/);
  });

  for (const url of ['http://user:hunter2-pass@host:99999', 'http://user:hunter2-pass@[bad', 'user:hunter2-pass@host:9090', 'http://tok-hunter2-pass@ho st']) {
    it(`never echoes the password of a URL it cannot parse: ${url.replace(/hunter2-pass/, '…')}`, async () => {
      for (const flag of ['--prometheus', '--collector-health', '--collector-metrics']) {
        const r = await cli(flag === '--prometheus' ? [flag, url] : ['--prometheus', 'http://x:9090', flag, url]);
        assert.equal(r.code, EXIT_USAGE, r.err);
        assert.doesNotMatch(r.err + r.out, /hunter2/);
      }
    });
  }

  const cases: Array<[string, string[], RegExp, Record<string, string>?]> = [
    ['missing --prometheus', [], /--prometheus URL is required/],
    ['bad format', ['--prometheus', 'http://x', '--format', 'xml'], /--format/],
    ['bad timeout', ['--prometheus', 'http://x', '--timeout', '-1'], /--timeout/],
    ['not a URL', ['--prometheus', 'prom:9090x'], /http/],
    ['unknown option', ['--prometheus', 'http://x', '--frobnicate'], /unknown option --frobnicate/],
    ['unset token variable', ['--prometheus', 'http://x', '--bearer-token-env', 'NOPE_TOKEN'], /NOPE_TOKEN is not set/],
    ['bad basic-auth spec', ['--prometheus', 'http://x', '--basic-auth-env', 'ONLYONE'], /USER_VAR:PASS_VAR/, { ONLYONE: 'x' }],
    ['bad header spec', ['--prometheus', 'http://x', '--header-env', 'X-Scope-OrgID'], /HEADER:ENV_VAR/],
    ['missing CA file', ['--prometheus', 'http://x', '--ca-file', '/nonexistent/ca.pem'], /cannot read/],
    ['missing value', ['--prometheus'], /needs a value/],
  ];
  for (const [name, args, re, env] of cases) {
    it(`usage error (64): ${name}`, async () => {
      const r = await cli(args, env);
      assert.equal(r.code, EXIT_USAGE, r.err);
      assert.match(r.err, re);
      assert.equal(r.out, '');
    });
  }

  it('usage error for an unparsable --config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-cli-'));
    try {
      writeFileSync(join(dir, 'bad.json5'), '{ stores: [ ');
      const r = await cli(['--prometheus', 'http://x', '--config', join(dir, 'bad.json5')]);
      assert.equal(r.code, EXIT_USAGE);
      assert.match(r.err, /cannot be parsed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('unreachable Prometheus: exit 2 with a plain JSON report, quickly', async () => {
    const t0 = Date.now();
    const r = await cli(['--prometheus', 'http://127.0.0.1:1', '--format', 'json', '--timeout', '3']);
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(r.code, 2);
    const j = JSON.parse(r.out);
    assert.equal(j.findings.length, 1);
    assert.equal(j.findings[0].severity, 'critical');
    assert.match(j.findings[0].title, /not reachable/);
    assert.deepEqual(j.passed, []);
  });
});
