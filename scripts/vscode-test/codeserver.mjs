// Reusable launcher for a real VS Code (code-server 4.139.x = VS Code 1.139.x) installed by install.mjs.
//
//   import { startCodeServer, installVsix, openUrlHint } from './scripts/vscode-test/codeserver.mjs';
//   const cs = await startCodeServer({ workspace: '/abs/folder', extensionDevelopmentPath: repoRoot });
//   openUrlHint(cs.url);          // prints the URL to open in a browser
//   ...
//   await cs.stop();              // kills the whole process group and removes temp dirs
//
// Extensions under development are not a server flag: VS Code's web workbench takes them from the
// `payload` query parameter, which a built product honours only when the server runs with
// `--enable-smoke-test-driver` (passed through code-server's `--vscode-option`). The returned `url`
// already carries folder + payload; `cs.urlFor({...})` builds variants (e.g. with extensionTestsPath).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstalled, node24Env, paths } from './install.mjs';

export const DEFAULT_USER_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'redhat.telemetry.enabled': false,
  // VS Code 1.139 opens a Chat/agent side bar by default; it is noise for tests and demos.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // VS Code in a browser defaults files.autoSave to "afterDelay" (desktop: "off"): every keystroke in the demo
  // workspace reached the disk a second later and "Revert File" had nothing to revert to. Nothing is written to a
  // user's file unless they save.
  'files.autoSave': 'off',
});

/**
 * Builds the workbench URL for a code-server base URL.
 * @param {string} base        e.g. http://127.0.0.1:41234
 * @param {{ folder?: string, extensionDevelopmentPath?: string|string[], extensionTestsPath?: string, extra?: [string,string][] }} o
 */
export function workbenchUrl(base, { folder, extensionDevelopmentPath, extensionTestsPath, extra = [] } = {}) {
  const u = new URL(base);
  const remote = (p) => `vscode-remote://${u.host}${resolve(p)}`;
  const payload = [];
  const devPaths = extensionDevelopmentPath == null ? [] : [].concat(extensionDevelopmentPath);
  for (const p of devPaths) payload.push(['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(...extra);
  let q = '';
  if (folder) q += `folder=${encodeURIComponent(resolve(folder))}`;
  if (payload.length) q += `${q ? '&' : ''}payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return `${u.origin}/${q ? `?${q}` : ''}`;
}

/**
 * Starts code-server and waits until it listens.
 * @param {object} o
 * @param {string} [o.workspace]                 folder to open (absolute or relative to cwd)
 * @param {string|string[]} [o.extensionDevelopmentPath]  extension(s) to load from source (put into the URL payload)
 * @param {string} [o.extensionTestsPath]        tests module (run(): Promise<void>) for the extension host
 * @param {object} [o.userSettings]              merged over DEFAULT_USER_SETTINGS into User/settings.json
 * @param {object} [o.env]                       extra env vars for code-server (inherited by the extension host)
 * @param {number} [o.port]                      0 (default) = any free port
 * @param {string} [o.host]                      default 127.0.0.1
 * @param {boolean} [o.disableWorkspaceTrust]    default true; false = workspace trust active (Restricted Mode testable)
 * @param {string} [o.extensionsDir]             reuse an extensions dir (e.g. from installVsix); default: fresh temp dir
 * @param {string} [o.userDataDir]               default: fresh temp dir
 * @param {string[]} [o.extraArgs]               more code-server args
 * @param {(line: string) => void} [o.onOutput]  receives code-server's stdout/stderr lines (default: dropped unless verbose)
 * @param {boolean} [o.verbose]                  print code-server output with a prefix
 * @param {number} [o.startTimeoutMs]            default 60000
 * @returns {Promise<{ url: string, baseUrl: string, port: number, pid: number, userDataDir: string,
 *   extensionsDir: string, tempDir: string, urlFor: (o: object) => string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(o = {}) {
  const {
    workspace,
    extensionDevelopmentPath,
    extensionTestsPath,
    userSettings = {},
    env = {},
    port = 0,
    host = '127.0.0.1',
    disableWorkspaceTrust = true,
    extraArgs = [],
    verbose = false,
    onOutput,
    startTimeoutMs = 60_000,
  } = o;
  const p = await ensureInstalled({ quiet: true, needChromium: false });
  const tempDir = mkdtempSync(join(tmpdir(), 'nl-codeserver-'));
  const userDataDir = o.userDataDir ?? join(tempDir, 'user-data');
  const extensionsDir = o.extensionsDir ?? join(tempDir, 'extensions');
  const xdg = join(tempDir, 'xdg');
  for (const d of [userDataDir, extensionsDir, join(userDataDir, 'User'), join(xdg, 'config'), join(xdg, 'data'), join(xdg, 'cache')])
    mkdirSync(d, { recursive: true });

  const settings = { ...DEFAULT_USER_SETTINGS, ...userSettings };
  if (disableWorkspaceTrust && !('security.workspace.trust.enabled' in userSettings))
    settings['security.workspace.trust.enabled'] = false;
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const args = [
    p.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
    ...(disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    ...extraArgs,
  ];
  if (workspace) args.push(resolve(workspace));

  const child = spawn(p.nodeBin, args, {
    detached: true, // own process group: stop() kills code-server, its extension hosts and language servers
    stdio: ['ignore', 'pipe', 'pipe'],
    env: node24Env({
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      // Keep the server's own outbound attempts (gallery, telemetry) from stalling anything.
      CS_DISABLE_GETTING_STARTED_OVERRIDE: '1',
      ...env,
    }),
  });

  let out = '';
  let stopped = false;
  const onLine = (line) => {
    if (verbose) console.log(`[code-server] ${line}`);
    onOutput?.(line);
  };
  const lineSplitter = () => {
    let buf = '';
    return (chunk) => {
      const s = chunk.toString();
      out += s;
      if (out.length > 200_000) out = out.slice(-100_000);
      buf += s;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    };
  };
  child.stdout.on('data', lineSplitter());
  child.stderr.on('data', lineSplitter());

  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));

  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onParentExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const t = setTimeout(() => killGroup('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    // Children of the group (extension host, language server) may outlive the leader briefly.
    killGroup('SIGKILL');
    // tempDir holds only what we created (a caller's userDataDir/extensionsDir live elsewhere and are kept).
    rmSync(tempDir, { recursive: true, force: true });
  };
  const onParentExit = () => killGroup('SIGKILL');
  process.on('exit', onParentExit);

  const listening = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`code-server did not report a listening address within ${startTimeoutMs} ms\n${out.slice(-3000)}`)), startTimeoutMs);
    const check = () => {
      const m = /HTTP server listening on (https?:\/\/[^\s/]+)\/?/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`code-server exited early (code ${code}, signal ${signal})\n${out.slice(-3000)}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });

  const baseUrl = listening.replace('0.0.0.0', '127.0.0.1');
  const urlFor = (u = {}) => workbenchUrl(baseUrl, { folder: workspace, extensionDevelopmentPath, extensionTestsPath, ...u });
  return {
    url: urlFor(),
    baseUrl,
    port: Number(new URL(baseUrl).port),
    pid: child.pid,
    userDataDir,
    extensionsDir,
    tempDir,
    urlFor,
    output: () => out,
    exited,
    stop,
  };
}

