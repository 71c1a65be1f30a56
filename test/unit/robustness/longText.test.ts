import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { boundMessage, clip, jsonQuote, quote } from '../../../server/src/service/boundedText';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';
import { closest, editDistance } from '../../../server/src/service/similar';

// Issue 10, defect 6: a 4 MB key cost seconds per analysis and 8 MB of diagnostic text.
describe('robustness: long keys and values', () => {
  const settings = { ...defaultSettings, maxFileSize: 64 * 1024 * 1024 };
  let v = 0;
  const diagnose = (text: string, name = 'nativelink.json5', lang = 'json5') =>
    new ConfigLanguageService(engines).diagnostics(TextDocument.create(`file:///ws/${++v}/${name}`, lang, 1, text), settings);

  it('quotes at most 80 characters of a 4 MB key, and still suggests for a short typo', () => {
    const big = 'k'.repeat(4_000_000);
    const ds = diagnose(`{ stores: [ { name: "A", memory: {} } ], servers: [], workers: [], global: {}, ${big}: 1, schedulrs: [] }`);
    const total = ds.reduce((n, d) => n + d.message.length, 0);
    assert.ok(total < 5_000, `diagnostic text ${total} chars`);
    const unknown = ds.filter((d) => d.code === 'nativelink/unknown-key');
    assert.equal(unknown.length, 2);
    assert.match(unknown[0].message, /^Unknown key "k{80}…"\.$/);
    assert.match(unknown[1].message, /Did you mean "schedulers"\?/);
  });

  it('bounds values quoted by any rule (collector ids, NativeLink addresses, enums)', () => {
    const big = 'x'.repeat(2_000_000);
    const yaml = `receivers:\n  otlp:\n    protocols: {grpc: {}}\nexporters:\n  debug:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp, ${big}]\n      exporters: [debug]\n`;
    for (const d of diagnose(yaml, 'otel-collector-config.yaml', 'yaml')) assert.ok(d.message.length <= 1001, `${d.code}: ${d.message.length}`);
    const json = `{ stores: [ { name: "${big}", memory: {} } ], servers: [ { listener: { http: { socket_address: "${big}" } }, services: { cas: [{ cas_store: "${big}" }] } } ], global: { default_digest_hash_function: "${big}" } }`;
    for (const d of diagnose(json)) assert.ok(d.message.length <= 1001, `${d.code}: ${d.message.length}`);
  });

  it('editDistance is exact for names, capped for anything else', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('kitten', 'sitting', 1), 2);
    assert.equal(editDistance('a'.repeat(1_000_000), 'b', 5), 6);
    assert.ok(editDistance('a'.repeat(1_000_000), 'a'.repeat(999_999)) >= 1);
    assert.deepEqual(closest('memroy', ['memory', 'filesystem']), ['memory']);
    assert.deepEqual(closest('m'.repeat(200), ['m'.repeat(199)]), []);
  });

  it('clips text without splitting a surrogate pair', () => {
    assert.equal(clip('abc', 5), 'abc');
    assert.equal(clip('a😀b', 2), 'a…');
    assert.equal(quote('x'.repeat(100)).length, 83);
    assert.equal(jsonQuote('a"b'), '"a\\"b"');
    assert.equal(jsonQuote(3), '3');
    assert.equal(boundMessage('short'), 'short');
    const m = boundMessage(`Store "${'s'.repeat(100_000)}" is not defined.`);
    assert.ok(m.length < 200 && m.endsWith('is not defined.'), m);
  });
});
