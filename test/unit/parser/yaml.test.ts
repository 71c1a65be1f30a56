import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../../../server/src/parser/yaml';
import { toValue, valueOf, propertyOf, findNodeAtOffset, getNodePath } from '../../../server/src/parser/ast';
import { checkTree, corpusFiles, mutate, prng } from './helpers';

function at(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in text`);
  return i;
}

describe('parseYaml', () => {
  describe('corpus (OpenTelemetry collector, metrics stack and NativeLink manifests)', () => {
    const files = [...corpusFiles('otel', ['.yaml', '.yml']), ...corpusFiles('metrics', ['.yaml', '.yml']), ...corpusFiles('nativelink', ['.yaml', '.yml'])];
    it(`parses ${files.length} corpus files like yaml's own toJS`, () => {
      let compared = 0;
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        const r = parseYaml(text);
        for (const d of r.documents) checkTree(d, text.length);
        const docs = parseAllDocuments(text, { merge: true });
        const libErrors = docs.reduce((a, d) => a + d.errors.length + d.warnings.length, 0);
        assert.equal(r.errors.length, libErrors, f);
        if (libErrors) continue; // compare values only where the library parses cleanly
        assert.deepStrictEqual(r.documents.map(toValue), docs.map((d) => d.toJS() ?? undefined), f);
        for (const c of r.comments) assert.equal(text[c.offset], '#', f);
        compared++;
      }
      console.log(`      [corpus] ${compared}/${files.length} YAML files compared with yaml.toJS`);
    });
  });

  describe('scalars', () => {
    it('decodes types; quoted only for quoted/block scalars', () => {
      const text = [
        'a: 1', 'b: 1.5', 'c: true', 'd: null', 'e: ~', 'f: "1"', "g: 'x'", 'h: plain', 'i: 0x1F', 'j: .inf', 'k: -.inf',
        'l: ${env:VAR}', 'm: $$', 'n: "${env:X:-default}"', 'o: |', '  lit', 'p: >-', '  folded', 'q:', 'r: 0o17', 's: 1e3',
      ].join('\n');
      const r = parseYaml(text);
      assert.deepEqual(r.errors, []);
      assert.deepStrictEqual(toValue(r.root), {
        a: 1, b: 1.5, c: true, d: null, e: null, f: '1', g: 'x', h: 'plain', i: 31, j: Infinity, k: -Infinity,
        l: '${env:VAR}', m: '$$', n: '${env:X:-default}', o: 'lit\n', p: 'folded', q: null, r: 15, s: 1000,
      });
      const types = Object.fromEntries(r.root!.children!.map((p) => [p.children![0].value, [p.children![1].type, !!p.children![1].quoted]]));
      assert.deepEqual(types.a, ['number', false]);
      assert.deepEqual(types.c, ['boolean', false]);
      assert.deepEqual(types.d, ['null', false]);
      assert.deepEqual(types.f, ['string', true]);
      assert.deepEqual(types.g, ['string', true]);
      assert.deepEqual(types.h, ['string', false]);
      assert.deepEqual(types.l, ['string', false]);
      assert.deepEqual(types.o, ['string', true]);
      assert.ok(Number.isNaN((toValue(parseYaml('x: .nan').root) as { x: number }).x));
    });
    it('exact spans: property = key start..value end, colonOffset, quoted span includes quotes', () => {
      const text = 'receivers:\n  otlp:\n    endpoint: "0.0.0.0:4317" # c\n';
      const r = parseYaml(text);
      const p = propertyOf(valueOf(valueOf(r.root, 'receivers'), 'otlp'), 'endpoint')!;
      const v = p.children![1];
      assert.deepEqual([p.offset, p.colonOffset, v.offset, v.length, v.value], [at(text, 'endpoint'), at(text, 'endpoint') + 8, at(text, '"'), 14, '0.0.0.0:4317']);
      assert.equal(p.length, v.offset + v.length - p.offset);
      assert.deepEqual(r.comments, [{ offset: at(text, '#'), length: 3 }]);
      assert.deepEqual(getNodePath(findNodeAtOffset(r.root, v.offset + 2)!), ['receivers', 'otlp', 'endpoint']);
    });
    it('non-scalar and null keys are stringified', () => {
      const r = parseYaml('? [a, b]\n: 1\n~: 2\n3: x\n');
      assert.deepStrictEqual(toValue(r.root), { '[a, b]': 1, '': 2, '3': 'x' });
    });
  });

  describe('aliases and merge keys', () => {
    const text = 'base: &b\n  endpoint: x\n  tls: {insecure: true}\nuse: *b\nmerged:\n  <<: *b\n  endpoint: y\n';
    const r = parseYaml(text);
    it('alias copies the anchored structure with the alias offsets', () => {
      assert.deepEqual(r.errors, []);
      const use = valueOf(r.root, 'use')!;
      assert.deepStrictEqual(toValue(use), { endpoint: 'x', tls: { insecure: true } });
      const alias = at(text, '*b');
      const check = (n: typeof use): void => {
        assert.deepEqual([n.offset, n.length], [alias, 2]);
        n.children?.forEach(check);
      };
      check(use);
      checkTree(r.root, text.length);
    });
    it('merge keys merge properties; explicit keys win; `<<` disappears', () => {
      const merged = valueOf(r.root, 'merged')!;
      assert.deepStrictEqual(toValue(merged), { tls: { insecure: true }, endpoint: 'y' });
      assert.equal(propertyOf(merged, '<<'), undefined);
      const tls = propertyOf(merged, 'tls')!;
      assert.deepEqual([tls.offset, tls.length], [at(text, '*b', 1), 2]);
      assert.equal(propertyOf(merged, 'endpoint')!.offset, at(text, 'endpoint', 1));
    });
    it('merge of a sequence of aliases: earlier sources win', () => {
      const t = 'a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n';
      assert.deepStrictEqual(toValue(valueOf(parseYaml(t).root, 'c')), { x: 1, y: 1, z: 2 });
      assert.deepStrictEqual(toValue(valueOf(parseYaml(t).root, 'c')), parseAllDocuments(t, { merge: true })[0].toJS().c);
    });
    it('recursive alias terminates', () => {
      const t = 'x: &a [1, *a]\n';
      const r2 = parseYaml(t);
      checkTree(r2.root, t.length);
    });
    it('billion laughs is capped', function () {
      this.timeout(20000);
      let t = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++) t += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      const r2 = parseYaml(t);
      assert.ok(r2.errors.some((e) => /Alias expansion exceeds/.test(e.message)));
    });
  });

  describe('errors and recovery', () => {
    it('half-typed key inside a mapping: property without value + yaml error at the key', () => {
      const text = 'receivers:\n  otlp:\n    protocols: {}\n    endp\nexporters: {}\n';
      const r = parseYaml(text);
      assert.deepEqual(r.errors.map((e) => [e.code, e.offset, e.length]), [['yaml', at(text, 'endp'), 4]]);
      assert.match(r.errors[0].message, /Implicit map keys need to be followed by map values/);
      const p = propertyOf(valueOf(valueOf(r.root, 'receivers'), 'otlp'), 'endp')!;
      assert.deepEqual([p.offset, p.length, p.children!.length], [at(text, 'endp'), 4, 1]);
      assert.deepStrictEqual(toValue(valueOf(r.root, 'exporters')), {});
    });
    it('key with colon but no value yet is a null-valued property', () => {
      const text = 'service:\n  pipelines:\n';
      const r = parseYaml(text);
      assert.deepEqual(r.errors, []);
      const p = propertyOf(valueOf(r.root, 'service'), 'pipelines')!;
      assert.equal(p.colonOffset, at(text, 'pipelines') + 9);
      assert.deepEqual(getNodePath(findNodeAtOffset(r.root, p.offset + 1)!), ['service', 'pipelines']);
    });
    it('unclosed flow collection still yields a tree', () => {
      const text = 'a:\n  b: [1, 2\nc: 3\n';
      const r = parseYaml(text);
      assert.ok(r.errors.length > 0);
      assert.ok(r.errors.every((e) => e.code === 'yaml' && e.offset >= 0 && e.offset + e.length <= text.length));
      assert.ok(r.root && r.root.type === 'object');
    });
    it('duplicate keys are reported (the collector\'s yaml.v3 rejects them)', () => {
      const text = 'a: 1\na: 2\n';
      assert.deepEqual(parseYaml(text).errors.map((e) => [e.code, e.offset, e.length]), [['yaml', 5, 1]]);
    });
    it('bad indentation / tabs produce yaml errors with positions', () => {
      const text = 'a:\n\tb: 1\n';
      const r = parseYaml(text);
      assert.ok(r.errors.length > 0);
      assert.equal(r.errors[0].code, 'yaml');
    });
    it('multi-document: root is the first document', () => {
      const r = parseYaml('a: 1\n---\nb: 2\n---\n');
      assert.equal(r.documents.length, 3);
      assert.deepStrictEqual(toValue(r.root), { a: 1 });
      assert.deepStrictEqual(toValue(r.documents[1]), { b: 2 });
      assert.equal(r.documents[2], undefined);
    });
    it('empty document', () => {
      const r = parseYaml('# only a comment\n');
      assert.equal(r.root, undefined);
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.comments, [{ offset: 0, length: 16 }]);
    });
  });

  describe('robustness', () => {
    it('fuzz: mutated corpus files never throw', function () {
      this.timeout(120000);
      const files = [...corpusFiles('otel', ['.yaml', '.yml']), ...corpusFiles('metrics', ['.yaml', '.yml'])];
      const seeds = files.length ? files.map((f) => fs.readFileSync(f, 'utf8')) : ['a:\n  b: [1, 2]\n  c: &x {d: 1}\n  e: *x\n'];
      const rnd = prng(7);
      const N = 600;
      let worst = 0;
      for (let i = 0; i < N; i++) {
        const text = mutate(seeds[i % seeds.length], rnd);
        const t0 = process.hrtime.bigint();
        const r = parseYaml(text);
        worst = Math.max(worst, Number(process.hrtime.bigint() - t0) / 1e6);
        for (const d of r.documents) checkTree(d, text.length);
        assert.ok(!r.errors.some((e) => /Internal YAML parser error/.test(e.message)), `internal error on iteration ${i}: ${r.errors.map((e) => e.message).join('; ')}`);
      }
      console.log(`      [fuzz] ${N} mutated YAML documents, slowest parse ${worst.toFixed(2)} ms`);
    });
    it('perf: ~5,000-line YAML (logs only)', () => {
      const lines = ['receivers:'];
      let i = 0;
      while (lines.length < 5000) {
        lines.push(`  otlp/${i}:`, '    protocols:', '      grpc:', `        endpoint: "0.0.0.0:${4000 + i}" # c`, `        max_recv_msg_size_mib: ${i}`);
        i++;
      }
      const text = lines.join('\n');
      parseYaml(text);
      const t0 = process.hrtime.bigint();
      const r = parseYaml(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.deepEqual(r.errors, []);
      console.log(`      [perf] parseYaml: ${lines.length} lines in ${ms.toFixed(1)} ms`);
    });
  });
});
