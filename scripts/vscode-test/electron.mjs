// The same integration suite on desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code (this one cannot; scripts/vscode-test/run.mjs uses code-server instead).
//   node scripts/vscode-test/electron.mjs [--untrusted]
// Writes out/integration-results.json like run.mjs and prints "integration: N passed, N failed".
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const untrusted = process.argv.includes('--untrusted');
const resultsFile = join(root, 'out/integration-results.json');
rmSync(resultsFile, { force: true });
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, untrusted ? 'out/test/integration-untrusted/index.js' : 'out/test/integration/index.js'),
    launchArgs: [join(root, untrusted ? 'test/fixtures/untrusted-workspace' : 'test/fixtures/workspace'), '--disable-extensions', ...(untrusted ? [] : ['--disable-workspace-trust'])],
    extensionTestsEnv: { NATIVELINK_EXTENSION_TEST: '1', NATIVELINK_TEST_RESULTS: resultsFile },
  });
} catch (err) {
  console.error(`VS Code run failed: ${err instanceof Error ? err.message : err}`);
}
const result = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { passed: 0, failed: 0, failures: [] };
console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed || !result.passed ? 1 : 0);