/**
 * Installs a .vsix (or a marketplace id, which needs a gallery and will fail offline) into an extensions dir.
 * @param {string} vsixPath
 * @param {{ extensionsDir?: string, userDataDir?: string }} [o]  default extensionsDir: a fresh temp dir (the caller removes it)
 * @returns {Promise<{ extensionsDir: string, output: string }>}
 */
export async function installVsix(vsixPath, o = {}) {
  const p = await ensureInstalled({ quiet: true, needChromium: false });
  if (!existsSync(vsixPath)) throw new Error(`installVsix: ${vsixPath} does not exist`);
  const extensionsDir = o.extensionsDir ?? mkdtempSync(join(tmpdir(), 'nl-extensions-'));
  const scratch = mkdtempSync(join(tmpdir(), 'nl-vsix-'));
  const userDataDir = o.userDataDir ?? join(scratch, 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  try {
    const r = spawnSync(
      p.nodeBin,
      [p.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force', '--install-extension', resolve(vsixPath)],
      { encoding: 'utf8', env: node24Env({ XDG_CONFIG_HOME: join(scratch, 'config'), XDG_DATA_HOME: join(scratch, 'data') }), timeout: 120_000 },
    );
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0 || !/successfully installed/i.test(output))
      throw new Error(`code-server --install-extension failed (exit ${r.status}):\n${output}`);
    return { extensionsDir, output };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prints a visible hint telling the user where to open the workbench. Returns the text. */
export function openUrlHint(url, { title = 'VS Code (code-server) is running' } = {}) {
  const line = '─'.repeat(Math.min(100, Math.max(title.length, 40)));
  const text = `\n${line}\n${title}\nOpen in a browser:\n\n  ${url}\n\n(On a remote machine, forward the same port number and open this exact URL: extensions under development are\n addressed as vscode-remote://<host:port> from it, so a different host or port will not load them.)\n${line}\n`;
  console.log(text);
  return text;
}

export { paths, ensureInstalled };
