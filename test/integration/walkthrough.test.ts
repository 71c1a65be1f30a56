import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

interface Step { id: string; title: string; description: string; media: { image?: string; markdown?: string; svg?: string; altText?: string } }

/** The Getting Started walkthrough (issue 11): contributed, every link runs a command that exists, every image ships. */
describe('Getting Started walkthrough', function () {
  this.timeout(60_000);
  const ext = () => vscode.extensions.getExtension(EXTENSION_ID)!;

  before(async () => {
    await ext().activate();
  });

  it('is contributed with the four steps, each with a command link and an image', async () => {
    const walkthroughs = ext().packageJSON.contributes.walkthroughs as Array<{ id: string; steps: Step[] }>;
    const w = walkthroughs.find((x) => x.id === 'nativelink.gettingStarted');
    assert.ok(w, 'walkthrough contributed');
    assert.deepEqual(w!.steps.map((s) => s.id), ['connect', 'nativelinkConfig', 'collectorConfig', 'diagnose']);
    const known = new Set(await vscode.commands.getCommands(true));
    for (const step of w!.steps) {
      const commands = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(commands.length, `${step.id} links a command`);
      for (const c of commands) assert.ok(known.has(c), `${step.id}: command ${c} exists`);
      const media = step.media.image ?? step.media.svg ?? step.media.markdown;
      assert.ok(media && step.media.altText, `${step.id} has an image with alt text`);
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext().extensionUri, media!));
      assert.ok(stat.size > 0 && stat.size < 200_000, `${media}: ${stat.size} bytes`);
    }
  });

  it('"New config from a snippet" opens an unsaved collector config ready for NativeLink', async () => {
    const editor = (await vscode.commands.executeCommand('nativelink.newConfig', 'collector')) as vscode.TextEditor | undefined;
    assert.ok(editor, 'an editor');
    const doc = editor!.document;
    try {
      assert.equal(doc.isUntitled, true, 'nothing written to disk');
      assert.equal(doc.languageId, 'otelcol');
      await waitFor(() => /health_check/.test(doc.getText()), 'snippet inserted');
      assert.match(doc.getText(), /memory_limiter/);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
