/**
 * Smoke tests against the real extension in a real VS Code (code-server) extension host.
 * Fixtures: test/fixtures/workspace (opened as the workspace folder by scripts/vscode-test/run.mjs).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  describeDiagnostics,
  isError,
  lineOf,
  openFixture,
  revertAll,
  waitFor,
  waitForDiagnostics,
  waitUntilCleanAfterRoundTrip,
} from './helpers';

const SOURCE = 'nativelink';

describe('NativeLink extension smoke', () => {
  after(async () => {
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is installed and activates when a .json5 file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is dist/extension.js built?)`);
    const { doc } = await openFixture('nativelink.json5');
    assert.equal(doc.languageId, 'json5', 'a .json5 file should get the json5 language contributed by the extension');
    await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`);
  });

  it('reports a syntax error in broken.json5 at the broken line', async () => {
    const { doc } = await openFixture('broken.json5');
    const brokenLine = lineOf(doc, 'BROKEN');
    const diags = await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => d.source === SOURCE && isError(d)),
      `an Error diagnostic from '${SOURCE}'`,
    );
    const ours = diags.filter((d) => d.source === SOURCE && isError(d));
    assert.ok(
      ours.some((d) => d.range.start.line === brokenLine),
      `expected an Error on line ${brokenLine + 1}; got:\n    ${describeDiagnostics(ours)}`,
    );
  });

  it('has no Error diagnostics on the valid nativelink.json5 (unquoted keys, comments, trailing commas)', async () => {
    const { doc } = await openFixture('nativelink.json5');
    const diags = await waitUntilCleanAfterRoundTrip(doc, SOURCE, '\n}}} // inserted by the test\n');
    const errors = diags.filter((d) => d.source === SOURCE && isError(d));
    assert.deepEqual(errors.map((d) => d.message), [], describeDiagnostics(errors));
  });

  it('reports a YAML syntax error in a collector config', async () => {
    const { doc } = await openFixture('broken-otel-collector-config.yaml');
    const brokenLine = lineOf(doc, 'BROKEN');
    const diags = await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => d.source === SOURCE && isError(d)),
      `an Error diagnostic from '${SOURCE}'`,
    );
    const ours = diags.filter((d) => d.source === SOURCE && isError(d));
    assert.ok(
      ours.some((d) => d.range.start.line === brokenLine),
      `expected an Error on line ${brokenLine + 1}; got:\n    ${describeDiagnostics(ours)}`,
    );
  });

  it('has no Error diagnostics on the valid otel-collector-config.yaml', async () => {
    const { doc } = await openFixture('otel-collector-config.yaml');
    const diags = await waitUntilCleanAfterRoundTrip(doc, SOURCE, '\nbroken: [unclosed\n');
    const errors = diags.filter((d) => d.source === SOURCE && isError(d));
    assert.deepEqual(errors.map((d) => d.message), [], describeDiagnostics(errors));
  });
});
