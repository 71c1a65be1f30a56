import * as assert from 'node:assert';
import { parseJson5 } from '../../../server/src/parser/json5';
import type { ASTNode } from '../../../server/src/parser/ast';
import { nativelinkGrammars, parseDuration, parseSize, parseSocketAddress } from '../../../server/src/nativelink/grammars';
import { nativelinkEngine } from '../../../server/src/nativelink/engine';
import { nativelinkSymbols } from '../../../server/src/nativelink/symbols';
import { applyEdits, insertProperty, removeProperty, renameKey } from '../../../server/src/nativelink/edits';

function scalar(json5: string): ASTNode {
  return parseJson5(json5).root!;
}
const check = (g: string, v: string, schema = {}) => nativelinkGrammars[g](scalar(v), schema);

describe('nativelink grammars', () => {
  it('sizes follow byte-unit (decimal vs binary units, lower-case b = bytes)', () => {
    assert.deepStrictEqual(parseSize('10gb'), { ok: true, value: 10_000_000_000 });
    assert.deepStrictEqual(parseSize('1.5GiB'), { ok: true, value: 1_610_612_736 });
    assert.deepStrictEqual(parseSize('128mib'), { ok: true, value: 134_217_728 });
    assert.deepStrictEqual(parseSize('1kb'), { ok: true, value: 1000 });
    assert.deepStrictEqual(parseSize(' 64 KB '), { ok: true, value: 64_000 });
    assert.strictEqual(parseSize('').ok, false);
    assert.strictEqual(parseSize('-1kb').ok, false);
    assert.strictEqual(parseSize('10 parsecs').ok, false);
    assert.strictEqual(check('size', '"10gb"')?.explain, '10gb = 10,000,000,000 bytes (9.31 GiB)');
    assert.strictEqual(check('size', '1.5')?.severity, 'error');
    assert.strictEqual(check('size', '-3')?.severity, 'error');
    assert.strictEqual(check('size', '"12 apples"')?.code, 'nativelink/invalid-size');
    assert.strictEqual(check('size', '"5gb"', { maximum: 4294967295 })?.severity, 'error');
  });

  it('sizes with ${VAR} are runtime values: no error, defaults are checked', () => {
    const r = check('size', '"${LIMIT:-100mb}"');
    assert.strictEqual(r?.message, undefined);
    assert.match(r!.explain!, /LIMIT/);
    assert.match(r!.explain!, /100,000,000 bytes/);
    assert.strictEqual(check('size', '"${LIMIT:-lots}"')?.severity, 'warning');
  });

  it('durations follow humantime and truncate to whole seconds', () => {
    assert.deepStrictEqual(parseDuration('5m'), { ok: true, value: 300 });
    assert.deepStrictEqual(parseDuration('1h30m'), { ok: true, value: 5400 });
    assert.deepStrictEqual(parseDuration('1m 10s'), { ok: true, value: 70 });
    assert.deepStrictEqual(parseDuration('2M'), { ok: true, value: 5_260_032 });
    assert.deepStrictEqual(parseDuration('1500ms'), { ok: true, value: 1 });
    assert.strictEqual(parseDuration('30').ok, false);
    assert.strictEqual(parseDuration('5 fortnights').ok, false);
    assert.strictEqual(check('duration', '"1h30m"')?.explain, '1h30m = 5,400 seconds (1 h 30 min)');
    assert.strictEqual(check('duration', '"500ms"')?.code, 'nativelink/sub-second-duration');
    const bare = check('duration', '"30"');
    assert.strictEqual(bare?.severity, 'error');
    assert.strictEqual(applyEdits('"30"', bare!.fixes![0].edits), '"30s"');
    assert.strictEqual(check('duration', '-1')?.severity, 'error');
    assert.strictEqual(check('duration-signed', '-1')?.message, undefined);
    assert.strictEqual(check('duration', '"${T}"')?.message, undefined);
  });

  it('ints, bools, shellexpand and literal strings', () => {
    assert.strictEqual(check('int-or-string', '"42"')?.message, undefined);
    assert.strictEqual(check('int-or-string', '"64kb"')?.severity, 'error');
    assert.strictEqual(check('int-or-string', '-1', { minimum: 0 })?.severity, 'error');
    assert.strictEqual(check('bool-or-string', '"TRue"')?.message, undefined);
    assert.strictEqual(check('bool-or-string', '"yes"')?.severity, 'error');
    assert.strictEqual(check('shellexpand', '"${HOME}/cache"')?.message, undefined);
    assert.strictEqual(check('shellexpand', '"${HOME"')?.severity, 'warning');
    assert.strictEqual(check('shellexpand', '"~/cache"')?.code, 'nativelink/tilde-path');
    assert.strictEqual(check('literal', '"${STORE}"')?.code, 'nativelink/env-not-expanded');
    assert.strictEqual(check('literal', '"plain"'), undefined);
  });

  it('socket addresses are IP:port only', () => {
    assert.ok(parseSocketAddress('0.0.0.0:50051').ok);
    assert.ok(parseSocketAddress('[::]:50051').ok);
    assert.strictEqual(parseSocketAddress(':8080').ok, false);
    assert.strictEqual(parseSocketAddress('localhost:8080').ok, false);
    assert.strictEqual(parseSocketAddress('1.2.3.4:70000').ok, false);
    const r = check('address', '":8080"');
    assert.strictEqual(r?.code, 'nativelink/invalid-socket-address');
    assert.strictEqual(applyEdits('":8080"', r!.fixes![0].edits), '"0.0.0.0:8080"');
    assert.strictEqual(check('address', '"${ADDR}"')?.message, undefined);
  });

  it('uris need a known scheme', () => {
    assert.strictEqual(check('uri', '"grpc://h:1"')?.message, undefined);
    assert.strictEqual(check('uri', '"h:50051"')?.code, 'nativelink/invalid-uri');
    assert.strictEqual(check('uri', '"ftp://h:1"')?.code, 'nativelink/invalid-uri');
    assert.strictEqual(check('uri', '"grpc://${SCHEDULER:-127.0.0.1}:50061"')?.message, undefined);
  });

  it('every x-grammar in the schema has a check', () => {
    const names = new Set<string>();
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (typeof o['x-grammar'] === 'string') names.add(o['x-grammar']);
        Object.values(o).forEach(walk);
      }
    };
    walk(nativelinkEngine.schema);
    for (const g of names) assert.ok(nativelinkEngine.grammars[g], `grammar ${g}`);
  });
});

