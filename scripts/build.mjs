// Builds the bundles (extension activation, language client, features, server, cli) and transpiles sources + tests into out/ for mocha.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const production = process.argv.includes('--production');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const started = Date.now();
const bundles = await Promise.allSettled([
  // Activation stays small; the language client and the cluster/diagnosis features are required on first use.
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    banner: { js: 'var __nativelinkBundleStart = performance.now();' },
  }),
  esbuild.build({ ...common, entryPoints: ['client/src/clientBundle.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['client/src/features.ts'], outfile: 'dist/features.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

if (!production) {
  // Tests run from out/ as plain transpiled modules (no bundling) so each test imports the unit it checks.
  rmSync(join(root, 'out'), { recursive: true, force: true });
  const files = [...walk(join(root, 'server/src')), ...walk(join(root, 'client/src')), ...walk(join(root, 'test')), ...walk(join(root, 'demo'))]
    .map((f) => relative(root, f));
  await esbuild.build({
    entryPoints: files,
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
  });
  // Transpiled modules require the schemas by relative path, as the bundles inline them.
  cpSync(join(root, 'schemas'), join(root, 'out/schemas'), { recursive: true });
}
mkdirSync(join(root, 'dist'), { recursive: true });
// Transpiling out/ goes on even when a bundle fails, so unit tests of finished parts still run.
const failed = bundles.filter((b) => b.status === 'rejected');
if (failed.length) {
  console.error(`build: ${failed.length} bundle(s) failed`);
  process.exit(1);
}
console.log(`build: ${production ? 'production' : 'development'} bundles in ${Date.now() - started} ms`);
