import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lastIncrementalParsedChars, parseYamlFull } from '../../../server/src/parser/yaml';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';

describe('robustness: size and nesting limits', () => {
  it('checks only the syntax of a file above nativelink.maxFileSize (as the README says)', () => {
    const svc = new ConfigLanguageService(engines);
    const text = '{\n  stores: [ { name: "A", memory: {} } ],\n  servers: [],\n  bogus_key: 1,\n}\n';
    const small = { ...defaultSettings, maxFileSize: 20 };
    const broken = svc.diagnostics(TextDocument.create('file:///ws/a/nativelink.json5', 'json5', 1, text.replace('1,', '1 oops')), small);
    assert.ok(broken.some((d) => String(d.code).endsWith('/syntax')), JSON.stringify(broken));
    const ds = svc.diagnostics(TextDocument.create('file:///ws/b/nativelink.json5', 'json5', 1, text), small);
    assert.ok(!ds.some((d) => d.code === 'nativelink/unknown-key'));
    assert.match(ds.find((d) => d.code === 'limited')!.message, /only its syntax is checked/);
    const full = svc.diagnostics(TextDocument.create('file:///ws/c/nativelink.json5', 'json5', 1, text), defaultSettings);
    assert.ok(full.some((d) => d.code === 'nativelink/unknown-key'), JSON.stringify(full));
    const yaml = 'receivers:\n  otlp: [\nservice:\n  pipelines: {}\n';
    const yd = svc.diagnostics(TextDocument.create('file:///ws/otel-collector-config.yaml', 'yaml', 1, yaml), { ...defaultSettings, maxFileSize: 10 });
    assert.ok(yd.some((d) => d.code === 'collector/syntax'), JSON.stringify(yd));
  });

  // Found by the fuzzer (seed 20261210, doc 31246): a 2.1 MB collector file above maxFileSize was syntax checked
  // through the split parse, 1.6 s of CPU per version for pieces the cache cannot hold; one whole parse is 0.4 s.
  it('syntax checks a file larger than the YAML piece cache with one whole parse, not in pieces', function () {
    this.timeout(60_000);
    const svc = new ConfigLanguageService(engines);
    const receivers = Array.from({ length: 16_000 }, (_, i) => `  otlp/r${i}:\n    protocols:\n      grpc:\n        endpoint: 0.0.0.0:${10_000 + i}\n`).join('');
    const text = `receivers:\n${receivers}exporters:\n  debug: {}\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp/r0]\n      exporters: [debug]\n`;
    assert.ok(text.length > 1024 * 1024, String(text.length));
    const ds = svc.diagnostics(TextDocument.create('file:///ws/big/otel-collector-config.yaml', 'yaml', 1, text), defaultSettings);
    assert.match(ds.find((d) => d.code === 'limited')!.message, /only its syntax is checked/);
    assert.equal(lastIncrementalParsedChars(), 0, 'no piece was parsed');
    const broken = text.replace('  debug: {}', '  debug: [');
    const bd = svc.diagnostics(TextDocument.create('file:///ws/big/otel-collector-config.yaml', 'yaml', 2, broken), defaultSettings);
    assert.ok(bd.some((d) => d.code === 'collector/syntax'), JSON.stringify(bd.slice(0, 3)));
    assert.equal(lastIncrementalParsedChars(), 0);
  });

  it('publishes at most 1,000 syntax errors', () => {
    const svc = new ConfigLanguageService(engines);
    const ds = svc.diagnostics(TextDocument.create('file:///ws/d/otel-collector-config.yaml', 'yaml', 1, '"'.repeat(100_000)), defaultSettings);
    assert.ok(ds.length <= 1001, String(ds.length));
  });

  // Found by the fuzzer (seed 100000, doc 3023): a megabyte of `-` inside `servers` is a million bad numbers;
  // the schema walk stops after 5,000 findings, 2,000 are published, and the servers are listed once per tree.
  it('publishes a bounded number of findings for a million bad values', () => {
    const svc = new ConfigLanguageService(engines);
    const text = `{\n  stores: [ { name: "A", memory: {} } ],\n  servers: [ ${'-'.repeat(1_000_000)}: 1, { listener: { http: { socket_address: "0.0.0.0:50052" } } } ],\n}\n`;
    const ds = svc.diagnostics(TextDocument.create('file:///ws/e/nativelink.json', 'json', 1, text), defaultSettings);
    assert.ok(ds.length <= 2002, String(ds.length));
    assert.ok(ds.some((d) => d.code === 'limited' && /Only the first 2000 of \d+ findings/.test(d.message)) || ds.length < 2000, JSON.stringify(ds.slice(-2)));
  });

  // Found by the fuzzer (seed 20261204, doc 17429): a line of a million `"` is 524,289 errors from the yaml
  // library, 13 s in one uninterruptible step. Now the library is not called on an absurd token count, and
  // stops being listened to after 1,000 errors.
  it('hands no absurd token flood to the yaml library, and stops listening after 1,000 of its errors', () => {
    const svc = new ConfigLanguageService(engines);
    const head = 'receivers:\n  otlp:\n    protocols:\n      grpc:\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n';
    const flood = svc.diagnostics(TextDocument.create('file:///ws/f/otel-collector-config.yaml', 'yaml', 1, head + '"'.repeat(400_000) + '\n'), defaultSettings);
    assert.match(flood.find((d) => d.code === 'limited')?.message ?? '', /more than 150,000 YAML tokens/, JSON.stringify(flood.slice(0, 3)));
    const many = parseYamlFull(head + 'x: ' + '"" '.repeat(5000));
    assert.equal(many.root, undefined);
    assert.ok(many.errors.length <= 1001, String(many.errors.length));
    assert.match(many.errors[many.errors.length - 1].message, /More than 1000 YAML errors/);
    // An ordinary file is untouched by both limits.
    const ok = parseYamlFull(head);
    assert.deepEqual(ok.errors, []);
    assert.ok(ok.root);
  });

  // Found by the fuzzer (seed 20261204, doc 10119): a megabyte of `x:x:` is 260,000 properties; their tree alone
  // cost a second, and half a million unknown-key findings with did-you-mean another five.
  it('gives up on a JSON5 document with more than 200,000 values, with a notice and its syntax errors so far', () => {
    const svc = new ConfigLanguageService(engines);
    const text = `{\n  stores: [],\n  bad: [1 2],\n  servers: [ { ${'x: 1,'.repeat(110_000)} } ],\n}\n`;
    const ds = svc.diagnostics(TextDocument.create('file:///ws/g/nativelink.json5', 'json5', 1, text), { ...defaultSettings, maxFileSize: 4 * 1024 * 1024 });
    assert.match(ds.find((d) => d.code === 'limited')?.message ?? '', /more than 200,000 values/, JSON.stringify(ds.slice(-2)));
    assert.ok(ds.some((d) => /syntax$/.test(String(d.code))), 'the syntax error before the limit is still reported');
    assert.ok(!ds.some((d) => d.code === 'nativelink/unknown-key'));
  });

  // Found by the fuzzer (seed 20261209, doc 14698): a 262 KB line of `x:x:` inside an array is 131,000 error
  // values; building and walking them took 1 s of server CPU for one document-symbol request.
  it('stops parsing JSON5 after 1,000 syntax errors, with a notice, the errors so far and no rule', () => {
    const svc = new ConfigLanguageService(engines);
    const text = `{\n  stores: [ { name: "A", memory: {} } ],\n  servers: [\n${'x:'.repeat(131_000)}\n  ],\n  bogus_key: 1,\n}\n`;
    const doc = TextDocument.create('file:///ws/g2/nativelink.json5', 'json5', 1, text);
    const ds = svc.diagnostics(doc, defaultSettings);
    assert.match(ds.find((d) => d.code === 'limited')?.message ?? '', /more than 1,000 syntax errors, so the parser stopped at offset \d+/);
    assert.equal(ds.filter((d) => /syntax$/.test(String(d.code))).length, 1000);
    assert.ok(!ds.some((d) => d.code === 'nativelink/unknown-key'), 'no rule runs on the junk');
    assert.deepEqual(svc.documentSymbols(doc, defaultSettings), []);
    // 1,000 errors exactly is still a document the rules see.
    const fewer = `{\n  stores: [],\n  servers: [],\n  bogus_key: [ ${'1 '.repeat(1001)}],\n}\n`;
    const ds2 = svc.diagnostics(TextDocument.create('file:///ws/g3/nativelink.json5', 'json5', 1, fewer), defaultSettings);
    assert.ok(!ds2.some((d) => d.code === 'limited'), JSON.stringify(ds2.slice(-2)));
    assert.ok(ds2.some((d) => d.code === 'nativelink/unknown-key'));
  });

  it('caps unknown keys inside one object and says the count is a lower bound', () => {
    const svc = new ConfigLanguageService(engines);
    const keys = Array.from({ length: 12_000 }, (_, i) => `bogus_${i}: 1,`).join(' ');
    const text = `{\n  stores: [ { name: "A", memory: { ${keys} } } ],\n  servers: [],\n}\n`;
    const ds = svc.diagnostics(TextDocument.create('file:///ws/h/nativelink.json5', 'json5', 1, text), defaultSettings);
    assert.equal(ds.filter((d) => d.code === 'nativelink/unknown-key').length, 2000);
    assert.match(ds.find((d) => d.code === 'limited')?.message ?? '', /Only the first 2000 of more than 500\d findings/);
  });

  // Found by the fuzzer: yaml composes recursively; 65k nested `[` overflowed the stack inside V8's regexp
  // compiler, a fatal out-of-memory that killed the server (not a catchable RangeError). Twice in one process.
  it('reports absurd nesting instead of handing it to yaml (flow, block, megabytes of brackets)', () => {
    const deepBlock = 'a:\n' + Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join('');
    for (const text of ['['.repeat(16_384), '['.repeat(65_536), '\ufeff' + '['.repeat(262_144), '{'.repeat(1_048_576) + ': 1', deepBlock, '- '.repeat(5000) + 'x']) {
      const r = parseYamlFull(text);
      assert.equal(r.root, undefined);
      assert.match(r.errors[0]?.message ?? '', /Nesting deeper than 400 levels/);
    }
    const ok = parseYamlFull('['.repeat(300) + ']'.repeat(300));
    assert.deepEqual(ok.errors, []);
  });
});
