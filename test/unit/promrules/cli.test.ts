import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfigCommand } from '../../../server/src/cli/config';

describe('promrules: nativelink-check config on rule files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nl-rules-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports syntax errors (exit 1) and NativeLink warnings with line and column', () => {
    const file = join(dir, 'alerts.yml');
    writeFileSync(file, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: |\n          sum(rate(nativelink_cache_io_total[5m])) > 1\n      - record: b:c\n        expr: sum(rate(x[5m])\n');
    let out = '';
    const code = runConfigCommand([file], { stdout: (s) => (out += s), stderr: () => undefined });
    assert.equal(code, 1, out);
    assert.ok(out.includes(`${file}:6:20 warning nativelink/metric-spelling`), out);
    assert.ok(out.includes(`${file}:8:30 error promql/syntax PromQL syntax error: unclosed "("`), out);
  });

  it('a clean rule file exits 0; --format json names the kind', () => {
    const file = join(dir, 'ok.yml');
    writeFileSync(file, 'groups:\n  - name: g\n    rules:\n      - record: nativelink:workers\n        expr: sum(nativelink_worker_connected_count)\n');
    let out = '';
    assert.equal(runConfigCommand(['--format', 'json', file], { stdout: (s) => (out += s), stderr: () => undefined }), 0);
    assert.equal(JSON.parse(out)[0].kind, 'promrules');
  });
});
