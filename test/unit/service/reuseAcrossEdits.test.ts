import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings } from '../../../server/src/service/settings';
import { REPO_ROOT } from '../../sharedPaths';
import { corpusFiles, prng, randomEdit } from '../parser/helpers';
import { canonFindings as canon } from '../schema/canonFindings';

const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<{ generateNativeLink(o: { lines: number }): string; generateRefChain(o: { stores: number }): string }>;

/**
 * What is kept from one keystroke to the next (the previous JSON5 tree, specs per store entry, alias-free
 * subtrees, clean schema entries by node) must never show: analysing a document version after version gives
 * exactly the findings, fixes included, of analysing each version afresh.
 */
describe('language service: reuse across edits', () => {
  it('gives the findings of a fresh analysis after every edit of a long editing session', async function () {
    this.timeout(180_000);
    const g = await importEsm(join(REPO_ROOT, 'test', 'bench', 'generate.mjs'));
    // Findings that live in entries an edit elsewhere keeps: an alias conflict, a ref_store loop, a bad size.
    const kept = `{
  stores: [
    { name: "LOOP_A", ref_store: { name: "LOOP_B" } },
    { name: "LOOP_B", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "LOOP_A" } } } },
    { name: "CAS", cache_metrics: { cache_type: "cas", backend: { memory: { eviction_policy: { max_bytes: "10gb" } } } } },
    { name: "BIG", memory: { eviction_policy: { max_bytes: "4 gigs" } } },
  ],
  schedulers: [ { name: "S", simple: { max_action_timeout: 5, max_action_timeout_s: 5, supported_platform_properties: { cpu_count: "minimum" } } } ],
  servers: [ { listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [ { instance_name: "main", cas_store: "CAS" } ], execution: [ { instance_name: "main", cas_store: "CAS", scheduler: "S" } ] } } ],
}
`;
    const bases = [kept, g.generateNativeLink({ lines: 400 }), kept, g.generateRefChain({ stores: 25 }), ...corpusFiles('nativelink', ['.json5', '.json']).map((f) => fs.readFileSync(f, 'utf8'))];
    const r = prng(3);
    const editing = new ConfigLanguageService(engines);
    let compared = 0;
    for (let session = 0; session < 30; session++) {
      const uri = `file:///ws/session${session}/nativelink.json5`;
      let text = bases[session % bases.length];
      let lastClean = text;
      for (let v = 1; v <= 25; v++) {
        const a = editing.analyze(TextDocument.create(uri, 'json5', v, text), defaultSettings)!;
        const fresh = new ConfigLanguageService(engines).analyze(TextDocument.create(uri, 'json5', v, text), defaultSettings)!;
        assert.equal(a.kind, fresh.kind);
        assert.equal(canon(a.findings), canon(fresh.findings), `session ${session} version ${v}`);
        compared++;
        if (!a.parse.errors.length) lastClean = text;
        text = a.parse.errors.length && r() < 0.7 ? lastClean : randomEdit(text, r);
      }
    }
    assert.ok(compared >= 600);
  });

  it('drops the analysis whose tree the next version took over', () => {
    const svc = new ConfigLanguageService(engines);
    const uri = 'file:///ws/takeover/nativelink.json5';
    const v1 = '{ stores: [ { name: "A", memory: {} }, { name: "B", noop: {} } ], servers: [] }';
    const v2 = v1.replace('memory: {}', 'memory: { eviction_policy: { max_bytes: 1 } }');
    const before = svc.analyze(TextDocument.create(uri, 'json5', 1, v1), defaultSettings)!;
    svc.analyze(TextDocument.create(uri, 'json5', 2, v2), defaultSettings);
    // Asked for again, version 1 is analysed anew (its old tree now belongs to version 2).
    const again = svc.analyze(TextDocument.create(uri, 'json5', 1, v1), defaultSettings)!;
    assert.notEqual(again, before);
    assert.equal(canon(again.findings), canon(new ConfigLanguageService(engines).analyze(TextDocument.create(uri, 'json5', 1, v1), defaultSettings)!.findings));
  });
});
