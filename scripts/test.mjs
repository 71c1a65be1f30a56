// `npm test`: build, type-check, then every tier; ends with one "N passed, N failed" line.
// Tiers: unit (plain Node), protocol (LSP over stdio to dist/server.js), cluster (real Prometheus),
// integration (real VS Code via code-server + headless Chromium), faults (cluster client and CLI against
// misbehaving fake Prometheus servers). `--only unit,protocol` narrows it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : undefined;
const want = (t) => !only || only.has(t);
const tmp = mkdtempSync(join(tmpdir(), 'nl-test-'));
// Every tier gets a temp directory of this run (TMPDIR is inherited): what a test leaves there is a leak this run
// caused, whatever other runs on the machine do, and it goes away with the run on every way out.
const runTmp = join(tmp, 'tmp');
mkdirSync(runTmp);
process.env.TMPDIR = runTmp;
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130));
const summary = [];
let passed = 0;
let failed = 0;
let pendingTotal = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function step(name, cmd, args) {
  const started = Date.now();
  const code = run(cmd, args);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 0) {
    passed++;
    summary.push(`${name}: ok (${secs}s)`);
  } else {
    failed++;
    summary.push(`${name}: FAILED (${secs}s)`);
  }
  return code === 0;
}

function tier(name, timeout, patterns) {
  const file = join(tmp, `${name}.json`);
  const started = Date.now();
  run(process.execPath, [join(root, 'scripts/mocha-tier.cjs'), file, String(timeout), ...patterns]);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (!existsSync(file)) {
    failed++;
    summary.push(`${name}: crashed before reporting (${secs}s)`);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  pendingTotal += r.pending;
  summary.push(`${name}: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} skipped` : ''} (${r.files} files, ${secs}s)`);
  if (r.passed + r.failed === 0) {
    // A tier that ran nothing proves nothing: a moved folder or a broken glob must not look green.
    failed++;
    summary.push(`${name}: no test ran`);
  }
}

if (!step('build', process.execPath, [join(root, 'scripts/build.mjs')])) {
  console.error('build failed; later tiers run against what was built');
}
if (want('typecheck')) step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'server']) && step('typecheck client', 'npx', ['tsc', '--noEmit', '-p', 'client']) && step('typecheck tests', 'npx', ['tsc', '--noEmit', '-p', 'test']);
if (want('unit')) tier('unit', 20000, ['out/test/unit/**/*.test.js']);
if (want('protocol')) tier('protocol', 20000, ['out/test/protocol/**/*.test.js']);
if (want('cluster')) tier('cluster', 60000, ['out/test/cluster/**/*.test.js']);
if (want('faults')) tier('faults', 60000, ['out/test/faults/**/*.test.js']);
if (want('integration')) {
  const started = Date.now();
  const ok = process.env.VSCODE_TEST_RUNNER === 'electron' || run(process.execPath, [join(root, 'scripts/vscode-test/install.mjs')]) === 0;
  const resultFile = join(root, 'out/integration-results.json');
  const suites = [
    ['integration (real VS Code)', []],
    ['integration, untrusted workspace (real VS Code)', ['--untrusted', '--workspace', 'test/fixtures/untrusted-workspace', '--tests', 'out/test/integration-untrusted/index.js']],
  ];
  for (const [name, extra] of suites) {
    const t0 = Date.now();
    rmSync(resultFile, { force: true });
    // VSCODE_TEST_RUNNER=electron uses desktop VS Code (@vscode/test-electron) where it can be downloaded.
    if (process.env.VSCODE_TEST_RUNNER === 'electron') run(process.execPath, [join(root, 'scripts/vscode-test/electron.mjs'), ...(extra.length ? ['--untrusted'] : [])]);
    else if (ok) run(process.execPath, [join(root, 'scripts/vscode-test/run.mjs'), ...extra]);
    const secs = ((Date.now() - (extra.length ? t0 : started)) / 1000).toFixed(1);
    if (ok && existsSync(resultFile)) {
      const r = JSON.parse(readFileSync(resultFile, 'utf8'));
      passed += r.passed;
      failed += r.failed;
      summary.push(`${name}: ${r.passed} passed, ${r.failed} failed (${secs}s)`);
      if (r.passed + r.failed === 0) {
        failed++;
        summary.push(`${name}: no test ran inside VS Code`);
      }
    } else {
      failed++;
      summary.push(`${name}: could not run (${ok ? 'no results file' : 'install failed'}) (${secs}s)`);
    }
  }
}

if (want('package')) {
  // Last: it rebuilds the minified bundles, installs the .vsix into code-server and checks activation.
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'scripts/vscode-test/vsix-check.mjs')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout ?? '');
  const m = /package: (\d+) passed, (\d+) failed/.exec(r.stdout ?? '');
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    summary.push(`package (.vsix installed into code-server): ${m[1]} passed, ${m[2]} failed (${secs}s)`);
  } else {
    failed++;
    summary.push(`package: crashed (${secs}s)`);
  }
}

const leftBehind = readdirSync(runTmp).filter((n) => n.startsWith('nl-'));
if (leftBehind.length) {
  failed++;
  summary.push(`temp folders: FAILED, the tests left ${leftBehind.join(', ')} in the temp directory`);
}

console.log('\n' + summary.map((s) => `  ${s}`).join('\n'));
if (pendingTotal) console.log(`${pendingTotal} test(s) skipped (see the tier lines above for why)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