describe('nativelink edits', () => {
  it('insertProperty copies indentation, quoting and trailing commas; keeps comments', () => {
    const t = `{\n  "a": 1, // one\n  "b": 2,\n}`;
    const obj = parseJson5(t).root!;
    assert.strictEqual(applyEdits(t, insertProperty(t, obj, 'c', '3')), `{\n  "a": 1, // one\n  "b": 2,\n  "c": 3,\n}`);
    const t2 = `{\n    a: 1 // one\n}`;
    assert.strictEqual(applyEdits(t2, insertProperty(t2, parseJson5(t2).root!, 'b', '2')), `{\n    a: 1, // one\n    b: 2\n}`);
    const t3 = `{ a: 1 }`;
    assert.strictEqual(applyEdits(t3, insertProperty(t3, parseJson5(t3).root!, 'b', '2')), `{ a: 1, b: 2 }`);
    const t4 = `{ x: {} }`;
    const inner = parseJson5(t4).root!.children![0].children![1];
    assert.strictEqual(applyEdits(t4, insertProperty(t4, inner, 'y', '1')), `{ x: { y: 1 } }`);
  });

  it('renameKey and removeProperty keep the rest intact', () => {
    const t = `{\n  'old': 1,\n  keep: 2,\n}`;
    const root = parseJson5(t).root!;
    assert.strictEqual(applyEdits(t, renameKey(t, root.children![0], 'new')), `{\n  'new': 1,\n  keep: 2,\n}`);
    assert.strictEqual(applyEdits(t, removeProperty(t, root.children![0])), `{\n  keep: 2,\n}`);
    const t2 = `{ a: 1, b: 2 }`;
    const r2 = parseJson5(t2).root!;
    assert.strictEqual(applyEdits(t2, removeProperty(t2, r2.children![1])), `{ a: 1 }`);
  });

  it('engine.insertProperty returns one edit', () => {
    const t = `{\n  a: 1\n}`;
    const e = nativelinkEngine.insertProperty!(t, parseJson5(t).root!, 'b', '2');
    assert.strictEqual(applyEdits(t, [e]), `{\n  a: 1,\n  b: 2\n}`);
  });
});

