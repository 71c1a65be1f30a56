import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HostAwareLanguageService } from '../../../server/src/service/embedded/hostService';
import { findEmbedded } from '../../../server/src/service/embedded/hosts';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings } from '../../../server/src/service/settings';
import { CORPUS_DIR } from '../../sharedPaths';
import { NATIVELINK_STYLE_MANIFEST } from './fixtures';

const service = new HostAwareLanguageService(engines);
const errors = (uri: string, text: string) =>
  service.diagnostics(TextDocument.create(uri, 'yaml', 1, text), defaultSettings).filter((d) => d.severity === 1);

describe('embedded documents in real-shaped manifests', () => {
  it('a NativeLink-style ConfigMap + Service + Deployment file: the collector config is found and has no errors', () => {
    const docs = findEmbedded('file:///ws/otel-collector.yaml', NATIVELINK_STYLE_MANIFEST);
    assert.deepEqual(docs.map((d) => [d.kind, d.label]), [['collector', 'ConfigMap metrics-collector: data.collector.yaml']]);
    assert.deepEqual(errors('file:///ws/otel-collector.yaml', NATIVELINK_STYLE_MANIFEST), []);
  });

  const dirs = ['metrics', 'nativelink', 'otel'].map((d) => join(CORPUS_DIR, d)).filter(existsSync);
  if (!dirs.length) {
    it('shared corpus is absent on this machine', function () {
      this.skip();
    });
    return;
  }
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
      it(`corpus ${join(dir.split('/').pop()!, name)}: no false errors from embedded documents`, () => {
        const text = readFileSync(join(dir, name), 'utf8');
        const uri = `file:///corpus/${name}`;
        const hosted = service.embedded(TextDocument.create(uri, 'yaml', 1, text), defaultSettings);
        if (!hosted) return; // not a host: the standalone corpus tests own it
        assert.deepEqual(errors(uri, text).map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`), []);
      });
    }
  }

  it("NativeLink's own deployment-examples/metrics/kubernetes/otel-collector.yaml (v1.6.6) is a host with one collector config", function () {
    const file = join(CORPUS_DIR, 'metrics', 'otel-collector.yaml');
    if (!existsSync(file)) this.skip();
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(findEmbedded('file:///corpus/otel-collector.yaml', text).map((d) => d.kind), ['collector']);
    assert.deepEqual(errors('file:///corpus/otel-collector.yaml', text), []);
  });
});
