import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../../../server/src/parser/yaml';
import { validateSchema } from '../../../server/src/schema/validate';
import { yamlEntryKeys } from '../../../server/src/schema/yamlEntryKey';
import { engines } from '../../../server/src/service/engines';
import { REPO_ROOT } from '../../sharedPaths';
import { corpusFiles, prng } from '../parser/helpers';
import { canonFindings as canon } from './canonFindings';

const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<{ generateCollector(o: { components: number; pipelines: number }): string }>;

/** What a YAML entry's tree depends on beyond its own text: its column, aliases, directives. */
const BITS = ['x', '1', ' ', '  ', '\n', '\n  ', ':', ': ', '- ', '#', '"', "'", '&a ', '*a', '<<: *a\n', '%YAML 1.1\n---\n', 'yes', 'on', '0777', '|2\n', '>\n', '\t', '[', ']', '{', '}', ',', '!!str ', '~', 'endpoint: 0.0.0.0:1\n'];

/** Reusing clean entries must give exactly what walking the whole YAML document gives. */
describe('schema walk reusing clean YAML entries', () => {
  it('equals the whole walk after hundreds of random edits (the cache fills from earlier versions)', async function () {
    this.timeout(120_000);
    const g = await importEsm(join(REPO_ROOT, 'test', 'bench', 'generate.mjs'));
    const bases = [g.generateCollector({ components: 40, pipelines: 6 }), ...corpusFiles('otel', ['.yaml', '.yml']).map((f) => fs.readFileSync(f, 'utf8'))];
    const r = prng(13);
    let validated = 0;
    for (let round = 0; round < 400; round++) {
      let t = bases[round % bases.length];
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        let pos = Math.floor(r() * t.length);
        if (r() < 0.5) pos = t.lastIndexOf('\n', pos) + 1; // at a line start: indentation changes
        t = r() < 0.3 ? t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 4)) : t.slice(0, pos) + BITS[Math.floor(r() * BITS.length)] + t.slice(pos);
      }
      // The same version twice with reuse: the second sees its own clean entries cached.
      for (const text of [bases[round % bases.length], t, t]) {
        const parsed = parseYaml(text);
        const entryKey = yamlEntryKeys(text);
        if (!parsed.root || parsed.errors.length || !entryKey) continue;
        validated++;
        const whole = validateSchema(parseYaml(text).root!, engines.collector, text);
        const reused = validateSchema(parsed.root, engines.collector, text, { reuseCleanEntries: true, entryKey });
        assert.equal(canon(reused), canon(whole), `round ${round}`);
      }
    }
    assert.ok(validated > 400, `enough parseable versions were compared (${validated})`);
  });

  it('keys an entry by its column and text, and not at all where an alias or a directive could change it', () => {
    const text = 'receivers:\n  otlp:\n    protocols: {}\n';
    const parsed = parseYaml(text);
    const entry = parsed.root!.children![0].children![1].children![0].children![1];
    assert.equal(yamlEntryKeys(text)!(entry), '4:protocols: {}\n');
    assert.equal(yamlEntryKeys(`%YAML 1.1\n---\n${text}`), undefined);
    const aliased = 'x: &p {}\nreceivers:\n  otlp:\n    protocols: *p\n';
    const e2 = parseYaml(aliased).root!.children![1].children![1].children![0].children![1];
    assert.equal(yamlEntryKeys(aliased)!(e2), undefined);
  });
});
