import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { toValue } from '../../../server/src/parser/ast';
import { parseYaml, parseYamlFull } from '../../../server/src/parser/yaml';

// Issue 10, defect 5: alias resolution per alias and yaml's uniqueKeys check were both quadratic. Sizes below
// took minutes before (10k aliases 38 s, 40k keys 14 s on every keystroke); the tier timeout catches a relapse.
describe('robustness: YAML paths are linear', () => {
  it('resolves each alias to the last anchor of its name before it, like yaml', () => {
    const text = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: [&y {k: *x}, *y]\nf: &z {self: *z}\n';
    const r = parseYamlFull(text);
    assert.deepEqual(r.errors, []);
    const v = toValue(r.root) as Record<string, unknown>;
    assert.equal(v.b, 1);
    assert.equal(v.d, 2);
    assert.deepEqual(v.e, [{ k: 2 }, { k: 2 }]);
    assert.deepEqual(v.f, { self: {} });
    assert.deepEqual(toValue(parseYamlFull('k: *nope\n').root), { k: null });
  });

  it('expands 20,000 aliases', () => {
    const text = 'a: &x {v: 1}\nb:\n' + '  - *x\n'.repeat(20_000);
    const r = parseYaml(text);
    assert.deepEqual(r.errors, []);
    const b = (toValue(r.root) as { b: unknown[] }).b;
    assert.equal(b.length, 20_000);
    assert.deepEqual(b[19_999], { v: 1 });
  });

  it('reports repeated keys of a 60,000-key mapping (full parse: BOM) at each repeat, as yaml does', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `  k${i}: ${i}\n`);
    keys.push('  k7: again\n', '  k59999: again\n');
    const text = '\ufeffm:\n' + keys.join('');
    const r = parseYaml(text);
    assert.deepEqual(r.errors.map((e) => e.message), ['Map keys must be unique', 'Map keys must be unique']);
    assert.equal(text.slice(r.errors[0].offset, r.errors[0].offset + 3), 'k7:');
    assert.equal(text.slice(r.errors[1].offset, r.errors[1].offset + 7), 'k59999:');
  });

  it('finds the same repeated keys as yaml (scalar equality; NaN and merge keys never repeat)', () => {
    const cases = [
      'a: 1\na: 2\na: 3\n',
      '{a: 1, b: 2, a: 3}',
      '1: a\n"1": b\n1: c\n',
      '~: 1\nnull: 2\n',
      '.nan: 1\n.nan: 2\n',
      '<<: {a: 1}\n<<: {b: 2}\n',
      '&x a: 1\n!!str a: 2\n',
      'x:\n  - a: 1\n    a: 2\n  - a: 3\n',
      '? [a]\n: 1\n? [a]\n: 2\n',
    ];
    for (const text of cases) {
      const ours = parseYamlFull(text).errors.filter((e) => e.message === 'Map keys must be unique').map((e) => e.offset);
      const lib = parseAllDocuments(text, { merge: true, uniqueKeys: true }).flatMap((d) => d.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]));
      assert.deepEqual(ours, lib, JSON.stringify(text));
    }
  });
});
