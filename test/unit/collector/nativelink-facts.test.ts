import * as assert from 'node:assert/strict';
import { byCode, fixAndRecheck, run, textOf, y } from './helpers';

/** Collector advice built from what NativeLink v1.6.6 really sends. */
const BASE = y`
  receivers:
    otlp:
      protocols:
        grpc:
          endpoint: 0.0.0.0:4317
  processors:
    attributes/drop:
      actions:
        - key: execution.action_digest
          action: delete
  exporters:
    prometheus:
      endpoint: 0.0.0.0:9090
  service:
    pipelines:
      metrics:
        receivers: [otlp]
        processors: [attributes/drop]
        exporters: [prometheus]
`;

describe('collector rules: NativeLink speaks OTLP over gRPC only (nativelink-util/src/telemetry.rs .with_tonic())', () => {
  const httpOnly = BASE.replace('      grpc:\n        endpoint: 0.0.0.0:4317\n', '      http:\n        endpoint: 0.0.0.0:4318\n');
  it('an OTLP receiver serving only HTTP in a metrics pipeline is a warning with a fix adding grpc', () => {
    const fs = byCode(run(httpOnly), 'collector/otlp-grpc-for-nativelink');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].severity, 'warning');
    assert.equal(textOf(httpOnly, fs[0]), 'protocols');
    const r = fixAndRecheck(httpOnly, 'collector/otlp-grpc-for-nativelink');
    assert.match(r.text, /protocols:\n {6}http:\n {8}endpoint: 0\.0\.0\.0:4318\n {6}grpc:\n {8}endpoint: 0\.0\.0\.0:4317\n/);
  });
  it('grpc present: silent; not in a metrics pipeline: silent', () => {
    assert.equal(byCode(run(BASE), 'collector/otlp-grpc-for-nativelink').length, 0);
    const traces = httpOnly.replace('    metrics:\n', '    traces:\n').replace('      processors: [attributes/drop]\n', '').replace('exporters: [prometheus]', 'exporters: [debug]').replace('exporters:\n  prometheus:\n    endpoint: 0.0.0.0:9090', 'exporters:\n  debug:');
    assert.equal(byCode(run(traces), 'collector/otlp-grpc-for-nativelink').length, 0);
  });
  it('no rule or fix recommends OTLP/HTTP or OTEL_EXPORTER_OTLP_PROTOCOL for NativeLink', () => {
    const all = [...run(httpOnly), ...run(BASE.replace('0.0.0.0:4317', '0.0.0.0:4999'))];
    for (const f of all) {
      assert.doesNotMatch(f.message, /OTEL_EXPORTER_OTLP_PROTOCOL|NativeLink[^.]*4318/, f.message);
      for (const fix of f.fixes ?? []) assert.doesNotMatch(fix.title, /OTEL_EXPORTER_OTLP_PROTOCOL/);
    }
  });
});

describe('collector rules: the collector sees execution.action_digest (nativelink-util/src/metrics.rs)', () => {
  it('deleting the dotted key satisfies the advice', () => {
    assert.equal(byCode(run(BASE), 'collector/high-cardinality-labels').length, 0);
  });
  it('deleting the underscore spelling is flagged as ineffective, with a fix to the dotted key', () => {
    const text = BASE.replace('key: execution.action_digest', 'key: execution_action_digest');
    const fs = byCode(run(text), 'collector/high-cardinality-labels');
    assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
    assert.equal(fs[0].severity, 'warning');
    assert.equal(textOf(text, fs[0]), 'execution_action_digest');
    assert.equal(fixAndRecheck(text, 'collector/high-cardinality-labels').text, BASE);
  });
  it('the string appearing elsewhere (a comment, another processor) does not silence the rule', () => {
    const text = BASE.replace('      - key: execution.action_digest\n        action: delete\n', '      # execution.action_digest\n      - key: execution.action_digest\n        action: insert\n        value: x\n');
    const fs = byCode(run(text), 'collector/high-cardinality-labels');
    assert.equal(fs.length, 1);
    const r = fixAndRecheck(text, 'collector/high-cardinality-labels');
    assert.match(r.text, /attributes\/drop_high_cardinality:\n {4}actions:\n {6}- key: execution\.action_digest\n {8}action: delete/);
  });
  it('a transform processor deleting the key counts', () => {
    assert.ok(BASE.includes('  attributes/drop:\n    actions:\n      - key: execution.action_digest\n        action: delete\n'));
    const text = BASE.replace(
      '  attributes/drop:\n    actions:\n      - key: execution.action_digest\n        action: delete\n',
      '  transform:\n    metric_statements:\n      - context: datapoint\n        statements:\n          - delete_key(attributes, "execution.action_digest")\n',
    ).replace('[attributes/drop]', '[transform]');
    assert.equal(byCode(run(text), 'collector/high-cardinality-labels').length, 0);
    assert.equal(byCode(run(text.replace('delete_key', 'set')), 'collector/high-cardinality-labels').length, 1);
  });
});

describe('collector catalog agrees with the core distribution (cmd/otelcorecol/builder-config.yaml at v0.159.0)', () => {
  it('nop receiver and exporter are real components; a nop processor is only a test factory', () => {
    const text = 'receivers:\n  nop:\nprocessors:\n  nop:\nexporters:\n  nop:\nservice:\n  pipelines:\n    traces:\n      receivers: [nop]\n      processors: [nop]\n      exporters: [nop]\n';
    const unknown = byCode(run(text), 'collector/unknown-component-type').map((f) => f.message.split(':')[0]);
    assert.deepEqual(unknown, ['processors']);
  });
});
