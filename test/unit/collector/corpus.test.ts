/**
 * Runs the collector rules over the shared corpus (read-only; nothing is copied into the project).
 * Valid configs must give zero error-severity findings; invalid ones must report their expected
 * problem (per corpus SOURCES.md) at the right place where the problem is one the collector rules own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { errors, parse, run, textOf } from './helpers';
import { CORPUS_DIR as SHARED_CORPUS } from '../../sharedPaths';
import { VALID_OTEL_CONFIGS } from '../../sharedCorpus';

const CORPUS = SHARED_CORPUS;
const OTEL = path.join(CORPUS, 'otel');
const present = fs.existsSync(OTEL);

function read(rel: string): string {
  return fs.readFileSync(path.join(CORPUS, rel), 'utf8');
}

const VALID = [
  ...VALID_OTEL_CONFIGS,
  // Component fragments: not whole configs, so the semantic rules have nothing to say.
  'opentelemetry-collector__receiver-otlpreceiver-testdata-config.yaml',
];

/** [file, code, severity, message substring, underlined text] */
const INVALID: [string, string, string, string, string][] = [
  ['opentelemetry-collector__otelcol-testdata-otelcol-invalid.yaml', 'collector/undefined-component', 'error', 'service::pipelines::traces: references processor "invalid" which is not configured', 'invalid'],
  ['opentelemetry-collector__otelcol-testdata-otelcol-invalid-components.yaml', 'collector/unknown-component-type', 'warning', 'unknown type: "nosuchprocessor"', 'nosuchprocessor'],
  ['opentelemetry-collector__otelcol-testdata-otelcol-invalid-connector-unused-exp.yaml', 'collector/connector-wiring', 'error', 'connector "nop/connector1" used as receiver in [logs/in2] pipeline but not used in any supported exporter pipeline', 'nop/connector1'],
  ['opentelemetry-collector__otelcol-testdata-otelcol-invalid-connector-unused-rec.yaml', 'collector/connector-wiring', 'error', 'connector "nop/connector1" used as exporter in [logs/in2] pipeline but not used in any supported receiver pipeline', 'nop/connector1'],
  ['opentelemetry-collector__otelcol-testdata-otelcol-cyclic-connector.yaml', 'collector/connector-cycle', 'error', 'cycle detected: connector "nop/forward" (traces to traces) -> connector "nop/forward" (traces to traces)', 'nop/forward'],
  ['opentelemetry-collector__otelcol-testdata-otelcol-invalid-receiver-type.yaml', 'collector/unknown-component-type', 'warning', 'unknown type: "nop_logs" for id: "nop_logs"', 'nop_logs'],
  ['otelbin__packages-otelbin-validation-test-assets-config-no-receivers.yaml', 'collector/required-sections', 'error', 'no receiver configuration specified in config', 'receivers'],
  ['otelbin__packages-otelbin-validation-test-assets-config-undeclared-extension.yaml', 'collector/undefined-component', 'error', 'service::extensions: references extension "health_check" which is not configured', 'health_check'],
  ['otelbin__packages-otelbin-validation-test-assets-config-undeclared-receiver.yaml', 'collector/undefined-component', 'error', 'service::pipelines::traces: references receiver "jaeger" which is not configured', 'jaeger'],
  ['otelbin__packages-otelbin-validation-test-assets-config-undeclared-receiver-named-pipelines.yaml', 'collector/undefined-component', 'error', 'service::pipelines::traces/dash0: references receiver "jaeger" which is not configured', 'jaeger'],
  ['opentelemetry-collector-contrib__examples-secure-tracing-otel-collector-config.yaml', 'collector/removed-component-type', 'error', 'the logging exporter has been deprecated, use the debug exporter instead', 'logging'],
  ['opentelemetry-collector-contrib__examples-demo-otel-collector-config.yaml', 'collector/removed-component-type', 'error', 'the logging exporter has been deprecated, use the debug exporter instead', 'logging'],
];

/** Expected problems that belong to the schema walker (unknown keys), not to these rules. */
const SCHEMA_WALKER = [
  'opentelemetry-collector__otelcol-testdata-otelcol-invalid-telemetry.yaml', // 'service.telemetry' has invalid keys: unknown
  'opentelemetry-collector__exporter-debugexporter-testdata-config_verbosity_typo.yaml', // has invalid keys: verBosity
  'opentelemetry-collector__receiver-otlpreceiver-testdata-typo_default_proto_config.yaml', // 'protocols' has invalid keys: htttp
];

