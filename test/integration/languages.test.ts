import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, diagnosticsFrom, EXTENSION_ID, openFixture, revertAll, waitFor, waitForDiagnostics } from './helpers';

const SOURCE = 'nativelink';

async function edit(doc: vscode.TextDocument, range: vscode.Range, text: string): Promise<void> {
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, range, text);
  assert.ok(await vscode.workspace.applyEdit(we));
}

function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not in ${doc.uri.fsPath}`);
  return new vscode.Range(doc.positionAt(i), doc.positionAt(i + needle.length));
}

async function completionLabels(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('NativeLink config in real VS Code', function () {
  this.timeout(30_000);
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });
  afterEach(revertAll);

  it('flags an unknown key at the key and fixes it with the did-you-mean quick fix', async () => {
    const { doc } = await openFixture('lang-nativelink.json5');
    await waitForDiagnostics(doc.uri, () => true, 'initial publish');
    await edit(doc, rangeOf(doc, 'eviction_policy: { max_bytes: "1gb" }'), 'eviction_polcy: { max_bytes: "1gb" }');
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === SOURCE && d.code !== undefined && String(typeof d.code === 'object' ? d.code.value : d.code) === 'nativelink/unknown-key'), 'unknown-key diagnostic');
    const d = diags.find((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === 'nativelink/unknown-key')!;
    assert.equal(doc.getText(d.range), 'eviction_polcy');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const fix = actions.find((a) => a.title === 'Rename to "eviction_policy"');
    assert.ok(fix?.edit, `quick fix offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix!.edit!));
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'errors gone after the fix');
    assert.match(doc.getText(), /eviction_policy: \{ max_bytes: "1gb" \}/);
  });

  it('completes store names in a store reference and keys in an object', async () => {
    const { doc } = await openFixture('lang-nativelink.json5');
    const r = rangeOf(doc, 'cas_store: "CAS"');
    const inside = r.start.translate(0, 'cas_store: "'.length);
    assert.deepEqual((await completionLabels(doc, inside)).filter((l) => l === 'CAS' || l === 'AC').sort(), ['AC', 'CAS']);
    const listener = rangeOf(doc, 'socket_address');
    const keys = await completionLabels(doc, listener.start);
    assert.ok(keys.includes('socket_address'), keys.join(','));
  });

  it('hovers a key with its meaning and a docs link', async () => {
    const { doc } = await openFixture('lang-nativelink.json5');
    const text = await hoverText(doc, rangeOf(doc, 'max_bytes').start.translate(0, 2));
    assert.match(text, /max\\?_bytes/);
    assert.match(text, /https?:\/\//);
  });

  it('treats a NativeLink .json config as JSON5: no JSON comment errors, no duplicates', async () => {
    const { doc } = await openFixture('cas.json');
    await waitFor(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString() && d.languageId === 'json5'), 'language switch to json5');
    const switched = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString())!;
    assert.equal(switched.languageId, 'json5');
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => d.source !== SOURCE && d.severity === vscode.DiagnosticSeverity.Error), 'no foreign errors');
    const foreign = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source !== SOURCE && d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(foreign, [], describeDiagnostics(foreign));
  });
});

describe('Collector config in real VS Code', function () {
  this.timeout(30_000);
  afterEach(revertAll);

  it('moves a content-detected collector YAML to the otelcol language', async () => {
    const { doc } = await openFixture('pipeline.yaml');
    await waitFor(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString() && d.languageId === 'otelcol'), 'language switch to otelcol');
  });

  it('reports an undefined component in a pipeline and completes defined ids there', async () => {
    const { doc } = await openFixture('pipeline.yaml');
    await waitFor(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString() && d.languageId === 'otelcol'), 'otelcol');
    const live = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString())!;
    await edit(live, rangeOf(live, 'exporters: [prometheus]'), 'exporters: [prometheus, otlp/missing]');
    const diags = await waitForDiagnostics(live.uri, (ds) => ds.some((d) => d.source === SOURCE && /otlp\/missing/.test(d.message)), 'undefined component');
    const d = diags.find((x) => /otlp\/missing/.test(x.message))!;
    assert.equal(live.getText(d.range), 'otlp/missing');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const pos = rangeOf(live, 'receivers: [otlp]').start.translate(0, 'receivers: ['.length);
    const labels = await completionLabels(live, pos);
    assert.ok(labels.includes('otlp'), labels.join(','));
  });

  it('hovers a processor with its documentation', async () => {
    const { doc } = await openFixture('pipeline.yaml');
    const text = await hoverText(doc, rangeOf(doc, 'memory_limiter:').start.translate(0, 3));
    assert.match(text, /memory/i);
  });

  it('applies a mechanical quick fix to collector advice and re-validates', async () => {
    const { doc } = await openFixture('pipeline.yaml');
    await waitFor(() => vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString() && d.languageId === 'otelcol'), 'otelcol');
    const live = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString())!;
    const diags = await waitForDiagnostics(live.uri, (ds) => ds.some((d) => d.source === SOURCE), 'collector advice');
    let applied = false;
    for (const d of diags.filter((x) => x.source === SOURCE)) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', live.uri, d.range);
      const fix = actions.find((a) => a.edit && a.kind?.value === 'quickfix');
      if (!fix) continue;
      const before = diagnosticsFrom(live.uri, SOURCE).filter((x) => x.code === d.code && x.message === d.message).length;
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      await waitForDiagnostics(live.uri, (ds) => ds.filter((x) => x.source === SOURCE && x.code === d.code && x.message === d.message).length < before, `"${d.message}" fixed by "${fix.title}"`);
      assert.ok(!vscode.languages.getDiagnostics(live.uri).some((x) => x.source === SOURCE && x.severity === vscode.DiagnosticSeverity.Error), 'the fix introduced no error');
      applied = true;
      break;
    }
    assert.ok(applied, `no mechanical quick fix among: ${describeDiagnostics(diags)}`);
  });
});
