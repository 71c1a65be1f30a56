import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings as baseSettings, type Settings } from '../../../server/src/service/settings';
import type { Rule } from '../../../server/src/service/rules';
import { testEngine } from './testEngine';

// The test schema is not NativeLink's, so content detection would not claim these files: name them.
const defaultSettings: Settings = { ...baseSettings, files: { ...baseSettings.files, nativelink: ['nativelink.json5'], collector: ['otel-collector-config.yaml'] } };

function service(rules: Rule[] = []) {
  return new ConfigLanguageService({ nativelink: testEngine('nativelink', rules), collector: testEngine('collector', rules), promrules: testEngine('promrules', rules) });
}
let version = 0;
function doc(text: string, name = 'nativelink.json5', lang = 'json5') {
  return TextDocument.create(`file:///ws/${name}`, lang, ++version, text);
}
function at(text: string, marker = '|'): { text: string; offset: number } {
  const offset = text.indexOf(marker);
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}
function textAt(d: TextDocument, diag: Diagnostic): string {
  return d.getText().slice(d.offsetAt(diag.range.start), d.offsetAt(diag.range.end));
}
function apply(d: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(d, edits);
}
function editsOf(a: CodeAction, uri: string): TextEdit[] {
  return a.edit!.changes![uri];
}

