// Activation cost for `npm run bench`: production (minified) sizes of the client bundles, built here in memory
// as `npm run package` builds them, and the activate() timings the real-VS-Code integration tier recorded in
// dist/activation.json (test/integration/activation.test.ts). Activation cannot be timed outside VS Code.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLIENT_BUNDLES = { extension: 'client/src/extension.ts', languageClient: 'client/src/clientBundle.ts', features: 'client/src/features.ts' };
export const ACTIVATION_BUDGET_BYTES = 300 * 1024;

export async function bundleSizes(root) {
  const out = {};
  for (const [name, entry] of Object.entries(CLIENT_BUNDLES)) {
    const r = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, external: ['vscode'], write: false, absWorkingDir: root, logLevel: 'silent' });
    out[name] = r.outputFiles[0].contents.length;
  }
  return out;
}

export function measuredActivation(root) {
  const file = join(root, 'dist', 'activation.json');
  if (!existsSync(file)) return { missing: 'dist/activation.json not found: run the integration tier (npm test -- --only=integration) first' };
  return { source: 'dist/activation.json, written by test/integration/activation.test.ts (development bundles)', ...JSON.parse(readFileSync(file, 'utf8')) };
}
