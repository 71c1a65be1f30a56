import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type Position } from 'vscode-languageserver-types';
import * as YAML from 'yaml';
import { assertWellNested, defaultSettings, doc, errorsOf, newService, sig, textOf, at, offsetIn } from './helpers';

interface Ids {
  batch: string;
  fwd: string;
  hc: string;
  otlp: string;
}
const IDS: Ids = { batch: 'batch/2', fwd: 'forward/fan', hc: 'health_check', otlp: 'otlp' };

/**
 * A valid collector config: `batch/2` is defined with a quoted key and used in a flow list, a quoted
 * block item and a plain block item; the connector `forward/fan` is an exporter of one pipeline and a
 * receiver of another; `health_check` is enabled in service.extensions. The comment is plain text.
 */
function config(over: Partial<Ids> = {}): string {
  const n = { ...IDS, ...over };
  return `# batch/2 and forward/fan are renamed by the tests; this comment is not.
receivers:
  ${n.otlp}:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318
processors:
  memory_limiter:
    check_interval: 1s
    limit_mib: 1024
    spike_limit_mib: 256
  "${n.batch}":
    send_batch_size: 512
    send_batch_max_size: 1024
  attributes/strip:
    actions:
      - key: execution_action_digest
        action: delete
exporters:
  otlp_grpc:
    endpoint: tempo:4317
  prometheus:
    endpoint: 0.0.0.0:9464
  debug:
connectors:
  ${n.fwd}:
extensions:
  ${n.hc}:
    endpoint: 0.0.0.0:13133
service:
  extensions: [${n.hc}]
  telemetry:
    metrics:
      level: detailed
  pipelines:
    traces/in:
      receivers: [${n.otlp}]
      processors: [memory_limiter, ${n.batch}]
      exporters: [${n.fwd}]
    traces/out:
      receivers:
        - ${n.fwd}
      processors: [memory_limiter]
      exporters: [otlp_grpc]
    metrics:
      receivers:
        - ${n.otlp}
      processors:
        - memory_limiter
        - attributes/strip
        - '${n.batch}'
      exporters:
        - prometheus
    logs:
      receivers: [${n.otlp}]
      processors:
        - memory_limiter
        - ${n.batch}
      exporters: [debug]
`;
}

const TEXT = config();
const open = (text = TEXT) => doc(text, 'otel-collector-config.yaml', 'yaml');


const DEF = {
  batch: ['"batch/2":\n', '"batch/2"'],
  fwd: ['  forward/fan:\nextensions', 'forward/fan'],
  hc: ['  health_check:\n    endpoint', 'health_check'],
  otlp: ['receivers:\n  otlp:', 'otlp:'],
} as const;
// [label, context, id text as written, key]
const USES: [string, string, string, keyof typeof DEF][] = [
  ['a flow list entry', 'processors: [memory_limiter, batch/2]', 'batch/2', 'batch'],
  ['a quoted block entry', "- 'batch/2'", "'batch/2'", 'batch'],
  ['a plain block entry', '        - batch/2\n      exporters: [debug]', 'batch/2', 'batch'],
  ['a connector on the exporter side', 'exporters: [forward/fan]', 'forward/fan', 'fwd'],
  ['a connector on the receiver side', '        - forward/fan', 'forward/fan', 'fwd'],
  ['service.extensions', 'extensions: [health_check]', 'health_check', 'hc'],
  ['a receiver in a flow list', 'receivers: [otlp]\n      processors: [memory_limiter, batch/2]', 'otlp', 'otlp'],
  ['a receiver in a block list', 'receivers:\n        - otlp', 'otlp', 'otlp'],
];
const defOffset = (key: keyof typeof DEF) => offsetIn(TEXT, DEF[key][0], DEF[key][1]);
const usesOf = (key: keyof typeof DEF) => {
  const out: number[] = [];
  for (const [, c, q, k] of USES) if (k === key) out.push(offsetIn(TEXT, c, q));
  // the otlp receiver is used by three pipelines; the logs pipeline's flow list shares its text with traces/in
  if (key === 'otlp') out.push(offsetIn(TEXT, '    logs:\n      receivers: [otlp]', 'otlp]'));
  return out.sort((a, b) => a - b);
};

