import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** `npm run demo` is the README's first command: it must start on a fresh machine and stop cleanly. */
describe('npm run demo', function () {
  this.timeout(240_000);
  it('starts Prometheus with the simulator and VS Code, and stops everything', function () {
    if (!existsSync('/usr/bin/prometheus')) {
      console.log('      (prometheus not installed: apt-get install prometheus; demo not checked)');
      this.skip();
    }
    const r = spawnSync(process.execPath, [join(root, 'demo/run.mjs'), '--check', '--port', '0'], { cwd: root, encoding: 'utf8', timeout: 230_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /demo check: 2 Prometheus servers with NativeLink data and VS Code at http:\/\/127\.0\.0\.1:\d+\//);
  });
});
