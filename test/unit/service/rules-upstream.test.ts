import * as assert from 'node:assert/strict';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { collectorRules } from '../../../server/src/collector/rules';
import { gitShow, upstreamRepo } from '../../upstreamMirror';

/** `owner/repo@tag:path` at the releases this extension follows. */
const ENTRY = /^(TraceMachina\/nativelink@v1\.6\.6|open-telemetry\/opentelemetry-collector(?:-contrib)?@v0\.159\.0):([A-Za-z0-9_][\w.-]*(?:\/[\w.-]+)*)$/;

const all = [...nativelinkRules, ...collectorRules];

describe('every rule names the upstream source it encodes', () => {
  it('each rule has a non-empty upstream list of well-formed, unique entries', () => {
    const bad: string[] = [];
    for (const r of all) {
      if (!r.upstream || r.upstream.length === 0) bad.push(`${r.id}: no upstream`);
      for (const e of r.upstream ?? []) if (!ENTRY.test(e) || e.includes('..')) bad.push(`${r.id}: malformed ${JSON.stringify(e)}`);
      if (new Set(r.upstream).size !== (r.upstream ?? []).length) bad.push(`${r.id}: repeated entry`);
    }
    assert.deepEqual(bad, []);
  });

  it('the check catches a rule without upstream or with a malformed entry', () => {
    assert.ok(!ENTRY.test('nativelink-store/src/redis_store.rs'));
    assert.ok(!ENTRY.test('TraceMachina/nativelink@main:nativelink-store/src/redis_store.rs'));
    assert.ok(!ENTRY.test('open-telemetry/opentelemetry-collector@v0.159.0:/abs/path.go'));
    assert.ok(ENTRY.test('open-telemetry/opentelemetry-collector-contrib@v0.159.0:processor/attributesprocessor/README.md'));
  });

  for (const [repo, tag] of [
    ['TraceMachina/nativelink', 'v1.6.6'],
    ['open-telemetry/opentelemetry-collector', 'v0.159.0'],
  ] as const) {
    it(`${repo} entries name files that exist at ${tag}`, function () {
      const dir = upstreamRepo(repo, tag);
      if (!dir) {
        console.log(`      (no ${repo} mirror with ${tag}: set NATIVELINK_UPSTREAM_DIR; paths not checked here)`);
        this.skip();
      }
      const missing: string[] = [];
      for (const r of all)
        for (const e of r.upstream ?? []) {
          const m = ENTRY.exec(e);
          if (m && m[1] === `${repo}@${tag}` && gitShow(dir!, tag, m[2]) === undefined) missing.push(`${r.id}: ${e}`);
        }
      assert.deepEqual(missing, []);
    });
  }
});
