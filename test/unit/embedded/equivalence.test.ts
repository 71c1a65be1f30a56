import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position } from 'vscode-languageserver-types';
import { HostAwareLanguageService } from '../../../server/src/service/embedded/hostService';
import { findEmbedded } from '../../../server/src/service/embedded/hosts';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings } from '../../../server/src/service/settings';
import { COLLECTOR, NATIVELINK, configMap, operatorV1alpha1, operatorV1beta1 } from './fixtures';

/**
 * The promise of embedded documents: a config inside a host gets exactly the diagnostics and quick fixes of
 * the same config as a standalone file, on the host lines that hold it.
 */
const service = new HostAwareLanguageService(engines);
let version = 0;
const open = (text: string, name: string, lang: string) => TextDocument.create(`file:///ws/${name}`, lang, ++version, text);

interface Case {
  name: string;
  standalone: TextDocument;
  host: TextDocument;
  /** Host line of the embedded text's first line, and the columns it is indented by. */
  line: number;
  column: number;
}

function hostCase(name: string, body: string, host: string, file: string, lang: string, crlf = false): Case {
  const text = crlf ? host.replace(/\n/g, '\r\n') : host;
  const firstLine = body.split('\n')[0];
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => l.trim() === firstLine.trim() && l.trim() !== '');
  return { name, standalone: open(body, lang === 'json5' ? 'nativelink.json5' : 'otel-collector-config.yaml', lang), host: open(text, 'k8s/' + name.replace(/\W+/g, '-') + '.yaml', 'yaml'), line, column: lines[line].indexOf(firstLine.trim()) };
}

const cases: Case[] = [
  hostCase('collector in a ConfigMap', COLLECTOR, configMap('collector.yaml', COLLECTOR), 'cm', 'yaml'),
  hostCase('collector in a ConfigMap, CRLF', COLLECTOR, configMap('collector.yaml', COLLECTOR), 'cm', 'yaml', true),
  hostCase('collector in a ConfigMap, |- with an indentation indicator', COLLECTOR, configMap('relay', COLLECTOR, '|2-').replace('  relay: |2-\n    ', '  relay: |2-\n    '), 'cm', 'yaml'),
  hostCase('OpenTelemetryCollector v1alpha1', COLLECTOR, operatorV1alpha1(COLLECTOR), 'op', 'yaml'),
  hostCase('OpenTelemetryCollector v1beta1', COLLECTOR, operatorV1beta1(COLLECTOR), 'op', 'yaml'),
  hostCase('NativeLink JSON5 in a ConfigMap', NATIVELINK, configMap('nativelink-config.json5', NATIVELINK), 'cm', 'json5'),
];

function shift(c: Case, p: Position): Position {
  // Lines of the embedded text are host lines from c.line, each indented by c.column (CRLF does not move columns).
  return { line: p.line + c.line, character: p.character + c.column };
}

function key(d: Diagnostic): string {
  return `${d.code}|${d.severity}|${d.message}`;
}

describe('embedded documents get the standalone diagnostics and quick fixes, at host positions', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const expected = service.diagnostics(c.standalone, defaultSettings);
      const actual = service.diagnostics(c.host, defaultSettings);

      it('finds the embedded document', () => {
        assert.equal(findEmbedded(c.host.uri, c.host.getText()).length, 1);
        assert.ok(c.line > 0 && c.column > 0, 'fixture lines found');
      });

      it('has the same diagnostics, each on the host line and column holding its text', () => {
        assert.ok(expected.length >= 2, 'the fixture has findings to compare');
        assert.deepEqual(actual.map(key).sort(), expected.map(key).sort());
        for (const e of expected) {
          const a = actual.find((x) => key(x) === key(e) && x.range.start.line === shift(c, e.range.start).line);
          assert.ok(a, `${e.code} at host line ${shift(c, e.range.start).line}`);
          assert.deepEqual(a!.range.start, shift(c, e.range.start), `${e.code} start`);
          assert.deepEqual(a!.range.end, shift(c, e.range.end), `${e.code} end`);
        }
      });

      it('offers the same quick fixes, and applying one in the host changes the embedded text as it changes the standalone file', () => {
        let applied = 0;
        for (const e of expected) {
          const a = actual.find((x) => key(x) === key(e) && x.range.start.line === shift(c, e.range.start).line)!;
          const standaloneFixes = service.codeActions(c.standalone, e.range, defaultSettings).filter((x) => x.edit && x.diagnostics?.some((d) => key(d) === key(e)));
          const hostFixes = service.codeActions(c.host, a.range, defaultSettings).filter((x) => x.edit && x.diagnostics?.some((d) => key(d) === key(a)));
          assert.deepEqual(hostFixes.map((x) => x.title).sort(), standaloneFixes.map((x) => x.title).sort(), `fixes of ${e.code}`);
          for (const fix of standaloneFixes) {
            const hostFix = hostFixes.find((x) => x.title === fix.title) as CodeAction;
            const want = TextDocument.applyEdits(c.standalone, fix.edit!.changes![c.standalone.uri]);
            const got = TextDocument.applyEdits(c.host, hostFix.edit!.changes![c.host.uri]);
            const docs = findEmbedded(c.host.uri + '#after', got);
            assert.equal(docs.length, 1, `host still holds its config after "${fix.title}"`);
            // `|-` drops the final line break the standalone file has: compare up to it.
            const norm = (t: string) => t.replace(/\n*$/, '\n');
            assert.equal(norm(docs[0].text), norm(want), `"${fix.title}" applied in the host`);
            applied++;
          }
        }
        assert.ok(applied >= 2, 'fixes were compared');
      });
    });
  }

  it('applies a multi-line quick fix inside a block scalar with the block indentation', () => {
    const c = cases[0];
    const d = service.diagnostics(c.host, defaultSettings).find((x) => x.code === 'collector/undefined-component')!;
    const fix = service.codeActions(c.host, d.range, defaultSettings).find((x) => /^Define exporter/.test(x.title))!;
    const after = TextDocument.applyEdits(c.host, fix.edit!.changes![c.host.uri]);
    assert.match(after, /\n {4}exporters:\n {6}prometheus:\n {8}endpoint: 0\.0\.0\.0:9090\n {6}debug: \{\}\n {6}debugg:/);
    assert.ok(!service.diagnostics(open(after, 'k8s/after.yaml', 'yaml'), defaultSettings).some((x) => x.code === 'collector/undefined-component'));
  });
});