describe('language service: JSON5 pipeline', () => {
  it('accepts unquoted keys, single quotes, comments and trailing commas without any diagnostic', () => {
    const d = doc(`// a config\n{\n  stores: [\n    { name: 'CAS', memory: { max_bytes: 0x10, }, },\n  ],\n  /* why */ mode: "slow",\n}\n`);
    assert.deepEqual(service().diagnostics(d, defaultSettings), []);
  });

  it('publishes a syntax error at the broken spot and keeps checking the rest', () => {
    const d = doc(`{\n  stores: [ { name: "A", memory: {} } ]\n  mode: "bogus",\n}`);
    const diags = service().diagnostics(d, defaultSettings);
    const syntax = diags.find((x) => String(x.code).endsWith('/syntax'));
    assert.ok(syntax, 'syntax error reported');
    assert.equal(syntax!.range.start.line, 2, 'at the line missing its comma');
    assert.ok(diags.some((x) => x.code === 'nativelink/bad-enum'), 'the enum error after the broken spot is still reported');
  });

  it('flags an unknown key at the exact key with a did-you-mean fix that resolves it', () => {
    const s = service();
    const d = doc(`{ stores: [ { name: "A", memroy: {} } ] }`);
    const diag = s.diagnostics(d, defaultSettings).find((x) => x.code === 'nativelink/unknown-key')!;
    assert.equal(textAt(d, diag), 'memroy');
    assert.match(diag.message, /Did you mean "memory"/);
    assert.equal(diag.codeDescription?.href, 'https://example.test/docs');
    const fix = s.codeActions(d, diag.range, defaultSettings).find((a) => a.title === 'Rename to "memory"')!;
    const fixed = doc(apply(d, editsOf(fix, d.uri)));
    assert.equal(fixed.getText(), `{ stores: [ { name: "A", memory: {} } ] }`);
    assert.deepEqual(s.diagnostics(fixed, defaultSettings), []);
  });

  it('reports wrong types, enum values (listing valid ones), minimum and grammar at the value', () => {
    const d = doc(`{ mode: "medium", timeout_s: -1, size: "lots", stores: {} }`);
    const diags = service().diagnostics(d, defaultSettings);
    const byCode = (c: string) => diags.find((x) => x.code === c)!;
    assert.equal(textAt(d, byCode('nativelink/bad-enum')), '"medium"');
    assert.match(byCode('nativelink/bad-enum').message, /"fast", "slow"/);
    assert.equal(textAt(d, byCode('nativelink/out-of-range')), '-1');
    assert.equal(textAt(d, byCode('nativelink/bad-size')), '"lots"');
    assert.equal(textAt(d, byCode('nativelink/wrong-type')), '{}');
  });

  it('compares case-insensitive enums without case and requires one of a set of keys', () => {
    const d = doc('{ level: "Detailed", limits: {} }');
    const diags = service().diagnostics(d, defaultSettings);
    assert.deepEqual(diags.map((x) => x.code), ['nativelink/missing-one-of']);
    assert.match(diags[0].message, /limit_mib, limit_percentage/);
    assert.equal(textAt(d, diags[0]), 'limits');
  });

  it('never type-checks values only known at run time', () => {
    const d = doc('{ timeout_s: "${TIMEOUT}", mode: "${MODE}" }');
    assert.deepEqual(service().diagnostics(d, defaultSettings), []);
  });

  it('requires a key and exactly one kind, with an "add key" fix', () => {
    const s = service();
    const d = doc(`{ stores: [ { memory: {}, filesystem: {} }, { name: "B" } ] }`);
    const diags = s.diagnostics(d, defaultSettings);
    const missing = diags.find((x) => x.code === 'nativelink/missing-required' && /"name"/.test(x.message))!;
    assert.ok(missing, 'missing name reported');
    assert.equal(textAt(d, diags.find((x) => x.code === 'nativelink/multiple-kinds')!), 'filesystem');
    assert.ok(diags.some((x) => x.code === 'nativelink/missing-kind'));
    const fix = s.codeActions(d, missing.range, defaultSettings).find((a) => a.title === 'Add "name"')!;
    const fixed = apply(d, editsOf(fix, d.uri));
    assert.match(fixed, /name: ""/);
  });

  it('marks legacy spellings as deprecated with a rename fix', () => {
    const s = service();
    const d = doc(`{ old_mode: "fast" }`);
    const diag = s.diagnostics(d, defaultSettings).find((x) => x.code === 'nativelink/deprecated')!;
    assert.deepEqual(diag.tags, [2]);
    const fix = s.codeActions(d, diag.range, defaultSettings)[0];
    assert.equal(apply(d, editsOf(fix, d.uri)), `{ mode: "fast" }`);
  });

  it('runs rules, honours per-rule settings and survives a rule that throws', () => {
    const good: Rule = { id: 'nativelink/test-advice', docs: 'https://example.test/a', description: 'x', upstream: [], advice: true, check: (ctx) => ctx.report({ code: 'nativelink/test-advice', severity: 'warning', message: 'advice', node: ctx.root }) };
    const bad: Rule = { id: 'nativelink/boom', docs: '', description: 'x', upstream: [], check: () => { throw new Error('boom'); } };
    const s = service([bad, good]);
    const d = doc('{ mode: "fast" }');
    const diags = s.diagnostics(d, defaultSettings);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].code, 'nativelink/test-advice');
    assert.ok(s.codeActions(d, diags[0].range, defaultSettings).some((a) => a.command?.command === 'nativelink.silenceRule'));
    const off: Settings = { ...defaultSettings, rules: { 'nativelink/test-advice': 'off' } };
    assert.deepEqual(s.diagnostics(doc('{ mode: "fast" }'), off), []);
    const hint: Settings = { ...defaultSettings, rules: { 'nativelink/test-advice': 'hint' } };
    assert.equal(s.diagnostics(doc('{ mode: "fast" }'), hint)[0].severity, 4);
  });

  it('turns binary junk into one plain message instead of a crash', () => {
    const d = doc('\u0000\u0001\u0002stores\u0000{{{', 'junk.json5');
    const diags = service().diagnostics(d, defaultSettings);
    assert.equal(diags.length, 1);
    assert.match(diags[0].message, /binary/);
  });

  it('ignores JSON/YAML files that are not configs, but still syntax-checks .json5', () => {
    const s = service();
    assert.deepEqual(s.diagnostics(doc('{ "name": "pkg", }', 'package.json', 'json'), defaultSettings), []);
    assert.deepEqual(s.diagnostics(doc('a: [', 'other.yaml', 'yaml'), defaultSettings), []);
    assert.equal(s.diagnostics(doc('{ a: ', 'random.json5'), defaultSettings).length > 0, true);
  });
});