describe('nativelink symbols and engine', () => {
  const text = `{
  stores: [{ name: "CAS", memory: {} }, { name: "AC", ref_store: { name: "CAS" } }],
  schedulers: [{ name: "S", simple: { supported_platform_properties: { cpu_count: "minimum", OSFamily: "exact" } } }],
  workers: [{ local: { name: "w1", cas_fast_slow_store: "CAS", upload_action_result: { ac_store: "AC", historical_results_store: "CAS" }, platform_properties: {} } }],
  servers: [{ name: "public", listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    cas: { main: { cas_store: "CAS" } },
    ac: [{ instance_name: "main", ac_store: "AC" }],
    execution: [{ cas_store: "CAS", scheduler: "S" }],
    capabilities: [{ remote_execution: { scheduler: "S" } }],
    bytestream: { cas_stores: { main: "CAS" } },
    fetch: [{ fetch_store: "CAS" }], push: [{ push_store: "CAS" }],
    worker_api: { scheduler: "S" },
    experimental_bep: { store: "AC" },
  } }],
  experimental_origin_events: { publisher: { store: "CAS" } },
}`;
  const root = parseJson5(text).root!;

  it('indexes definitions of every kind', () => {
    const idx = nativelinkSymbols(root);
    assert.deepStrictEqual(
      idx.definitions.map((d) => `${d.kind}:${d.name}`),
      ['store:CAS', 'store:AC', 'scheduler:S', 'server:public', 'worker:w1'],
    );
  });

  it('indexes every reference field, including legacy maps', () => {
    const refs = nativelinkSymbols(root).references.map((r) => `${r.kind}:${r.name}`);
    assert.strictEqual(refs.filter((r) => r === 'store:CAS').length, 9);
    assert.strictEqual(refs.filter((r) => r === 'store:AC').length, 3);
    assert.strictEqual(refs.filter((r) => r === 'scheduler:S').length, 3);
    assert.deepStrictEqual(nativelinkSymbols(undefined), { definitions: [], references: [] });
  });

  it('suggests store/scheduler names, platform properties and examples', () => {
    const s = nativelinkEngine.suggestValues!;
    assert.deepStrictEqual(s(root, ['servers', 0, 'services', 'ac', 0, 'ac_store'], { 'x-ref-kind': 'store' }).map((v) => v.label), ['CAS', 'AC']);
    assert.deepStrictEqual(s(root, ['x'], { 'x-ref-kind': 'scheduler' }).map((v) => v.label), ['S']);
    assert.deepStrictEqual(s(root, ['workers', 0, 'local', 'platform_properties'], undefined).map((v) => v.label), ['cpu_count', 'OSFamily']);
    assert.ok(s(root, ['x'], { 'x-grammar': 'size' }).some((v) => v.label === '"10gb"'));
    assert.ok(s(root, ['x'], { 'x-grammar': 'duration' }).length > 0);
  });

  it('treats ${VAR} as runtime only in shell-expanded fields', () => {
    const v = scalar('"${X}"');
    assert.strictEqual(nativelinkEngine.isRuntimeValue!(v, { 'x-grammar': 'size' }), true);
    assert.strictEqual(nativelinkEngine.isRuntimeValue!(v, { 'x-grammar': 'shellexpand' }), true);
    assert.strictEqual(nativelinkEngine.isRuntimeValue!(v, { 'x-grammar': 'literal' }), false);
    assert.strictEqual(nativelinkEngine.isRuntimeValue!(scalar('"x"'), { 'x-grammar': 'size' }), false);
    assert.strictEqual(nativelinkEngine.kind, 'nativelink');
    assert.ok(nativelinkEngine.rules.length >= 30);
  });
});