describe('navigation: OpenTelemetry Collector', () => {
  const s = newService();

  it('the fixture is a valid collector config (no errors)', () => {
    const d = open();
    assert.equal(s.analyze(d, defaultSettings)?.kind, 'collector');
    assert.deepEqual(errorsOf(s.diagnostics(d, defaultSettings)).map((x) => `${x.code}: ${x.message}`), []);
  });

  describe('outline', () => {
    const d = open();
    const symbols = s.documentSymbols(d, defaultSettings);
    const byName = (name: string) => symbols.find((x) => x.name === name)!;

    it('lists the sections, components under their section and pipelines under service', () => {
      assert.deepEqual(symbols.map((x) => x.name), ['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service']);
      const kids = (name: string) => byName(name).children!.map((c) => [c.name, c.kind]);
      assert.deepEqual(kids('receivers'), [['otlp', SymbolKind.Event]]);
      assert.deepEqual(kids('processors'), [['memory_limiter', SymbolKind.Function], ['batch/2', SymbolKind.Function], ['attributes/strip', SymbolKind.Function]]);
      assert.deepEqual(kids('exporters'), [['otlp_grpc', SymbolKind.Method], ['prometheus', SymbolKind.Method], ['debug', SymbolKind.Method]]);
      assert.deepEqual(kids('connectors'), [['forward/fan', SymbolKind.Interface]]);
      assert.deepEqual(kids('extensions'), [['health_check', SymbolKind.Module]]);
      assert.deepEqual(kids('service'), [['traces/in', SymbolKind.Array], ['traces/out', SymbolKind.Array], ['metrics', SymbolKind.Array], ['logs', SymbolKind.Array]]);
      assert.deepEqual(byName('processors').children!.map((c) => c.detail), ['memory_limiter', 'batch', 'attributes']);
      assert.deepEqual(byName('service').children!.map((c) => c.detail), ['traces', 'traces', 'metrics', 'logs']);
      assertWellNested(symbols);
    });

    it('ranges: the key as selection, the whole entry (key and body) as range', () => {
      for (const sec of symbols) {
        assert.equal(textOf(d, sec.selectionRange), sec.name);
        for (const c of sec.children!) {
          const key = textOf(d, c.selectionRange)!;
          assert.equal(key.replace(/^"|"$/g, ''), c.name);
          const body = YAML.parse(textOf(d, c.range)!);
          assert.deepEqual(Object.keys(body), [c.name], `${c.name}: range parses as the one entry`);
        }
      }
      const batch = byName('processors').children![1];
      assert.equal(textOf(d, batch.selectionRange), '"batch/2"');
      assert.deepEqual(YAML.parse(textOf(d, batch.range)!), { 'batch/2': { send_batch_size: 512, send_batch_max_size: 1024 } });
      const logs = byName('service').children![3];
      assert.deepEqual(YAML.parse(textOf(d, logs.range)!).logs.processors, ['memory_limiter', 'batch/2']);
    });
  });

  describe('go to definition', () => {
    const d = open();
    for (const [label, context, written, key] of USES) {
      it(`from ${label} to the component key`, () => {
        const inner = written.startsWith("'") ? 1 : 0;
        for (const delta of [inner, written.length - inner - 1]) {
          const locs = s.definition(d, at(d, context, written, delta), defaultSettings);
          assert.equal(locs.length, 1, `${label} (cursor +${delta})`);
          assert.equal(d.offsetAt(locs[0].range.start), defOffset(key));
          assert.equal(textOf(d, locs[0].range), DEF[key][1].replace(/:$/, ''));
        }
      });
    }

    it('keeps a receiver and an exporter of the same id apart', () => {
      const both = open(TEXT.replace('  otlp_grpc:\n    endpoint', '  otlp:\n    endpoint').replace('exporters: [otlp_grpc]', 'exporters: [otlp]'));
      const toExporter = s.definition(both, at(both, 'exporters: [otlp]', 'otlp'), defaultSettings);
      assert.deepEqual(toExporter.map((l) => both.offsetAt(l.range.start)), [both.getText().indexOf('  otlp:\n    endpoint') + 2]);
      const toReceiver = s.definition(both, at(both, 'receivers:\n        - otlp', 'otlp'), defaultSettings);
      assert.deepEqual(toReceiver.map((l) => both.offsetAt(l.range.start)), [both.getText().indexOf('  otlp:\n    protocols') + 2]);
    });

    it('gives nothing on list keys, config values and comments', () => {
      for (const [c, i] of [
        ['processors: [memory_limiter, batch/2]', 'processors'],
        ['endpoint: 0.0.0.0:4317', '0.0.0.0'],
        ['# batch/2 and', 'batch/2'],
        ['send_batch_size: 512', 'send_batch_size'],
      ] as const) {
        assert.deepEqual(s.definition(d, at(d, c, i), defaultSettings), [], `nothing at ${i}`);
      }
    });
  });

  describe('find references', () => {
    const d = open();
    for (const key of Object.keys(DEF) as (keyof typeof DEF)[]) {
      it(`${IDS[key]}: every use across pipelines and service.extensions, with and without the declaration`, () => {
        const uses = usesOf(key);
        for (const p of [d.positionAt(defOffset(key) + 1), d.positionAt(uses[0] + 1)]) {
          const without = s.references(d, p, false, defaultSettings).map((l) => d.offsetAt(l.range.start)).sort((a, b) => a - b);
          assert.deepEqual(without, uses);
          const withDecl = s.references(d, p, true, defaultSettings).map((l) => d.offsetAt(l.range.start)).sort((a, b) => a - b);
          assert.deepEqual(withDecl, [defOffset(key), ...uses].sort((a, b) => a - b));
        }
      });
    }
  });

  describe('prepareRename', () => {
    const d = open();
    it('returns the id without quotes on definitions and uses', () => {
      assert.equal(textOf(d, s.prepareRename(d, at(d, DEF.batch[0], DEF.batch[1], 2), defaultSettings)), 'batch/2');
      for (const [, c, w] of USES) {
        const r = s.prepareRename(d, at(d, c, w, 1), defaultSettings);
        assert.equal(textOf(d, r), w.replace(/^'|'$/g, ''), `at ${w} in ${c}`);
      }
    });

    it('returns null elsewhere', () => {
      for (const [c, i] of [
        ['processors: [memory_limiter, batch/2]', 'processors'],
        ['endpoint: 0.0.0.0:4317', '4317'],
        ['# batch/2 and', 'batch/2'],
        ['send_batch_size: 512', '512'],
        ['  pipelines:', 'pipelines'],
      ] as const) {
        assert.equal(s.prepareRename(d, at(d, c, i), defaultSettings), null, `not renamable at ${i} in ${JSON.stringify(c)}`);
      }
    });
  });

  describe('rename', () => {
    const d = open();
    const baseline = sig(s.diagnostics(d, defaultSettings));

    function renamed(pos: Position, newName: string): TextDocument {
      const edit = s.rename(d, pos, newName, defaultSettings);
      assert.ok(edit?.changes?.[d.uri]);
      return open(TextDocument.applyEdits(d, edit!.changes![d.uri]));
    }
    function revalidates(r: TextDocument): void {
      const diags = s.diagnostics(r, defaultSettings);
      assert.deepEqual(errorsOf(diags).map((x) => x.message), []);
      assert.deepEqual(sig(diags), baseline, 'the same diagnostics as before the rename');
    }

    const cases: [string, keyof Ids, Position, string][] = [
      ['batch/2 from its quoted key', 'batch', at(d, DEF.batch[0], DEF.batch[1], 3), 'batch/big'],
      ['batch/2 from a flow list entry', 'batch', at(d, 'processors: [memory_limiter, batch/2]', 'batch/2', 2), 'batch'],
      ['batch/2 from a quoted block entry', 'batch', at(d, "- 'batch/2'", 'batch/2', 2), 'batch/nativelink'],
      ['the connector from the exporter side', 'fwd', at(d, 'exporters: [forward/fan]', 'forward/fan', 2), 'forward/split'],
      ['the connector from the receiver side', 'fwd', at(d, '        - forward/fan', 'forward/fan', 2), 'forward'],
      ['the connector from its definition', 'fwd', at(d, DEF.fwd[0], DEF.fwd[1], 2), 'forward/x'],
      ['an extension from service.extensions', 'hc', at(d, 'extensions: [health_check]', 'health_check', 2), 'health_check/main'],
      ['the otlp receiver, leaving the otlp_grpc exporter alone', 'otlp', at(d, DEF.otlp[0], DEF.otlp[1], 1), 'otlp/nativelink'],
    ];
    for (const [label, key, pos, newName] of cases) {
      it(`${label}: definition and every use, quote style kept, re-validates clean`, () => {
        const r = renamed(pos, newName);
        assert.equal(r.getText(), config({ [key]: newName }));
        revalidates(r);
      });
    }

    it('quotes a new id that a YAML plain scalar cannot hold, and the result still parses to that id', () => {
      const r = renamed(at(d, DEF.batch[0], DEF.batch[1], 3), 'batch/a: b');
      const parsed = YAML.parse(r.getText());
      assert.ok('batch/a: b' in parsed.processors);
      assert.deepEqual(parsed.service.pipelines['traces/in'].processors, ['memory_limiter', 'batch/a: b']);
      assert.deepEqual(parsed.service.pipelines.metrics.processors, ['memory_limiter', 'attributes/strip', 'batch/a: b']);
      assert.deepEqual(parsed.service.pipelines.logs.processors, ['memory_limiter', 'batch/a: b']);
    });

    it('renames nothing on a non-symbol', () => {
      assert.equal(s.rename(d, at(d, 'endpoint: 0.0.0.0:4317', '4317'), 'x', defaultSettings), null);
    });
  });
});
