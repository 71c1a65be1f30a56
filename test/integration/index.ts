/**
 * Entry point loaded by VS Code's extension host as `extensionTestsPath` (see scripts/vscode-test/run.mjs).
 * Runs every out/test/integration/**\/*.test.js with mocha (bdd) and reports one machine-readable line
 *   @@RESULT {"passed":N,"failed":N,"pending":N,"failures":[{"title":..,"error":..}]}
 * through console.log (forwarded to the driver by codeAutomationLog). Rejects when a test failed or none ran,
 * which makes the extension host exit non-zero (codeAutomationExit).
 *
 * Env (set on code-server by run.mjs, inherited by the extension host):
 *   NATIVELINK_TEST_GREP     only run tests whose full title matches this regular expression
 *   NATIVELINK_TEST_TIMEOUT  per-test timeout in ms (default 30000)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

// Plain require so this works with mocha 11 (CommonJS) and mocha 12 (ESM whose default export is the class,
// loaded through require(esm) in the extension host's Node 24).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mochaModule = require('mocha');
const Mocha: typeof MochaType = typeof mochaModule === 'function' ? mochaModule : mochaModule.default;

export const RESULT_PREFIX = '@@RESULT ';

interface Failure {
  title: string;
  error: string;
}

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

export function run(): Promise<void> {
  return runIn(__dirname);
}

/** Runs every *.test.js under `dir` (the untrusted-workspace suite reuses this with its own folder). */
export function runIn(testsDir: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.NATIVELINK_TEST_TIMEOUT) || 30_000,
    reporter: 'spec',
  });
  const grep = process.env.NATIVELINK_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  // smoke.test.js first: its activation test must see the extension before any other test opened a file.
  const files = findTests(testsDir).sort((a, b) => Number(!a.endsWith('smoke.test.js')) - Number(!b.endsWith('smoke.test.js')));
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    const failures: Failure[] = [];
    let passed = 0;
    let pending = 0;
    const report = () => {
      const result = { passed, failed: failures.length, pending, failures, files: files.map((f) => path.relative(testsDir, f)) };
      console.log(RESULT_PREFIX + JSON.stringify(result));
      // Desktop runners (scripts/vscode-test/electron.mjs) cannot read the console line: leave a file too.
      if (process.env.NATIVELINK_TEST_RESULTS) fs.writeFileSync(process.env.NATIVELINK_TEST_RESULTS, JSON.stringify(result));
      return result;
    };
    let runner: MochaType.Runner;
    try {
      runner = mocha.run(() => {
        const r = report();
        if (r.failed > 0) reject(new Error(`${r.failed} integration test(s) failed`));
        else if (r.passed === 0) reject(new Error(`no integration test ran (files: ${files.length}${grep ? `, grep ${grep}` : ''})`));
        else resolve();
      });
    } catch (e) {
      // A test file that throws while loading ends up here.
      failures.push({ title: '(loading test files)', error: e instanceof Error ? e.stack ?? e.message : String(e) });
      report();
      reject(e);
      return;
    }
    runner.on('pass', () => passed++);
    runner.on('pending', () => pending++);
    runner.on('fail', (test, err: unknown) => {
      const e = err as Error | undefined;
      failures.push({ title: test.fullTitle(), error: e ? (e.stack ?? e.message ?? String(e)) : 'unknown error' });
    });
  });
}
