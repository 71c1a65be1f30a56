import * as assert from 'node:assert/strict';
import { collectorEngine, resolveComponentSchema } from '../../../server/src/collector/engine';
import { collectorSymbols } from '../../../server/src/collector/symbols';
import { componentIdError, pipelineIdError } from '../../../server/src/collector/ids';
import { getIn } from '../../../server/src/collector/model';
import { parse, y } from './helpers';

const TEXT = y`
  receivers:
    otlp:
      protocols:
        grpc:
    prometheus/self:
      config: {}
  processors:
    batch:
  exporters:
    debug:
  connectors:
    span_metrics:
  extensions:
    health_check:
    pprof:
  service:
    extensions: [health_check]
    pipelines:
      traces:
        receivers: [otlp]
        processors: [batch]
        exporters: [debug, span_metrics]
      metrics:
        receivers: [span_metrics, prometheus/self]
        exporters: [debug]
`;

describe('collector engine', () => {
  it('has kind, schema, rules and the schema grammars', () => {
    assert.equal(collectorEngine.kind, 'collector');
    assert.ok(collectorEngine.rules.length >= 20);
    const used = JSON.stringify(collectorEngine.schema).match(/"x-grammar":\s*"([^"]+)"/g) ?? [];
    for (const g of new Set(used.map((s) => /"([^"]+)"$/.exec(s)![1]))) assert.ok(collectorEngine.grammars[g], `grammar ${g} missing`);
  });

  it('symbols: definitions with key name nodes, references including connectors on both sides', () => {
    const root = parse(TEXT)!;
    const idx = collectorSymbols(root);
    const defs = idx.definitions.map((d) => `${d.kind}:${d.name}`);
    assert.deepEqual(defs, [
      'receiver:otlp',
      'receiver:prometheus/self',
      'processor:batch',
      'exporter:debug',
      'extension:health_check',
      'extension:pprof',
      'connector:span_metrics',
      'pipeline:traces',
      'pipeline:metrics',
    ]);
    const otlp = idx.definitions[0];
    assert.equal(TEXT.slice(otlp.nameNode.offset, otlp.nameNode.offset + otlp.nameNode.length), 'otlp');
    const refs = idx.references.map((r) => `${r.kind}:${r.name}`);
    assert.deepEqual(refs, [
      'receiver:otlp',
      'processor:batch',
      'exporter:debug',
      'connector:span_metrics',
      'connector:span_metrics',
      'receiver:prometheus/self',
      'exporter:debug',
      'extension:health_check',
    ]);
    assert.deepEqual(collectorSymbols(undefined), { definitions: [], references: [] });
  });

  it('suggestValues: defined ids of the right kind, minus those already listed', () => {
    const root = parse(TEXT)!;
    const labels = (path: (string | number)[]) => collectorEngine.suggestValues!(root, path, undefined).map((s) => s.label);
    assert.deepEqual(labels(['service', 'pipelines', 'traces', 'receivers', 1]), ['prometheus/self', 'span_metrics']);
    assert.deepEqual(labels(['service', 'pipelines', 'traces', 'processors', 0]), ['batch']);
    assert.deepEqual(labels(['service', 'pipelines', 'metrics', 'exporters', 1]), ['span_metrics']);
    assert.deepEqual(labels(['service', 'extensions', 1]), ['pprof']);
    assert.deepEqual(labels(['receivers', 'otlp']), []);
    assert.deepEqual(
      collectorEngine.suggestValues!(root, ['exporters', 'x', 'sending_queue', 'storage'], { type: 'string', 'x-ref-kind': 'extension' }).map((s) => s.label),
      ['health_check', 'pprof'],
    );
  });

  it('isRuntimeValue: env / provider references and $$ escapes', () => {
    const yes = ['${env:VAR}', '${VAR}', '${env:VAR:-default}', '${file:/etc/x.yaml}', 'http://${env:HOST}:4318', 'a$$b'];
    const no = ['plain', '$VAR', '4317'];
    for (const v of yes) assert.ok(collectorEngine.isRuntimeValue!({ type: 'string', offset: 0, length: v.length, value: v }, undefined), v);
    for (const v of no) assert.ok(!collectorEngine.isRuntimeValue!({ type: 'string', offset: 0, length: v.length, value: v }, undefined), v);
    assert.ok(!collectorEngine.isRuntimeValue!({ type: 'number', offset: 0, length: 1, value: 1 }, undefined));
  });

  it('resolveComponentSchema dispatches on the type, follows renames and ignores names', () => {
    const s = collectorEngine.schema;
    const otlpRecv = resolveComponentSchema(s, 'receivers', 'otlp/nativelink');
    assert.ok(otlpRecv?.properties?.protocols);
    const batch = resolveComponentSchema(s, 'processor', 'batch');
    assert.ok(batch?.properties?.send_batch_size);
    assert.deepEqual(resolveComponentSchema(s, 'exporter', 'otlp/x'), resolveComponentSchema(s, 'exporter', 'otlp_grpc/x'));
    assert.equal(resolveComponentSchema(s, 'exporter', 'nosuch'), undefined);
    assert.equal(resolveComponentSchema(s, 'nonsense', 'otlp'), undefined);
  });

  it('grammars: duration, endpoint, grpc-endpoint, component-id, pipeline-id', () => {
    const g = collectorEngine.grammars;
    const str = (v: string) => ({ type: 'string' as const, offset: 0, length: v.length, value: v });
    assert.equal(g.duration(str('1h30m'), {}), undefined);
    assert.equal(g.duration(str('200ms'), {}), undefined);
    assert.equal(g.duration(str('${env:T}'), {}), undefined);
    const bad = g.duration(str('30'), {})!;
    assert.equal(bad.message, 'time: missing unit in duration "30"');
    assert.equal(bad.fixes![0].edits[0].newText, '30s');
    assert.match(g.duration(str('5 minutes'), {})!.message!, /invalid duration/);
    assert.equal(g.endpoint(str('0.0.0.0:4317'), {}), undefined);
    assert.equal(g.endpoint(str(':4317'), {}), undefined);
    assert.equal(g.endpoint(str('${env:HOST}:4317'), {}), undefined);
    assert.match(g.endpoint(str('localhost'), {})!.message!, /missing port/);
    assert.match(g['grpc-endpoint'](str('example.com:port'), {})!.message!, /invalid port "port"/);
    assert.equal(g['grpc-endpoint'](str('dns:///collector:4317'), {}), undefined);
    assert.match(g['component-id'](str('a b'), {})!.message!, /invalid character/);
    assert.match(g['pipeline-id'](str('trace'), {})!.message!, /unknown pipeline signal/);
  });

  it('id grammar follows component.ID', () => {
    assert.equal(componentIdError('otlp'), undefined);
    assert.equal(componentIdError('otlp/a/b'), undefined);
    assert.equal(componentIdError('valid_type/中文好'), undefined);
    assert.equal(componentIdError('  otlp  /  x '), undefined);
    assert.equal(componentIdError(''), 'id must not be empty');
    assert.equal(componentIdError('/x'), 'in "/x" id: the part before / should not be empty');
    assert.equal(componentIdError('otlp/'), 'in "otlp/" id: the part after / should not be empty');
    assert.equal(componentIdError('otlp/a+b'), 'in "otlp/a+b" id: invalid character(s) in name "a+b"');
    assert.equal(componentIdError('1otlp'), 'in "1otlp" id: invalid character(s) in type "1otlp"');
    assert.equal(pipelineIdError('traces/x'), undefined);
    assert.equal(pipelineIdError('spans'), 'in "spans" id: unknown pipeline signal: "spans"');
  });

  it('the model ignores non-mapping documents', () => {
    const root = parse('- a\n- b\n')!;
    assert.deepEqual(collectorSymbols(root), { definitions: [], references: [] });
    assert.equal(getIn(root, 'x'), undefined);
  });
});