describe('language service: YAML pipeline', () => {
  it('publishes YAML syntax errors for collector configs', () => {
    const d = doc('receivers:\n  otlp:\n    protocols: {\nservice:\n  pipelines: {}\n', 'otel-collector-config.yaml', 'yaml');
    const diags = service().diagnostics(d, defaultSettings);
    assert.ok(diags.some((x) => x.code === 'collector/syntax'));
  });

  it('validates component bodies chosen by the id type', () => {
    const d = doc('receivers:\n  otlp/2:\n    protocol: {}\nservice:\n  pipelines: {}\n', 'otel-collector-config.yaml', 'yaml');
    const diag = service().diagnostics(d, defaultSettings).find((x) => x.code === 'collector/unknown-key')!;
    assert.equal(textAt(d, diag), 'protocol');
    assert.match(diag.message, /protocols/);
  });
});

describe('language service: completion', () => {
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);

  it('completes keys in a half-typed JSON5 object, skipping keys already present', () => {
    const { text, offset } = at('{ stores: [ { name: "A", mem| ');
    const d = doc(text);
    const items = service().completion(d, d.positionAt(offset), defaultSettings).items;
    assert.ok(labels(items).includes('memory'));
    assert.ok(!labels(items).includes('name'));
    const mem = items.find((i) => i.label === 'memory')!;
    assert.match((mem.textEdit as TextEdit).newText, /^memory: \{/);
  });

  it('completes enum values and offers snippets for array items', () => {
    const s = service();
    const e = at('{ mode: | }');
    const d1 = doc(e.text);
    assert.deepEqual(labels(s.completion(d1, d1.positionAt(e.offset), defaultSettings).items).slice(0, 2), ['fast', 'slow']);
    const a = at('{ stores: [ | ] }');
    const d2 = doc(a.text);
    const snip = s.completion(d2, d2.positionAt(a.offset), defaultSettings).items.find((i) => i.label === 'memory store')!;
    assert.match((snip.textEdit as TextEdit).newText, /name: "\$\{1:STORE\}"/);
  });

  it('completes YAML keys from indentation even when the line does not parse as a key yet', () => {
    const { text, offset } = at('receivers:\n  otlp:\n    pro|\nservice:\n  pipelines: {}\n');
    const d = doc(text, 'otel-collector-config.yaml', 'yaml');
    assert.deepEqual(labels(service().completion(d, d.positionAt(offset), defaultSettings).items), ['protocols']);
  });

  it('completes component types under receivers and ids inside pipeline lists', () => {
    const s = service();
    const r = at('receivers:\n  o|\nservice:\n  pipelines: {}\n');
    const d1 = doc(r.text, 'otel-collector-config.yaml', 'yaml');
    assert.ok(labels(s.completion(d1, d1.positionAt(r.offset), defaultSettings).items).includes('otlp'));
    const p = at('receivers:\n  otlp:\nservice:\n  pipelines:\n    metrics:\n      receivers:\n        - |\n');
    const d2 = doc(p.text, 'otel-collector-config.yaml', 'yaml');
    assert.deepEqual(labels(s.completion(d2, d2.positionAt(p.offset), defaultSettings).items), ['otlp', 'otlp/2']);
    const f = at('receivers:\n  otlp:\nservice:\n  pipelines:\n    metrics:\n      receivers: [|]\n');
    const d3 = doc(f.text, 'otel-collector-config.yaml', 'yaml');
    assert.deepEqual(labels(s.completion(d3, d3.positionAt(f.offset), defaultSettings).items), ['otlp', 'otlp/2']);
  });
});

