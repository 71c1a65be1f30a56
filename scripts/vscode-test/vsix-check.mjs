// Packages the production .vsix, installs it into a fresh code-server extensions dir with
// `--install-extension`, opens a broken .json5 file in headless Chromium and waits for the extension's
// JSON5 language and a diagnostic from its server: proof that the shipped package activates and works.
// Prints "package: N passed, N failed" and exits non-zero on failure.
import { execFileSync } from 'node:child_process';
import { rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { installVsix, startCodeServer } from './codeserver.mjs';
import { chromiumPath } from './install.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const results = [];
const check = async (name, fn) => {
  const t0 = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`  ✗ ${name}: ${e instanceof Error ? e.message : e}`);
  }
};

const vsix = join(mkdtempSync(join(tmpdir(), 'nl-vsix-out-')), 'nativelink.vsix');
let extensionsDir;
await check('npm run package builds a lean .vsix', async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix], { cwd: root, stdio: 'pipe' });
  const size = statSync(vsix).size;
  console.log(`    ${vsix}: ${(size / 1024).toFixed(0)} KB`);
  if (size > 3 * 1024 * 1024) throw new Error(`the .vsix is ${size} bytes: sources or node_modules slipped in?`);
  const list = execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  for (const bad of ['node_modules/', '.ts', 'test/', '.map']) if (list.includes(bad)) throw new Error(`the .vsix contains ${bad}`);
  // Activation loads only dist/extension.js; the bundles it requires on first use must ship beside it.
  for (const need of ['dist/extension.js', 'dist/languageClient.js', 'dist/features.js', 'dist/server.js']) if (!list.includes(need)) throw new Error(`the .vsix lacks ${need}`);
  const activation = statSync(join(root, 'dist/extension.js')).size;
  console.log(`    dist/extension.js (loaded at activation): ${(activation / 1024).toFixed(1)} KB`);
  if (activation > 300 * 1024) throw new Error(`dist/extension.js is ${activation} bytes, above the 300 KB activation budget`);
  // The README's pictures ship with it and its links stay relative (vsce would point them at a repository URL).
  for (const need of ['images/screenshot.png', 'media/walkthrough/connect.png']) if (!list.includes(need)) throw new Error(`the .vsix lacks ${need}`);
});
await check('code-server --install-extension accepts it', async () => {
  ({ extensionsDir } = await installVsix(vsix));
});
await check('the installed extension activates on a .json5 file and reports its syntax error', async () => {
  const cs = await startCodeServer({ workspace: join(root, 'test/fixtures/workspace'), extensionsDir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(cs.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('broken.json5');
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10_000 });
    await page.keyboard.press('Enter');
    // The status bar names the language our package contributes, and the server's squiggle appears.
    await page.waitForSelector('.statusbar-item[id="status.editor.mode"] >> text=JSON5', { timeout: 30_000 });
    await page.waitForSelector('.squiggly-error', { timeout: 30_000 });
  } finally {
    await browser.close();
    await cs.stop();
  }
});
if (extensionsDir) rmSync(extensionsDir, { recursive: true, force: true });
rmSync(join(vsix, '..'), { recursive: true, force: true });
// Leave development bundles behind for the other tiers and the debugger.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
const passed = results.filter(Boolean).length;
console.log(`package: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.every(Boolean) ? 0 : 1);
