import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { parseJson5 } from '../../../server/src/parser/json5';
import { cleanEntriesHeld, validateSchema } from '../../../server/src/schema/validate';
import { engines } from '../../../server/src/service/engines';
import { REPO_ROOT } from '../../sharedPaths';
import { corpusFiles, prng } from '../parser/helpers';
import { canonFindings as canon } from './canonFindings';

const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<{ generateNativeLink(o: { lines: number }): string; generateRefChain(o: { stores: number }): string }>;

/** Reusing clean entries must give exactly what walking the whole document gives. */
describe('schema walk reusing clean top-level entries', () => {
  it('equals the whole walk after hundreds of random edits (the cache fills from earlier versions)', async function () {
    this.timeout(120_000);
    const g = await importEsm(join(REPO_ROOT, 'test', 'bench', 'generate.mjs'));
    const bases = [g.generateNativeLink({ lines: 800 }), g.generateRefChain({ stores: 40 }), ...corpusFiles('nativelink', ['.json5', '.json']).map((f) => fs.readFileSync(f, 'utf8'))];
    const r = prng(11);
    // Mostly edits that keep the text parseable (only those are validated with reuse), some that change meaning.
    const bits = ['x', '1', '0', ' ', '\n', 'gb', '"', ',', 'memory: {}, ', 'noop: {}, ', 'max_bytes: 1, ', 'bogus_key: 2, ', '${HOME}', '-', '.', 'true', '{}', '[]'];
    let validated = 0;
    for (let round = 0; round < 500; round++) {
      let t = bases[round % bases.length];
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const pos = Math.floor(r() * t.length);
        t = r() < 0.3 ? t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 4)) : t.slice(0, pos) + bits[Math.floor(r() * bits.length)] + t.slice(pos);
      }
      // The same version twice with reuse: the second sees its own clean entries cached.
      for (const text of [bases[round % bases.length], t, t]) {
        const parsed = parseJson5(text);
        if (!parsed.root || parsed.errors.length) continue;
        validated++;
        const whole = validateSchema(parseJson5(text).root!, engines.nativelink, text);
        const reused = validateSchema(parsed.root, engines.nativelink, text, { reuseCleanEntries: true });
        assert.equal(canon(reused), canon(whole), `round ${round}`);
      }
    }
    assert.ok(validated > 500, `enough parseable versions were compared (${validated})`);
  });
});

// Found while reading the fuzz run's heap: when the count was reached only the schema whose entry came next was
// cleared while the count went back to 0, so the other schemas' entries stayed, uncounted.
describe('clean-entry memory', () => {
  it('stays within 20,000 entries across schemas', function () {
    this.timeout(120_000);
    const nl = `{\n  stores: [\n${Array.from({ length: 15_000 }, (_, i) => `    { name: "S${i}", memory: {} },`).join('\n')}\n  ],\n}\n`;
    const col = `{\n  receivers: {\n${Array.from({ length: 15_000 }, (_, i) => `    "otlp/r${i}": { protocols: { grpc: { endpoint: "localhost:${20_000 + i}" } } },`).join('\n')}\n  },\n}\n`;
    for (const [text, engine] of [[nl, engines.nativelink], [col, engines.collector]] as const) {
      const parsed = parseJson5(text);
      assert.deepEqual(parsed.errors, []);
      validateSchema(parsed.root!, engine, text, { reuseCleanEntries: true });
    }
    const held = cleanEntriesHeld();
    assert.ok(held.entries > 0 && held.entries <= 20_000, `entries held: ${held.entries}`);
    assert.ok(held.chars <= 2 * 1024 * 1024, `characters held: ${held.chars}`);
  });
});
