import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';
import { NATIVELINK_KNOWN_BAD, VALID_OTEL_CONFIGS } from '../../sharedCorpus';
import { CORPUS_DIR } from '../../sharedPaths';

/**
 * The whole published pipeline (detection, parser, schema walker, grammars, rules) over the real
 * configs, as the editor and `nativelink-check config` see them.
 */
const service = new ConfigLanguageService(engines);
const codes = (ds: Diagnostic[], severity: number) => [...new Set(ds.filter((d) => d.severity === severity).map((d) => String(d.code)))].sort();

function check(dir: string, name: string): { kind: string | undefined; diags: Diagnostic[] } {
  const lang = name.endsWith('.json5') ? 'json5' : /\.ya?ml$/.test(name) ? 'yaml' : 'json';
  const doc = TextDocument.create(`file:///corpus/${name}`, lang, 1, readFileSync(join(dir, name), 'utf8'));
  return { kind: service.analyze(doc, defaultSettings)?.kind, diags: service.diagnostics(doc, defaultSettings) };
}

/** Warnings the configs really deserve (each explained), keyed by file; everything else must be silent. */
const NATIVELINK_WARNINGS: Record<string, string[]> = {
  // "~/.cache/..." paths: NativeLink never expands "~", so these become a literal "~" directory.
  'stores-config.json5': ['nativelink/tilde-path'],
};

describe('corpus through the full language service', () => {
  const nlDir = join(CORPUS_DIR, 'nativelink');
  const otelDir = join(CORPUS_DIR, 'otel');
  if (!existsSync(nlDir) || !existsSync(otelDir)) {
    it('shared corpus is absent on this machine', function () {
      console.log(`      (no corpus at ${CORPUS_DIR}: conformance not checked here)`);
      this.skip();
    });
    return;
  }

  for (const name of readdirSync(nlDir).filter((f) => f.endsWith('.json5')).sort()) {
    it(`NativeLink ${name}: errors only where the binary would refuse it`, () => {
      const { kind, diags } = check(nlDir, name);
      assert.equal(kind, 'nativelink');
      assert.deepEqual(codes(diags, 1), [...(NATIVELINK_KNOWN_BAD[name] ?? [])].sort(), diags.map((d) => d.message).join('\n'));
      assert.deepEqual(codes(diags, 2), NATIVELINK_WARNINGS[name] ?? [], diags.filter((d) => d.severity === 2).map((d) => d.message).join('\n'));
    });
  }

  for (const name of VALID_OTEL_CONFIGS) {
    it(`collector ${name}: no errors`, () => {
      const { kind, diags } = check(otelDir, name);
      assert.equal(kind, 'collector');
      assert.deepEqual(codes(diags, 1), [], diags.filter((d) => d.severity === 1).map((d) => d.message).join('\n'));
    });
  }

  it('the collector config of the NativeLink metrics stack has no errors', () => {
    const { kind, diags } = check(join(CORPUS_DIR, 'metrics'), 'otel-collector-config.yaml');
    assert.equal(kind, 'collector');
    assert.deepEqual(codes(diags, 1), []);
  });

  it('the NativeLink Grafana dashboard is claimed only for its PromQL, and the Kubernetes ConfigMap is not taken for a config', () => {
    assert.equal(check(join(CORPUS_DIR, 'metrics'), 'nativelink-overview.json').kind, 'promrules');
    assert.equal(check(join(CORPUS_DIR, 'metrics'), 'otel-collector.yaml').kind, undefined);
  });
});
