// Takes the README screenshot: the demo setup (two clusters on a real Prometheus, the sample workspace) in a real
// VS Code, driven by headless Chromium. `node scripts/build.mjs && node scripts/screenshot.mjs [out.png]`
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCodeServer } from './vscode-test/codeserver.mjs';
import { chromiumPath, ensureInstalled } from './vscode-test/install.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const root = join(fileURLToPath(import.meta.url), '..', '..');
const out = process.argv[2] ?? join(root, 'images', 'screenshot.png');
const require = createRequire(import.meta.url);
const { startPrometheus } = require(join(root, 'out/demo/simulator/prometheus.js'));

await ensureInstalled({ quiet: true });
const proms = [await startPrometheus({ scenario: 'healthy' }), await startPrometheus({ scenario: 'cache-thrash' })];
const ws = mkdtempSync(join(tmpdir(), 'nl-shot-'));
cpSync(join(root, 'demo', 'workspace'), ws, { recursive: true });
const cs = await startCodeServer({
  workspace: ws,
  extensionDevelopmentPath: root,
  userSettings: {
    'nativelink.clusters': [
      { name: 'staging', prometheusUrl: proms[0].url },
      { name: 'prod', prometheusUrl: proms[1].url },
    ],
    'workbench.colorTheme': 'Default Dark Modern',
    'window.commandCenter': false,
  },
});
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(cs.url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  const palette = async (text) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(text);
    await page.waitForTimeout(400);
    await page.keyboard.press('Enter');
  };
  const icon = await page.waitForSelector('.activitybar [aria-label^="NativeLink"]', { timeout: 60_000 });
  await icon.click();
  await page.waitForSelector('.monaco-list-row[aria-label*="Cache hit rate"]', { timeout: 30_000 });
  // Widen the side bar so check values are readable: drag the sash between side bar and editor.
  for (const sash of await page.$$('.monaco-sash.vertical')) {
    const b = await sash.boundingBox();
    if (!b || b.x < 120 || b.x > 400 || b.height < 400) continue;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(560, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
    break;
  }
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type('nativelink.json5');
  await page.waitForTimeout(1200);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.squiggly-warning, .squiggly-info, .squiggly-error', { timeout: 30_000 }).catch(() => undefined);
  await palette('>View: Focus Problems');
  await page.waitForTimeout(2000);
  mkdirSync(join(out, '..'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot written to ${out}`);
  // Second picture: the diagnosis report of the sick cluster.
  await palette('>NativeLink: Diagnose cluster');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="prod"]', { timeout: 20_000 });
  await page.keyboard.type('prod');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.webview.ready, iframe.webview', { timeout: 60_000 });
  await page.waitForTimeout(4000);
  await palette('>View: Close Panel');
  await page.waitForTimeout(800);
  const second = out.replace(/\.png$/, '-diagnose.png');
  await page.screenshot({ path: second });
  console.log(`screenshot written to ${second}`);
} finally {
  await browser.close();
  await cs.stop();
  for (const p of proms) await p.stop();
  rmSync(ws, { recursive: true, force: true });
}
