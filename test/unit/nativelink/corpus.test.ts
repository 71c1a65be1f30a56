import * as assert from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRules, syntaxErrors } from './helpers';
import { NATIVELINK_KNOWN_BAD as KNOWN_BAD } from '../../sharedCorpus';
import { CORPUS_DIR as SHARED_CORPUS } from '../../sharedPaths';

const CORPUS = join(SHARED_CORPUS, 'nativelink');

describe('nativelink rules over the upstream corpus', function () {
  const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.json5')).sort() : [];
  if (files.length === 0) {
    it('corpus is absent on this machine', function () {
      console.log(`    (no corpus at ${CORPUS}; skipped)`);
      this.skip();
    });
    return;
  }
  for (const f of files) {
    it(`${f}: no error findings${KNOWN_BAD[f] ? ' (except the known startup failure)' : ''}`, () => {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      assert.deepStrictEqual(syntaxErrors(text), [], 'corpus file should parse');
      const findings = runRules(text);
      const errors = findings.filter((x) => x.severity === 'error').map((x) => x.code);
      assert.deepStrictEqual([...new Set(errors)].sort(), [...(KNOWN_BAD[f] ?? [])].sort(), JSON.stringify(findings.filter((x) => x.severity === 'error').map((x) => x.message), null, 1));
      if (process.env.NL_CORPUS_REPORT) {
        for (const x of findings.filter((y) => y.severity === 'warning' || y.severity === 'error')) console.log(`      ${f}: ${x.severity} ${x.code}: ${x.message}`);
      }
    });
  }
});
