// Takes the README screenshots and the Getting Started walkthrough images from the running demo: the demo's two
// live clusters on a real Prometheus, the sample workspace, in a real VS Code driven by headless Chromium, at the
// default side-bar width.
//   node scripts/build.mjs && node scripts/screenshot.mjs [--wait-minutes N] [--out images/screenshot.png] [--live-only]
// --live-only takes just images/screenshot-live.png: the sample config with its live-number lenses.
// --wait-minutes lets the demo run that long before the pictures (the README's are taken after several minutes).
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
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const out = arg('out', join(root, 'images', 'screenshot.png'));
const media = join(root, 'media', 'walkthrough');
const waitMinutes = Number(arg('wait-minutes', '0')) || 0;
const liveOnly = process.argv.includes('--live-only');
const require = createRequire(import.meta.url);
const { startPrometheus } = require(join(root, 'out/demo/simulator/prometheus.js'));

await ensureInstalled({ quiet: true });
const t0 = Date.now();
const proms = [await startPrometheus({ scenario: 'healthy', live: true }), await startPrometheus({ scenario: 'queue-backlog', live: true })];
const ws = mkdtempSync(join(tmpdir(), 'nl-shot-'));
cpSync(join(root, 'demo', 'workspace'), ws, { recursive: true });
const cs = await startCodeServer({
  workspace: ws,
  extensionDevelopmentPath: root,
  userSettings: {
    'nativelink.clusters': [
      { name: 'demo-healthy', prometheusUrl: proms[0].url, collectorHealthUrl: proms[0].collector.healthUrl, collectorMetricsUrl: proms[0].collector.metricsUrl },
      { name: 'demo-queue-backlog', prometheusUrl: proms[1].url, collectorHealthUrl: proms[1].collector.healthUrl, collectorMetricsUrl: proms[1].collector.metricsUrl },
    ],
    'nativelink.health.refreshIntervalSeconds': 15,
    'workbench.colorTheme': 'Default Dark Modern',
    'window.commandCenter': false,
  },
});
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(cs.url, { timeout: 180_000, waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
  const palette = async (text) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(text);
    await page.waitForTimeout(400);
    await page.keyboard.press('Enter');
  };
  const open = async (file) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(file);
    await page.waitForTimeout(1200);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
  };
  const clip = async (selector, file) => {
    const el = await page.waitForSelector(selector, { timeout: 20_000 });
    const b = await el.boundingBox();
    mkdirSync(media, { recursive: true });
    await page.screenshot({ path: join(media, file), clip: { x: b.x, y: b.y, width: Math.min(b.width, 760), height: Math.min(b.height, 520) } });
    console.log(`walkthrough image ${join(media, file)}`);
  };
  const icon = await page.waitForSelector('.activitybar [aria-label^="NativeLink"]', { timeout: 60_000 });
  await icon.click();
  await page.waitForSelector('.monaco-list-row[aria-label*="Queue backlog"]', { timeout: 60_000 });
  if (waitMinutes) {
    const left = waitMinutes * 60_000 - (Date.now() - t0);
    console.log(`letting the demo run ${waitMinutes} min before the pictures…`);
    if (left > 0) await page.waitForTimeout(left);
    await palette('>NativeLink: Refresh cluster health');
    await page.waitForTimeout(4000);
  }
  await open('nativelink.json5');
  // Live numbers: the lenses above the cache_metrics store and the execution instance, from demo-healthy.
  await page.waitForSelector('.codelens-decoration a:has-text("hit")', { timeout: 60_000 }).catch(() => undefined);
  await page.waitForTimeout(1000);
  const live = join(out, '..', 'screenshot-live.png');
  await page.screenshot({ path: live });
  console.log(`screenshot written to ${live}`);
  if (!liveOnly) {
  await page.waitForSelector('.squiggly-warning, .squiggly-info, .squiggly-error', { timeout: 30_000 }).catch(() => undefined);
  await palette('>View: Focus Problems');
  await page.waitForTimeout(2000);
  mkdirSync(join(out, '..'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot written to ${out} after ${((Date.now() - t0) / 60_000).toFixed(1)} min of demo`);
  await clip('.part.sidebar', 'connect.png');
  // A hover in the NativeLink config.
  await palette('>View: Close Panel');
  const key = await page.waitForSelector('.view-line span:text-is("eviction_policy")', { timeout: 10_000 }).catch(() => undefined);
  if (key) {
    await key.hover();
    await page.waitForSelector('.monaco-hover:not(.hidden)', { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(800);
  }
  await clip('.part.editor', 'nativelink-config.png');
  await page.mouse.move(5, 5);
  await open('otel-collector-config.yaml');
  await clip('.part.editor', 'collector-config.png');
  // The diagnosis report of the sick cluster.
  await palette('>NativeLink: Diagnose cluster');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="queue-backlog"]', { timeout: 20_000 });
  await page.keyboard.type('queue-backlog');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.webview.ready, iframe.webview', { timeout: 60_000 });
  await page.waitForTimeout(4000);
  const second = out.replace(/\.png$/, '-diagnose.png');
  await page.screenshot({ path: second });
  console.log(`screenshot written to ${second}`);
  await clip('.part.editor', 'diagnose.png');
  }
} finally {
  await browser.close();
  await cs.stop();
  for (const p of proms) await p.stop();
  rmSync(ws, { recursive: true, force: true });
}
