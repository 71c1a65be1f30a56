import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';
import { nativelinkConfigs, readConfig } from '../../conformance/discover';
import { REPO_ROOT } from '../../sharedPaths';
import { UPSTREAM_DIR, upstreamRepo } from '../../upstreamMirror';

interface Entry {
  repo: string;
  tag: string;
  path: string;
  kind: 'nativelink' | 'collector';
  errors: string[];
  note?: string;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'conformance', 'upstream-configs.json'), 'utf8')) as { configs: Entry[] };

/**
 * Every NativeLink config of the v1.6.6 docs, kubernetes/ and deployment-examples/ trees, and upstream collector
 * configs, through the whole language service: errors exactly where the binary refuses the file.
 */
describe('conformance: upstream configs (test/conformance/upstream-configs.json)', () => {
  const service = new ConfigLanguageService(engines);
  const groups = new Map<string, Entry[]>();
  for (const e of manifest.configs) groups.set(`${e.repo}@${e.tag}`, [...(groups.get(`${e.repo}@${e.tag}`) ?? []), e]);

  for (const [key, entries] of groups) {
    const [repo, tag] = key.split('@');
    const dir = upstreamRepo(repo, tag);
    if (!dir) {
      it(`${key}: mirror absent`, function () {
        console.log(`      (no ${key} under ${UPSTREAM_DIR}: set NATIVELINK_UPSTREAM_DIR to a folder of <owner>+<name>/repo git mirrors; ${entries.length} configs not checked)`);
        this.skip();
      });
      continue;
    }
    entries.forEach((e, i) => {
      it(`${key}:${e.path} → ${e.errors.length ? e.errors.join(', ') : 'no errors'}`, () => {
        const text = readConfig(dir, tag, e.path);
        assert.ok(text !== undefined, `${e.path} not found at ${tag}`);
        const name = e.kind === 'nativelink' ? 'config.json5' : 'otel-collector-config.yaml';
        const doc = TextDocument.create(`file:///upstream/${encodeURIComponent(key)}/${i}/${name}`, e.kind === 'nativelink' ? 'json5' : 'yaml', 1, text!);
        assert.equal(service.analyze(doc, defaultSettings)?.kind, e.kind);
        const errors = service.diagnostics(doc, defaultSettings).filter((d) => d.severity === 1);
        assert.deepEqual([...new Set(errors.map((d) => String(d.code)))].sort(), [...e.errors].sort(), errors.map((d) => `${d.code}: ${d.message}`).join('\n'));
      });
    });
    if (repo === 'TraceMachina/nativelink') {
      it(`${key}: the manifest lists every NativeLink config of the docs, kubernetes/ and deployment-examples/ trees`, () => {
        const listed = new Set(entries.map((e) => e.path));
        assert.deepEqual(nativelinkConfigs(dir, tag).map((c) => c.path).filter((p) => !listed.has(p)), []);
      });
    }
  }
});
