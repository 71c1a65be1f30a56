import * as assert from 'node:assert';
import { refStoreCycle } from '../../../server/src/nativelink/rules/ref-store-cycle';
import { runRules } from './helpers';

const loop = (n: number) => {
  const name = (i: number) => `S${String(i).padStart(3, '0')}`;
  const stores = Array.from({ length: n }, (_, i) => `{ name: "${name(i)}", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "${name((i + 1) % n)}" } } } }`);
  return `{ stores: [\n${stores.join(',\n')}\n], servers: [] }`;
};

describe('nativelink/ref-store-cycle', () => {
  it('reports a loop through 380 stores once, naming the first few and counting the rest', () => {
    const text = loop(380);
    const found = runRules(text, [refStoreCycle]);
    assert.equal(found.length, 1);
    const [f] = found;
    assert.equal(
      f.message,
      'ref_store loop through 380 stores: "S000" → "S001" → "S002" → "S003" → "S004" → "S005" → … 374 more → "S000". Every read or write would recurse forever.',
    );
    // At the reference that leaves the first store of the loop.
    assert.equal(text.slice(f.offset, f.offset + f.length), '"S001"');
  });

  it('names every store of a short loop, and a store that refers to itself', () => {
    assert.deepEqual(runRules(loop(3), [refStoreCycle]).map((f) => f.message), [
      'ref_store loop through 3 stores: "S000" → "S001" → "S002" → "S000". Every read or write would recurse forever.',
    ]);
    assert.deepEqual(runRules(loop(1), [refStoreCycle]).map((f) => f.message), ['ref_store loop through 1 store: "S000" → "S000". Every read or write would recurse forever.']);
  });

  it('reports two separate loops and nothing for a chain that ends', () => {
    const two = `{ stores: [
      { name: "A", ref_store: { name: "B" } }, { name: "B", ref_store: { name: "A" } },
      { name: "C", ref_store: { name: "D" } }, { name: "D", ref_store: { name: "C" } },
      { name: "E", ref_store: { name: "A" } },
    ], servers: [] }`;
    assert.equal(runRules(two, [refStoreCycle]).length, 2);
    assert.equal(runRules(`{ stores: [{ name: "A", ref_store: { name: "B" } }, { name: "B", noop: {} }], servers: [] }`, [refStoreCycle]).length, 0);
  });
});