describe('language service: hover and navigation', () => {
  it('explains a key with type, default, unit and links, escaping config text', () => {
    const { text, offset } = at('{ time|out_s: 3 }');
    const d = doc(text);
    const h = service().hover(d, d.positionAt(offset), defaultSettings)!;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /\*\*timeout\\_s\*\*/);
    assert.match(md, /Seconds before giving up/);
    assert.match(md, /Default: `5`/);
    assert.match(md, /\[Troubleshooting guide\]\(https:\/\/example\.test\/guide#timeouts\)/);
  });

  it('shows the grammar explanation on a value', () => {
    const { text, offset } = at('{ size: "1|0gb" }');
    const d = doc(text);
    const md = (service().hover(d, d.positionAt(offset), defaultSettings)!.contents as { value: string }).value;
    assert.match(md, /10gb is a size/);
  });

  it('builds an outline of sections and named entries', () => {
    const d = doc('{ stores: [ { name: "A", memory: {} }, { name: "B", memory: {} } ], mode: "fast" }');
    const syms = service().documentSymbols(d, defaultSettings);
    assert.deepEqual(syms.map((s) => s.name), ['stores', 'mode']);
    assert.deepEqual(syms[0].children!.map((c) => c.name), ['A', 'B']);
  });
});

describe('language service: robustness of names and detection', () => {
  it('refuses a rename onto an existing name or to nothing', () => {
    const s = service();
    const d = doc('{ stores: [ { name: "A", memory: {} }, { name: "B", memory: {} } ] }');
    const pos = d.positionAt(d.getText().indexOf('"A"') + 1);
    assert.throws(() => s.rename(d, pos, 'B', defaultSettings), /already exists/);
    assert.throws(() => s.rename(d, pos, '  ', defaultSettings), /empty/);
    assert.ok(s.rename(d, pos, 'C', defaultSettings));
  });

  it('reports keys named after Object.prototype members as unknown', () => {
    const d = doc('{ constructor: 1, __proto__: 2, toString: 3 }');
    const codes = service().diagnostics(d, defaultSettings).map((x) => x.code);
    assert.deepEqual(codes, ['nativelink/unknown-key', 'nativelink/unknown-key', 'nativelink/unknown-key']);
  });

  it('does not parse large JSON/YAML files that cannot be ours, and says when a config is too big', () => {
    const s = service();
    const huge = 'items:\n' + '  - name: x\n    value: 1\n'.repeat(200_000);
    const d = doc(huge, 'values.yaml', 'yaml');
    assert.deepEqual(s.diagnostics(d, baseSettings), []);
    assert.equal(s.analyze(d, baseSettings)?.parse.root, undefined, 'never parsed');
    const small: Settings = { ...defaultSettings, maxFileSize: 10 };
    const diags = s.diagnostics(doc('{ stores: [ { name: "A", memory: {} } ], mode: "fast" }', 'nativelink.json5'), small);
    assert.equal(diags.length, 1);
    assert.match(diags[0].message, /maxFileSize/);
  });
});

describe('language service: completion of new objects and kinds', () => {
  it('does not offer a second kind to an entry that has one', () => {
    const { text, offset } = at('{ stores: [ { name: "A", memory: {}, | } ] }');
    const d = doc(text);
    const items = service().completion(d, d.positionAt(offset), defaultSettings).items;
    assert.ok(!items.some((i) => i.label === 'filesystem'), 'an entry with a kind is not offered another');
  });

  it('offers every kind while the entry has none, with required children filled in', () => {
    const { text, offset } = at('{ stores: [ { name: "A", | } ] }');
    const d = doc(text);
    const items = service().completion(d, d.positionAt(offset), defaultSettings).items;
    assert.ok(items.some((i) => i.label === 'memory'));
    const fs = items.find((i) => i.label === 'filesystem')!;
    assert.match((fs.textEdit as TextEdit).newText, /^filesystem: \{\n\s+path: "\$\{1:\/data\}",\n\s+depth: \$\{2:0\},\n\s*\}/);
  });
});
