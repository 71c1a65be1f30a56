import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';

const dir = join(__dirname, '..', '..', '..', '..', 'demo', 'workspace');

/** The demo shows advice, never errors: a broken sample would greet every newcomer with red squiggles. */
describe('demo workspace configs', () => {
  const service = new ConfigLanguageService(engines);
  for (const name of readdirSync(dir)) {
    it(`${name} is detected and has no errors`, () => {
      const lang = name.endsWith('.yaml') ? 'yaml' : 'json5';
      const doc = TextDocument.create(`file:///demo/${name}`, lang, 1, readFileSync(join(dir, name), 'utf8'));
      assert.ok(service.analyze(doc, defaultSettings)?.kind, 'detected as a config');
      const errors = service.diagnostics(doc, defaultSettings).filter((d) => d.severity === 1);
      assert.deepEqual(errors, []);
    });
  }
});
