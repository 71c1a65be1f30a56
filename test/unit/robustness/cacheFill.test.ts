import * as assert from 'node:assert/strict';
import { cacheFills, clearCaches, type CacheFill } from '../../../server/src/cacheFill';
import { parseJson5 } from '../../../server/src/parser/json5';
import { parseYaml } from '../../../server/src/parser/yaml';
import { cleanEntriesHeld, validateSchema } from '../../../server/src/schema/validate';
import { findEmbedded } from '../../../server/src/service/embedded/hosts';
import { engines } from '../../../server/src/service/engines';
import { suggestions } from '../../../server/src/service/similar';
import { findings } from '../promrules/helpers';

const fill = (name: string): CacheFill => {
  const f = cacheFills().find((c) => c.name === name);
  assert.ok(f, `${name} is reported (${cacheFills().map((c) => c.name).join(', ')})`);
  return f;
};

/** A YAML text the split parse takes (top-level sections, over 8 KB), unique to `tag`. */
function collectorYaml(tag: string): string {
  const receivers = Array.from({ length: 120 }, (_, i) => `  otlp/${tag}_${i}:\n    protocols:\n      grpc:\n        endpoint: 0.0.0.0:${4000 + i}\n`).join('');
  return `receivers:\n${receivers}exporters:\n  debug/${tag}: {}\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp/${tag}_0]\n      exporters: [debug/${tag}]\n`;
}

// The fuzzer's memory verdict rests on these numbers: each server-wide cache says what it holds against its
// bounds, and emptying them all leaves only what no cache accounts for (test/fuzz/harness.ts, bareHeap).
describe('server-wide caches: fill levels and emptying', () => {
  before(() => {
    // Load every cache's module (the PromQL one loads with the rule engine).
    findEmbedded('file:///w/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  config.yaml: |\n    receivers: {}\n');
    findings('groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: sum(rate(x_total[5m]))\n');
  });

  it('reports each cache with its bounds', () => {
    const names = cacheFills().map((c) => c.name);
    for (const n of ['yaml pieces', 'PromQL findings', 'did-you-mean words', 'clean schema entries', 'host documents']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    for (const c of cacheFills()) assert.ok(c.maxEntries > 0 && (c.maxChars === undefined || c.maxChars > 0), JSON.stringify(c));
  });

  it('keeps the YAML piece cache within 1 M characters and counts the evictions', function () {
    this.timeout(60_000);
    clearCaches();
    const before = fill('yaml pieces').evictions;
    let parsed = 0;
    // 250 distinct texts of ~9 KB: more than twice the character bound.
    for (let i = 0; i < 250; i++) {
      const text = collectorYaml(`t${i}`);
      assert.deepEqual(parseYaml(text).errors, []);
      parsed += text.length;
      const f = fill('yaml pieces');
      assert.ok(f.chars! <= f.maxChars! && f.entries <= f.maxEntries, JSON.stringify(f));
    }
    assert.ok(parsed > 2 * 1024 * 1024, `parsed ${parsed} characters`);
    const after = fill('yaml pieces');
    assert.ok(after.evictions > before, `evictions ${before} → ${after.evictions}`);
    assert.ok(after.chars! > 0.5 * after.maxChars!, `still holds pieces after evicting: ${after.chars}`);
  });

  it('counts the clean schema entries it really holds', () => {
    clearCaches();
    const text = `{\n  stores: [\n${Array.from({ length: 300 }, (_, i) => `    { name: "S${i}", memory: {} },`).join('\n')}\n  ],\n}\n`;
    validateSchema(parseJson5(text).root!, engines.nativelink, text, { reuseCleanEntries: true });
    const f = fill('clean schema entries');
    assert.ok(f.entries > 0);
    assert.equal(f.entries, cleanEntriesHeld().entries);
    assert.equal(f.chars, cleanEntriesHeld().chars);
  });

  it('empties every cache, and each fills again on use', () => {
    parseYaml(collectorYaml('refill'));
    suggestions('recievers', ['receivers', 'processors', 'exporters', 'extensions', 'connectors']);
    assert.ok(fill('yaml pieces').entries > 0 && fill('did-you-mean words').entries > 0);
    clearCaches();
    for (const c of cacheFills()) {
      assert.equal(c.entries, 0, `${c.name} empty`);
      if (c.maxChars !== undefined) assert.equal(c.chars, 0, `${c.name} holds no characters`);
    }
    findings('groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: sum(rate(y_total[5m]))\n');
    assert.ok(fill('PromQL findings').entries > 0, 'the PromQL cache is in use again');
  });
});
