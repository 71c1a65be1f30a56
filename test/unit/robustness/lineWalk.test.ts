import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineStartAt, previousLineStart } from '../../../server/src/parser/lines';
import { yamlContext } from '../../../server/src/service/context';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';

// Issue 10, defect 1: completion in a YAML file whose first line is empty never returned.
describe('robustness: line walks terminate', () => {
  it('lineStartAt never answers a start after the offset (a leading blank line)', () => {
    assert.equal(lineStartAt('\nabc', 0), 0);
    assert.equal(lineStartAt('\nabc', 1), 1);
    assert.equal(lineStartAt('\n\nx', 1), 1);
    assert.equal(lineStartAt('ab\ncd', 4), 3);
    assert.equal(previousLineStart('\nabc', 1), 0);
    assert.equal(previousLineStart('\nabc', 0), -1);
    assert.equal(previousLineStart('a\r\nb', 3), 0);
  });

  it('completes on line 2 of "\\nreceivers:\\nservice" (the minimal hanging case)', () => {
    const text = '\nreceivers:\nservice';
    const ctx = yamlContext(undefined, text, text.indexOf('service'));
    assert.equal(ctx?.mode, 'key');
    assert.deepEqual(ctx?.path, []);
    const svc = new ConfigLanguageService(engines);
    const doc = TextDocument.create('file:///ws/otel-collector-config.yaml', 'yaml', 1, text);
    const list = svc.completion(doc, { line: 2, character: 0 }, defaultSettings);
    assert.ok(Array.isArray(list.items));
  });

  it('completes at offset 0 and on every line of documents starting with blank lines, CRLF or a BOM', () => {
    const svc = new ConfigLanguageService(engines);
    const bodies = ['\nreceivers:\n  otlp:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n', '\n\n\nexporters:\n  debug:\nservice:\n  \n'];
    let v = 0;
    for (const body of bodies) {
      for (const text of [body, body.replace(/\n/g, '\r\n'), '\ufeff' + body]) {
        const doc = TextDocument.create('file:///ws/otel-collector-config.yaml', 'yaml', ++v, text);
        for (let line = 0; line < doc.lineCount; line++) {
          for (const character of [0, 1, 2, 6]) svc.completion(doc, { line, character }, defaultSettings);
        }
      }
    }
  });

  it('reads the path above a long run of blanks in one pass (the old line pattern backtracked quadratically)', () => {
    const text = `receivers:\n  otlp:\n    a${' '.repeat(1_000_000)}b\n    `;
    const ctx = yamlContext(undefined, text, text.length);
    assert.deepEqual(ctx?.path, ['receivers', 'otlp']);
    // A megabyte line before the cursor on the cursor's own line: no completion rather than a stall.
    const own = `receivers:\n  ${' '.repeat(1_000_000)}x`;
    assert.equal(yamlContext(undefined, own, own.length), undefined);
  });

  it('keeps the line reading of keys, dashes and quotes', () => {
    const text = 'a:\n  - "q k" : 1\n    b:\n      - \n';
    assert.deepEqual(yamlContext(undefined, text, text.length - 1)?.path, ['a', 0, 'b', 0]);
    const t2 = "x:\n  'y':\n    ";
    assert.deepEqual(yamlContext(undefined, t2, t2.length)?.path, ['x', 'y']);
  });
});
