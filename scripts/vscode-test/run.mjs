#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js) inside a real VS Code extension host:
// code-server (installed by install.mjs) + headless Debian Chromium driven by playwright-core.
// Builds nothing: run `node scripts/build.mjs` first.
//
// Usage: node scripts/vscode-test/run.mjs [--grep REGEX] [--untrusted] [--timeout SECONDS]
//          [--env KEY=VALUE]... [--workspace DIR] [--tests FILE] [--extension DIR] [--verbose]
//
// Prints the extension host's console, then exactly one line `integration: N passed, N failed`,
// and writes out/integration-results.json { passed, failed, failures: [{ title, error }] }.
// Exit code: 0 only when the extension host exited 0, at least one test passed and none failed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { format, parseArgs } from 'node:util';
import { chromiumPath, ensureInstalled, repoRoot } from './install.mjs';
import { startCodeServer } from './codeserver.mjs';

const RESULT_PREFIX = '@@RESULT ';
// Chatter from built-in workbench/extension-host components that says nothing about our tests (shown with
// --verbose): offline gallery/telemetry lookups (with their stack traces), agent/chat plumbing, connection info.
const NOISE = [
  /^\s*\[(AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|ChatSessions?|LanguageModels?|Copilot[A-Za-z]*|Service Worker)\]/,
  /ENOTFOUND (open-vsx\.org|[a-z.]*\.microsoft\.com|[a-z.]*\.visualstudio\.com|[a-z.]*\.github\.com)/,
  /^Creating a socket \(renderer-/,
  /^(Resolving|Resolved) connection token/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  // The workbench and the ext host race over the temp User/settings.json document (seen with and without our extension).
  /(already exists!|Unable to retrieve document from URI).*\/user-data\/User\/settings\.json/,
];
const STACK_LINE = /^\s+at /;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

function usage() {
  console.log(`usage: node scripts/vscode-test/run.mjs [options]
  --grep REGEX       only tests whose full title matches (passed to mocha in the extension host)
  --untrusted        keep workspace trust on and do not trust the folder (Restricted Mode)
  --timeout SECONDS  overall deadline, default 180
  --env KEY=VALUE    extra environment for code-server and the extension host (repeatable)
  --workspace DIR    folder to open, default test/fixtures/workspace
  --tests FILE       extensionTestsPath, default out/test/integration/index.js
  --extension DIR    extensionDevelopmentPath, default the repository root
  --verbose          also print code-server and browser console output`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      grep: { type: 'string' },
      untrusted: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '180' },
      env: { type: 'string', multiple: true, default: [] },
      workspace: { type: 'string' },
      tests: { type: 'string' },
      extension: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return usage(), 0;

  const t0 = Date.now();
  const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const info = (...a) => console.log('[integration]', ...a);
  const timeoutMs = Number(values.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${values.timeout}`);

  const extensionDir = resolve(values.extension ?? repoRoot);
  const testsPath = resolve(values.tests ?? join(repoRoot, 'out', 'test', 'integration', 'index.js'));
  const workspace = resolve(values.workspace ?? join(repoRoot, 'test', 'fixtures', 'workspace'));
  const resultsFile = join(repoRoot, 'out', 'integration-results.json');
  let tDeadline = t0 + timeoutMs;

  const results = { passed: 0, failed: 0, pending: 0, failures: [], durationMs: 0, exitCode: null };
  const finish = (exitCode) => {
    results.failed = results.failures.length;
    results.durationMs = Date.now() - t0;
    mkdirSync(join(repoRoot, 'out'), { recursive: true });
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
    console.log(`integration: ${results.passed} passed, ${results.failed} failed`);
    return exitCode;
  };
  const harnessFailure = (title, error) => {
    results.failures.push({ title, error });
    return finish(1);
  };

  if (!existsSync(testsPath))
    return harnessFailure('(harness)', `${relative(repoRoot, testsPath)} not found: run \`node scripts/build.mjs\` first`);
  if (!existsSync(join(extensionDir, 'package.json')))
    return harnessFailure('(harness)', `${extensionDir} has no package.json: not an extension folder`);
  const pkg = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  if (pkg.main && !existsSync(join(extensionDir, pkg.main)))
    info(`warning: ${pkg.main} does not exist in ${extensionDir}; the extension will fail to activate (run node scripts/build.mjs)`);
  if (!existsSync(chromiumPath()))
    return harnessFailure('(harness)', `Chromium not found at ${chromiumPath()}: apt-get install -y chromium`);

  try {
    const ti = Date.now();
    await ensureInstalled({ quiet: false });
    info(`install check ${secs(Date.now() - ti)}`);
    tDeadline = Date.now() + timeoutMs; // the deadline covers the run, not a first-time install
  } catch (e) {
    return harnessFailure('(install)', e.message);
  }

  const extraEnv = {};
  for (const kv of values.env) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new Error(`--env expects KEY=VALUE, got ${kv}`);
    extraEnv[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const env = {
    NATIVELINK_EXTENSION_TEST: '1',
    ...(values.grep ? { NATIVELINK_TEST_GREP: values.grep } : {}),
    ...extraEnv,
  };

  let cs;
  let browser;
  let timer;
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await cs?.stop().catch(() => {});
  };
  const onSignal = async (sig) => {
    info(`interrupted (${sig})`);
    await cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const tc = Date.now();
    cs = await startCodeServer({
      workspace,
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: testsPath,
      env,
      disableWorkspaceTrust: !values.untrusted,
      userSettings: values.untrusted
        ? {
            'security.workspace.trust.enabled': true,
            'security.workspace.trust.startupPrompt': 'never',
            'security.workspace.trust.banner': 'never',
            'security.workspace.trust.emptyWindow': false,
          }
        : {},
      verbose: values.verbose,
    });
    info(`code-server listening at ${cs.baseUrl} (${secs(Date.now() - tc)}); workspace ${relative(repoRoot, workspace) || '.'}${values.untrusted ? ' (untrusted)' : ''}`);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();

    let resolveExit;
    const exitPromise = new Promise((r) => (resolveExit = r));
    let gotResult = false;
    let inNoise = false;
    const tail = [];
    const errorLines = []; // error-level lines without their stack frames: the useful part of a crash
    const print = (line, isError = false) => {
      console.log(isError ? `  ! ${line}` : `  ${line}`);
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (isError && !STACK_LINE.test(line)) {
        errorLines.push(line);
        if (errorLines.length > 20) errorLines.shift();
      }
    };

    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // args are the console call's arguments (format string first, as with console.log('%s', x)).
      const text = format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) {
        if (line.startsWith(RESULT_PREFIX)) {
          try {
            const r = JSON.parse(line.slice(RESULT_PREFIX.length));
            results.passed = r.passed;
            results.pending = r.pending ?? 0;
            results.failures = r.failures ?? [];
            gotResult = true;
          } catch (e) {
            print(`[integration] could not parse result line: ${e.message}`, true);
          }
          continue;
        }
        if (!values.verbose) {
          if (NOISE.some((re) => re.test(line))) {
            inNoise = true;
            continue;
          }
          if (inNoise && STACK_LINE.test(line)) continue;
          inNoise = false;
        }
        print(line, type === 'error');
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit({ code }));
    page.on('pageerror', (err) => values.verbose && console.log(`[browser pageerror] ${err.message}`));
    if (values.verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));

    const tp = Date.now();
    const timeout = new Promise((r) => (timer = setTimeout(() => r({ timeout: true }), Math.max(1000, tDeadline - Date.now()))));
    await page.goto(cs.url, { waitUntil: 'domcontentloaded' });
    info(`workbench page loaded (${secs(Date.now() - tp)}); running ${relative(repoRoot, testsPath)} in the extension host`);

    const outcome = await Promise.race([exitPromise, timeout]);
    const suiteMs = Date.now() - tp;
    await cleanup();

    if (outcome.timeout) {
      const msg =
        `no result within the ${values.timeout} s deadline (--timeout): the extension host never called codeAutomationExit. ` +
        `Typical causes: the tests hang waiting for something, the extension failed to load, or the payload was ignored ` +
        `(code-server must run with --vscode-option enable-smoke-test-driver).` +
        (errorLines.length ? `\nErrors logged by the extension host:\n${errorLines.slice(-8).join('\n')}` : '') +
        (tail.length ? `\nLast extension host lines:\n${tail.slice(-15).join('\n')}` : '\n(no extension host output at all)');
      info(`TIMEOUT: ${msg}`);
      results.failures.push({ title: '(harness) timeout', error: msg });
      return finish(1);
    }
    results.exitCode = outcome.code;
    info(`extension host exited with code ${outcome.code} after ${secs(suiteMs)} (total ${secs(Date.now() - t0)})`);
    if (!gotResult) {
      results.failures.push({
        title: '(extension host)',
        error:
          `exited with code ${outcome.code} without reporting results (the tests module failed to load or run?)` +
          (errorLines.length ? `\nErrors logged by the extension host:\n${errorLines.slice(-8).join('\n')}` : '') +
          (tail.length ? `\nLast lines:\n${tail.slice(-8).join('\n')}` : ''),
      });
      return finish(1);
    }
    if (outcome.code !== 0 && results.failures.length === 0 && results.passed > 0)
      results.failures.push({ title: '(extension host)', error: `exited with code ${outcome.code} although every test passed` });
    const ok = outcome.code === 0 && results.failures.length === 0 && results.passed > 0;
    if (results.passed === 0 && results.failures.length === 0)
      results.failures.push({ title: '(harness)', error: `no test ran${values.grep ? ` (grep ${values.grep})` : ''}` });
    return finish(ok ? 0 : 1);
  } catch (e) {
    await cleanup();
    return harnessFailure('(harness)', e.stack ?? String(e));
  }
}

main().then(
  (code) => process.exit(code ?? 0),
  (e) => {
    console.error(`[integration] ${e.stack ?? e}`);
    process.exit(1);
  },
);
