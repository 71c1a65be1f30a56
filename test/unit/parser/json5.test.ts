import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import JSON5 from 'json5';
import { parseJson5 } from '../../../server/src/parser/json5';
import { toValue, findNodeAtOffset, getNodePath, valueOf, propertyOf, type ASTNode } from '../../../server/src/parser/ast';
import { checkTree, corpusFiles, mutate, prng } from './helpers';

/** [code, offset, length] of every error. */
function errs(text: string): [string, number, number][] {
  return parseJson5(text).errors.map((e) => [e.code, e.offset, e.length]);
}

function value(text: string): unknown {
  const r = parseJson5(text);
  assert.deepEqual(r.errors, [], `unexpected errors for ${JSON.stringify(text)}`);
  return toValue(r.root);
}

function at(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in text`);
  return i;
}

describe('parseJson5', () => {
  describe('corpus (NativeLink configs)', () => {
    const files = corpusFiles('nativelink', ['.json5']);
    it(`parses ${files.length} corpus files with zero errors and the same value as the json5 package`, () => {
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        const r = parseJson5(text);
        assert.deepEqual(r.errors, [], f);
        checkTree(r.root, text.length);
        assert.deepStrictEqual(toValue(r.root), JSON5.parse(text), f);
        // every comment is a real comment
        for (const c of r.comments) assert.ok(text.startsWith('//', c.offset) || text.startsWith('/*', c.offset), f);
      }
    });
  });

  describe('dialect', () => {
    it('unquoted keys: identifiers with $, _, unicode letters and \\u escapes', () => {
      assert.deepStrictEqual(value('{ $a: 1, _b: 2, café: 3, 名前: 4, a1_$: 5, \\u0061bc: 6, true: 7, null: 8 }'), {
        $a: 1, _b: 2, café: 3, 名前: 4, a1_$: 5, abc: 6, true: 7, null: 8,
      });
    });
    it('quoted keys, including empty and keys that must be quoted', () => {
      assert.deepStrictEqual(value(`{ "container-image": 1, 'lre-rs': 2, "": 3, "a:b": 4 }`), { 'container-image': 1, 'lre-rs': 2, '': 3, 'a:b': 4 });
    });
    it('strings: both quotes and every escape', () => {
      const src = [
        String.raw`["a\"b"`,
        String.raw`'a\'b'`,
        String.raw`"\\ \/ \b \f \n \r \t \v \0"`,
        String.raw`"\x41\u0042\u00e9"`,
        String.raw`"\q\ \%"`,
        '"line\\\ncont"',
        "'crlf\\\r\nx'",
        String.raw`"😀 \uD83D\uDE00"`,
        '"tab\tinside"]',
      ].join(', ');
      const v = value(src) as string[];
      assert.deepStrictEqual(v, ['a"b', "a'b", '\\ / \b \f \n \r \t \v \0', 'ABé', 'q %', 'linecont', 'crlfx', '😀 😀', 'tab\tinside']);
      assert.deepStrictEqual(v.slice(0, 4), JSON5.parse(src).slice(0, 4));
    });
    it('\\0 followed by a digit is accepted (serde_json5 grammar) as NUL + digit', () => {
      assert.deepStrictEqual(value('"\\01"'), '\u00001');
    });
    it('numbers: hex, signs, leading/trailing point, exponents, Infinity, NaN', () => {
      const v = value('[0x1F, 0XfF, -0x10, +1, -1, .5, 5., -.5e1, 1e3, 1E-2, 2.5e+2, 0, -0, Infinity, -Infinity, +Infinity, NaN, -NaN, 10000000000]') as number[];
      assert.deepStrictEqual(v, [31, 255, -16, 1, -1, 0.5, 5, -5, 1000, 0.01, 250, 0, -0, Infinity, -Infinity, Infinity, NaN, NaN, 10000000000]);
    });
    it('number node spans', () => {
      const r = parseJson5('[ -.5e1 , 0x1F]');
      const [a, b] = r.root!.children!;
      assert.deepEqual([a.type, a.offset, a.length, a.value], ['number', 2, 5, -5]);
      assert.deepEqual([b.offset, b.length, b.value], [10, 4, 31]);
    });
    it('literals, trailing commas, empty containers', () => {
      assert.deepStrictEqual(value('{a: true, b: false, c: null, d: [], e: {}, f: [1, 2,], g: {x: 1,},}'), {
        a: true, b: false, c: null, d: [], e: {}, f: [1, 2], g: { x: 1 },
      });
    });
    it('scalar roots', () => {
      assert.equal(value(' 42 '), 42);
      assert.equal(value('"s"'), 's');
      assert.equal(value('null'), null);
    });
    it('comments are collected and skipped anywhere whitespace is allowed', () => {
      const text = '// head\n{ /* a */ a /* b */ : /* c */ 1 /* d */, // e\n /// f\n b: 2 }// tail';
      const r = parseJson5(text);
      assert.deepEqual(r.errors, []);
      assert.deepStrictEqual(toValue(r.root), { a: 1, b: 2 });
      assert.deepEqual(
        r.comments.map((c) => text.substr(c.offset, c.length)),
        ['// head', '/* a */', '/* b */', '/* c */', '/* d */', '// e', '/// f', '// tail'],
      );
    });
    it('extra whitespace characters: NBSP, BOM, Zs, U+2028/2029, VT, FF', () => {
      assert.deepStrictEqual(value('\uFEFF{\u00A0a:\u20031,\u2028b:\u000B2\u000C,\u2029}'), { a: 1, b: 2 });
    });
    it('duplicate keys are not reported (serde_json5 accepts them; last wins in maps)', () => {
      const r = parseJson5('{ a: 1, a: 2 }');
      assert.deepEqual(r.errors, []);
      assert.equal(r.root!.children!.length, 2);
      assert.deepStrictEqual(toValue(r.root), { a: 2 });
    });
  });

  describe('AST shape and offsets', () => {
    const text = '{\n  stores: [ { name: "a", memory: { } } ],\n}';
    const r = parseJson5(text);
    it('exact spans', () => {
      assert.deepEqual(r.errors, []);
      checkTree(r.root, text.length);
      const root = r.root!;
      assert.deepEqual([root.type, root.offset, root.length], ['object', 0, text.length]);
      const p = root.children![0];
      assert.deepEqual([p.type, p.offset, p.length, p.colonOffset], ['property', 4, at(text, ']') + 1 - 4, 10]);
      const key = p.children![0];
      assert.deepEqual([key.type, key.offset, key.length, key.value, key.quoted], ['string', 4, 6, 'stores', false]);
      const arr = p.children![1];
      assert.deepEqual([arr.type, arr.offset], ['array', at(text, '[')]);
      const name = valueOf(arr.children![0], 'name')!;
      assert.deepEqual([name.offset, name.length, name.value, name.quoted], [at(text, '"a"'), 3, 'a', true]);
      const mem = valueOf(arr.children![0], 'memory')!;
      assert.deepEqual([mem.type, mem.offset, mem.length], ['object', at(text, '{ }'), 3]);
    });
    it('works with findNodeAtOffset / getNodePath', () => {
      const n = findNodeAtOffset(r.root, at(text, '"a"') + 1)!;
      assert.deepEqual(getNodePath(n), ['stores', 0, 'name']);
    });
  });

  describe('errors (exact ranges)', () => {
    it('missing comma between properties', () => {
      const text = '{ a: 1\n  b: 2 }';
      assert.deepEqual(errs(text), [['missing-comma', at(text, 'b'), 1]]);
      assert.equal(parseJson5(text).errors[0].message, "Expected ',' or '}' after property");
      assert.deepStrictEqual(toValue(parseJson5(text).root), { a: 1, b: 2 });
    });
    it('missing comma between array elements', () => {
      assert.deepEqual(errs('[1 "x"]'), [['missing-comma', 3, 3]]);
      assert.deepStrictEqual(toValue(parseJson5('[1 "x"]').root), [1, 'x']);
    });
    it('missing colon (value on the same line is kept)', () => {
      const text = '{ a 1, b: 2 }';
      assert.deepEqual(errs(text), [['missing-colon', 4, 1]]);
      assert.deepStrictEqual(toValue(parseJson5(text).root), { a: 1, b: 2 });
    });
    it('missing colon at a half-typed key (property without value)', () => {
      const text = '{ a: 1, na }';
      assert.deepEqual(errs(text), [['missing-colon', 8, 2]]);
      const p = propertyOf(parseJson5(text).root, 'na')!;
      assert.deepEqual([p.offset, p.length, p.children!.length, p.colonOffset], [8, 2, 1, undefined]);
    });
    it('missing value before } , and before the next key on a later line', () => {
      assert.deepEqual(errs('{ a: }'), [['missing-value', 5, 1]]);
      assert.deepEqual(errs('{ a: , b: 1 }'), [['missing-value', 5, 1]]);
      const text = '{\n  a:\n  b: 1\n}';
      assert.deepEqual(errs(text), [['missing-value', at(text, 'b'), 1]]);
      const r = parseJson5(text);
      const a = propertyOf(r.root, 'a')!;
      assert.deepEqual([a.offset, a.length, a.colonOffset, a.children!.length], [4, 2, 5, 1]);
      assert.deepStrictEqual(toValue(r.root), { a: undefined, b: 1 });
    });
    it('missing value at end of input', () => {
      assert.deepEqual(errs('{ a:'), [
        ['missing-value', 4, 0],
        ['missing-close', 4, 0],
      ]);
      assert.match(parseJson5('{ a:').errors[0].message, /Unexpected end of input/);
    });
    it('unclosed containers report the line they were opened at', () => {
      const text = '{\n  a: {\n    b: [1,\n';
      const r = parseJson5(text);
      assert.deepEqual(
        r.errors.map((e) => [e.code, e.offset, e.length, e.message]),
        [
          ['missing-close', text.length, 0, "Unexpected end of input: missing ']' opened at line 3"],
          ['missing-close', text.length, 0, "Unexpected end of input: missing '}' opened at line 2"],
          ['missing-close', text.length, 0, "Unexpected end of input: missing '}' opened at line 1"],
        ],
      );
      assert.deepStrictEqual(toValue(r.root), { a: { b: [1] } });
      // unclosed containers extend to the end of input so the cursor there is inside them
      const n = findNodeAtOffset(r.root, text.length, true)!;
      assert.deepEqual(getNodePath(n), ['a', 'b']);
    });
    it('mismatched closing bracket closes the inner container', () => {
      const text = '{ a: [1, 2 }';
      assert.deepEqual(errs(text), [['missing-close', 11, 1]]);
      assert.match(parseJson5(text).errors[0].message, /Expected '\]' to close '\[' opened at line 1/);
      assert.deepStrictEqual(toValue(parseJson5(text).root), { a: [1, 2] });
    });
    it('stray closing bracket with no matching opener is skipped', () => {
      const text = '{ a: 1 ], b: 2 }';
      assert.deepEqual(errs(text), [['syntax', 7, 1]]);
      assert.deepStrictEqual(toValue(parseJson5(text).root), { a: 1, b: 2 });
    });
    it('property key expected', () => {
      assert.deepEqual(errs('{ , a: 1 }'), [['syntax', 2, 1]]);
      assert.match(parseJson5('{ , a: 1 }').errors[0].message, /Property key expected/);
      assert.deepEqual(errs('{ : 1, a: 2 }'), [['syntax', 2, 1]]);
      assert.deepEqual(errs('{ 1: 2 }'), [['syntax', 2, 1]]);
      assert.deepStrictEqual(toValue(parseJson5('{ : 1, a: 2 }').root), { a: 2 });
    });
    it('unterminated string: at end of line and at end of input', () => {
      const text = '{ a: "abc\n, b: 1 }';
      assert.deepEqual(errs(text), [['unterminated-string', 5, 4]]);
      assert.equal(parseJson5(text).errors[0].message, 'Unterminated string');
      assert.deepStrictEqual(toValue(parseJson5(text).root), { a: 'abc', b: 1 });
      assert.deepEqual(errs("{ a: 'ab"), [
        ['unterminated-string', 5, 3],
        ['missing-close', 8, 0],
      ]);
      assert.deepStrictEqual(toValue(parseJson5("{ a: 'ab").root), { a: 'ab' });
      // one error per position: the half-typed quoted key does not also get "missing ':'"
      assert.deepEqual(errs('{ "ab'), [
        ['unterminated-string', 2, 3],
        ['missing-close', 5, 0],
      ]);
    });
    it('unterminated block comment', () => {
      assert.deepEqual(errs('{ a: 1 } /* x'), [['unterminated-comment', 9, 2]]);
      assert.deepEqual(parseJson5('{ a: 1 } /* x').comments, [{ offset: 9, length: 4 }]);
    });
    it('invalid escapes', () => {
      assert.deepEqual(errs('"a\\1b"'), [['invalid-escape', 2, 2]]);
      assert.deepEqual(errs('"\\xZZ"'), [['invalid-escape', 1, 2]]);
      assert.deepEqual(errs('"\\u12"'), [['invalid-escape', 1, 2]]);
    });
    it('raw U+2028 inside a string is rejected like serde_json5', () => {
      assert.deepEqual(errs('"a\u2028b"'), [['syntax', 2, 1]]);
    });
    it('invalid numbers', () => {
      assert.deepEqual(errs('[01]'), [['invalid-number', 1, 2]]);
      assert.match(parseJson5('[01]').errors[0].message, /leading zeros/);
      assert.deepEqual(errs('[1abc, 2]'), [['invalid-number', 1, 4]]);
      assert.deepEqual(errs('[0x]'), [['invalid-number', 1, 2]]);
      assert.deepEqual(errs('[1e]'), [['invalid-number', 1, 2]]);
      assert.deepEqual(errs('[1.2.3]'), [['invalid-number', 1, 5]]);
      assert.deepEqual(errs('[-]'), [['invalid-number', 1, 1]]);
      assert.deepEqual(errs('[- 1]'), [
        ['invalid-number', 1, 1],
        ['missing-comma', 3, 1],
      ]);
      assert.deepEqual(errs('[0x100000000]'), [['invalid-number', 1, 11]]);
      assert.deepEqual(errs('[0xFFFFFFFF]'), []);
    });
    it('unquoted word as a value: kept as an unquoted string node', () => {
      const text = '{ a: hello }';
      assert.deepEqual(errs(text), [['syntax', 5, 5]]);
      const v = valueOf(parseJson5(text).root, 'a')!;
      assert.deepEqual([v.type, v.value, v.quoted], ['string', 'hello', false]);
    });
    it('unexpected characters and binary junk', () => {
      assert.deepEqual(errs('{ a: 1, # b: 2 }'), [['syntax', 8, 1]]);
      const r = parseJson5('{ a: \u0000\u0001\u0002, b: 2 }');
      assert.deepEqual(r.errors.map((e) => [e.code, e.offset, e.length]), [['syntax', 5, 3], ['missing-value', 8, 1]]);
      assert.match(r.errors[0].message, /U\+0000/);
      assert.deepStrictEqual(toValue(r.root), { a: undefined, b: 2 });
    });
    it('trailing content after the root', () => {
      assert.deepEqual(errs('{} }'), [['syntax', 3, 1]]);
      assert.deepEqual(errs('{} {}'), [['syntax', 3, 1]]);
    });
    it('empty document', () => {
      const r = parseJson5('  // nothing\n');
      assert.equal(r.root, undefined);
      assert.deepEqual(r.errors.map((e) => e.code), ['unexpected-end']);
      assert.equal(r.comments.length, 1);
    });
    it('missing outer braces: parsed as an implicit object', () => {
      const text = 'stores: [], servers: []';
      assert.deepEqual(errs(text), [['syntax', 0, 0]]);
      assert.deepStrictEqual(toValue(parseJson5(text).root), { stores: [], servers: [] });
    });
    it('very deep nesting does not overflow the stack', () => {
      const text = '['.repeat(100000) + ']'.repeat(100000);
      const r = parseJson5(text);
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0].message, /Nesting deeper/);
      const unclosed = parseJson5('{a:'.repeat(50000));
      assert.ok(unclosed.errors.length > 0);
    });
  });

  describe('recovery while typing', () => {
    it('keeps the complete first store and a partial second one', () => {
      const text = '{ stores: [ { name: "a", memory: { } }, { na';
      const r = parseJson5(text);
      checkTree(r.root, text.length);
      const stores = valueOf(r.root, 'stores')!;
      assert.equal(stores.children!.length, 2);
      assert.deepStrictEqual(toValue(stores.children![0]), { name: 'a', memory: {} });
      const second = stores.children![1];
      assert.equal(second.type, 'object');
      assert.equal(second.children!.length, 1);
      const p = second.children![0];
      assert.deepEqual([p.type, p.offset, p.length, p.children!.length, p.children![0].value], ['property', text.length - 2, 2, 1, 'na']);
      assert.deepEqual(getNodePath(findNodeAtOffset(r.root, text.length, true)!), ['stores', 1, 'na']);
    });
    it('half-typed value, then more properties', () => {
      const text = '{\n  stores: [\n    { name: "CAS", memory: { eviction_policy: { max_bytes: } } },\n    { name: "AC", filesystem: {} },\n  ],\n}';
      const r = parseJson5(text);
      assert.deepEqual(r.errors.map((e) => e.code), ['missing-value']);
      const v = toValue(r.root) as { stores: unknown[] };
      assert.equal(v.stores.length, 2);
      assert.deepStrictEqual(v.stores[1], { name: 'AC', filesystem: {} });
    });
    it('a missing colon before the next line key does not swallow it', () => {
      const text = '{\n  name\n  memory: {}\n}';
      const r = parseJson5(text);
      assert.deepEqual(r.errors.map((e) => [e.code, e.offset]), [['missing-colon', 4]]);
      assert.deepStrictEqual(toValue(r.root), { name: undefined, memory: {} });
    });
    it('unterminated string in the middle keeps the rest of the document', () => {
      const text = '{\n  a: "oops,\n  b: 1,\n  c: [1, 2],\n}';
      const r = parseJson5(text);
      assert.deepEqual(r.errors.map((e) => e.code), ['unterminated-string', 'missing-comma']);
      assert.deepStrictEqual(toValue(r.root), { a: 'oops,', b: 1, c: [1, 2] });
    });
  });

  describe('robustness', () => {
    it('fuzz: mutated corpus files never throw and finish quickly', function () {
      this.timeout(60000);
      const files = corpusFiles('nativelink', ['.json5']);
      const seeds = files.length ? files.map((f) => fs.readFileSync(f, 'utf8')) : ['{ stores: [ { name: "a", memory: { eviction_policy: { max_bytes: 10 } } } ] }'];
      const rnd = prng(0xc0ffee);
      let worst = 0;
      const N = 1500;
      for (let i = 0; i < N; i++) {
        const text = mutate(seeds[i % seeds.length], rnd);
        const t0 = process.hrtime.bigint();
        let r;
        try {
          r = parseJson5(text);
        } catch (e) {
          assert.fail(`threw on iteration ${i}: ${String(e)}\n${JSON.stringify(text.slice(0, 500))}`);
        }
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        worst = Math.max(worst, ms);
        assert.ok(ms < 2000, `iteration ${i} took ${ms} ms`);
        checkTree(r.root, text.length);
        for (const e of r.errors) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `error range out of text: ${JSON.stringify(e)}`);
      }
      console.log(`      [fuzz] ${N} mutated JSON5 documents, slowest parse ${worst.toFixed(2)} ms`);
    });
    it('random binary input never throws', () => {
      const rnd = prng(42);
      for (let i = 0; i < 300; i++) {
        let s = '';
        const n = Math.floor(rnd() * 400);
        for (let j = 0; j < n; j++) s += String.fromCharCode(Math.floor(rnd() * (rnd() < 0.5 ? 0x80 : 0x10000)));
        const r = parseJson5(s);
        checkTree(r.root, s.length);
      }
    });
    it('perf: ~5,000-line config (logs only)', () => {
      const lines: string[] = ['{', '  // generated', '  stores: ['];
      let i = 0;
      while (lines.length < 4990) {
        lines.push(
          '    {',
          `      name: "STORE_${i}",`,
          '      filesystem: {',
          `        content_path: "/tmp/nativelink/data/content_path-${i}",`,
          `        temp_path: '/tmp/nativelink/data/tmp_path-${i}', /* block */`,
          '        eviction_policy: {',
          `          max_bytes: ${1000000000 + i}, // 1gb`,
          '          evict_bytes: 0x10, ratio: .5, other: +1e3, f: Infinity,',
          '        },',
          '      },',
          '    },',
        );
        i++;
      }
      lines.push('  ],', '}');
      const text = lines.join('\n');
      const r0 = parseJson5(text); // warm-up
      assert.deepEqual(r0.errors, []);
      const runs = 20;
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < runs; k++) parseJson5(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6 / runs;
      console.log(`      [perf] parseJson5: ${lines.length} lines / ${(text.length / 1024).toFixed(0)} KiB in ${ms.toFixed(2)} ms (avg of ${runs})`);
      assert.deepStrictEqual(toValue(r0.root), JSON5.parse(text));
    });
  });
});

export type { ASTNode };