(present ? describe : describe.skip)('collector corpus (shared/corpus)', () => {
  for (const file of VALID) {
    it(`valid: ${file} has no error findings`, () => {
      const text = fs.readFileSync(path.join(OTEL, file), 'utf8');
      const errs = errors(run(text));
      assert.deepEqual(errs.map((f) => `${f.code}: ${f.message}`), []);
    });
  }

  for (const [file, code, severity, message, at] of INVALID) {
    it(`invalid: ${file} reports ${code}`, () => {
      const text = fs.readFileSync(path.join(OTEL, file), 'utf8');
      const hits = run(text).filter((f) => f.code === code && f.message.includes(message));
      assert.ok(hits.length >= 1, `expected "${message}"`);
      assert.equal(hits[0].severity, severity);
      assert.equal(textOf(text, hits[0]), at);
    });
  }

  for (const file of SCHEMA_WALKER) {
    it(`schema-walker territory: ${file} gives no collector-rule errors`, () => {
      const text = fs.readFileSync(path.join(OTEL, file), 'utf8');
      assert.deepEqual(errors(run(text)).map((f) => f.message), []);
    });
  }

  it('the otlp exporter invalid cases report their expected Validate() errors', () => {
    const text = fs.readFileSync(path.join(OTEL, 'opentelemetry-collector__exporter-otlpexporter-testdata-invalid_configs.yaml'), 'utf8');
    const expected: Record<string, string | undefined> = {
      no_endpoint: 'requires a non-empty "endpoint"',
      https_endpoint: 'requires a non-empty "endpoint"',
      http_endpoint: 'requires a non-empty "endpoint"',
      missing_port: 'missing port in address',
      invalid_port: 'invalid port "port"',
      invalid_unix_socket: 'unix socket path cannot be empty',
      // timeout / retry / TLS cases are schema-walker checks (minimum, enum)
      invalid_timeout: undefined,
      invalid_retry: undefined,
      invalid_tls: undefined,
    };
    const cases = Object.keys(YAML.parse(text) as Record<string, unknown>);
    assert.deepEqual(cases.sort(), Object.keys(expected).sort());
    // Wrap each case as an otlp_grpc exporter body in a minimal config (our own scaffold, the body stays the corpus text).
    const indented = text.replace(/^/gm, '  ');
    const wrapper = `exporters:\n${indented}\n`;
    const root = parse(wrapper);
    assert.ok(root);
    const renamed = wrapper.replace(/^ {2}([a-z_]+):$/gm, '  otlp_grpc/$1:');
    const fsAll = run(renamed).filter((f) => f.code === 'collector/exporter-endpoint');
    for (const [name, msg] of Object.entries(expected)) {
      const hit = fsAll.find((f) => f.message.startsWith(`exporters::otlp_grpc/${name}: `));
      if (msg === undefined) assert.equal(hit, undefined, name);
      else {
        assert.ok(hit, `no finding for ${name}`);
        assert.ok(hit.message.includes(msg), `${name}: ${hit.message}`);
        assert.equal(hit.severity, 'error');
      }
    }
  });

  it('overlay fragment (demo observability) fails alone, as SOURCES.md says', () => {
    const text = fs.readFileSync(path.join(OTEL, 'opentelemetry-demo__src-otel-collector-otelcol-config-observability.yaml'), 'utf8');
    const msgs = errors(run(text)).map((f) => f.message);
    assert.ok(msgs.includes('service::pipelines::traces: references exporter "debug" which is not configured'));
    assert.ok(msgs.includes('service::pipelines::traces: references exporter "span_metrics" which is not configured'));
    assert.ok(msgs.includes('service::pipelines::traces: must have at least one receiver'));
  });

  it('NativeLink metrics collector config: no errors, and the advice the guide implies', () => {
    const text = read('metrics/otel-collector-config.yaml');
    const all = run(text);
    assert.deepEqual(errors(all).map((f) => f.message), []);
    const codes = new Set(all.map((f) => f.code));
    assert.ok(codes.has('collector/renamed-component-type')); // otlphttp/prometheus, otlp/jaeger
    assert.ok(codes.has('collector/memory-limit-tuning')); // limit_mib 512
    assert.ok(codes.has('collector/high-cardinality-labels'));
    assert.ok(!codes.has('collector/metrics-to-prometheus'), 'prometheus exporter / Prometheus OTLP endpoint count as paths');
    assert.ok(!codes.has('collector/health-check-enabled'));
  });

  it('NativeLink Kubernetes manifest: the embedded collector.yaml has no errors', () => {
    const text = read('metrics/otel-collector.yaml');
    const docs = YAML.parseAllDocuments(text);
    const cm = docs.find((d) => (d.toJS() as { kind?: string } | null)?.kind === 'ConfigMap');
    assert.ok(cm);
    const embedded = (cm.toJS() as { data: Record<string, string> }).data['collector.yaml'];
    const all = run(embedded);
    assert.deepEqual(errors(all).map((f) => f.message), []);
    assert.ok(all.some((f) => f.code === 'collector/batch-tuning'), 'send_batch_max_size is unbounded there');
  });
});

if (!present) {
  // eslint-disable-next-line no-console
  console.log(`collector corpus tests skipped: ${OTEL} not found`);
}
