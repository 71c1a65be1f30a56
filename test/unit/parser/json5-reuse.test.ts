import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { ASTNode, ParseResult } from '../../../server/src/parser/ast';
import { parseJson5 } from '../../../server/src/parser/json5';
import { reparseJson5, type Json5Parse } from '../../../server/src/parser/json5Reuse';
import { REPO_ROOT } from '../../sharedPaths';
import { checkTree, corpusFiles, prng, randomEdit } from './helpers';

/** Reusing the previous parse must be indistinguishable from parsing the whole text. */
function canon(r: ParseResult): string {
  const sortKeys = (_k: string, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).filter(([k]) => k !== 'parent').sort(([a], [b]) => (a < b ? -1 : 1))) : v;
  return JSON.stringify({ root: r.root, errors: r.errors, comments: r.comments }, sortKeys);
}

function nodes(n: ASTNode | undefined, out = new Set<ASTNode>()): Set<ASTNode> {
  if (!n) return out;
  out.add(n);
  for (const c of n.children ?? []) nodes(c, out);
  return out;
}

const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<{ generateNativeLink(o: { lines: number }): string; generateRefChain(o: { stores: number }): string }>;

describe('JSON5 parse reusing the previous parse', () => {
  it('equals the whole parse along long chains of random edits, and reuses most of the tree when it can', async function () {
    this.timeout(120_000);
    const g = await importEsm(join(REPO_ROOT, 'test', 'bench', 'generate.mjs'));
    const bases = [g.generateNativeLink({ lines: 600 }), g.generateRefChain({ stores: 30 }), ...corpusFiles('nativelink', ['.json5', '.json']).map((f) => fs.readFileSync(f, 'utf8'))];
    const r = prng(5);
    let reused = 0;
    for (let chain = 0; chain < 40; chain++) {
      let text = bases[chain % bases.length];
      let prev: Json5Parse = { text, result: parseJson5(text) };
      let lastClean = text;
      for (let step = 0; step < 40; step++) {
        // A broken text is mostly mended by the next edit (the user types on), so reuse resumes.
        text = prev.result.errors.length && r() < 0.7 ? lastClean : randomEdit(text, r);
        const before = nodes(prev.result.root);
        const got = reparseJson5(prev, text);
        const whole = parseJson5(text);
        assert.equal(canon(got), canon(whole), `chain ${chain} step ${step}`);
        checkTree(got.root, text.length);
        if (got.root && [...nodes(got.root)].filter((n) => before.has(n)).length > before.size / 2) reused++;
        prev = { text, result: got };
        if (!got.errors.length) lastClean = text;
      }
    }
    assert.ok(reused > 200, `the previous tree was mostly kept only ${reused} times`);
  });

  it('reparses only the innermost container around the change', () => {
    const text = '{ stores: [ { name: "A", memory: { eviction_policy: { max_bytes: "1gb" } } }, { name: "B", noop: {} } ], // tail\n}';
    const prev = { text, result: parseJson5(text) };
    const storeB = prev.result.root!.children![0].children![1].children![1];
    const edited = text.replace('"1gb"', '"12gb"');
    const got = reparseJson5(prev, edited);
    assert.equal(canon(got), canon(parseJson5(edited)));
    const stores = got.root!.children![0].children![1];
    assert.equal(stores.children![1], storeB, 'the store after the change is kept (moved, not rebuilt)');
    assert.equal(storeB.offset, edited.indexOf('{ name: "B"'));
    assert.equal(storeB.parent, stores);
    assert.notEqual(got.root, prev.result.root, 'a new root, so views cached per tree are computed afresh');
    assert.deepEqual(got.comments, [{ offset: edited.indexOf('// tail'), length: '// tail'.length }]);
  });

  it('parses the whole text after a parse with errors, and returns the same parse for the same text', () => {
    const bad = '{ stores: [ { name: "A" memory: {} } ] }';
    const prev = { text: bad, result: parseJson5(bad) };
    assert.ok(prev.result.errors.length);
    const fixed = bad.replace('"A" memory', '"A", memory');
    assert.equal(canon(reparseJson5(prev, fixed)), canon(parseJson5(fixed)));
    const good = { text: fixed, result: parseJson5(fixed) };
    assert.equal(reparseJson5(good, fixed), good.result);
  });
});
