import * as assert from 'node:assert/strict';
import { byCode, fixAndRecheck, run, settingsWith, textOf, y } from './helpers';
import { collectorRules } from '../../../server/src/collector/rules';
import { GUIDE_BASE } from '../../../server/src/collector/guide';

/** A small healthy NativeLink collector config; each test plants one defect into a copy. */
const BASE = y`
  receivers:
    otlp:
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
    attributes/drop:
      actions:
        - key: execution.action_digest
          action: delete
    batch:
      send_batch_size: 512
      send_batch_max_size: 1024
  exporters:
    prometheus:
      endpoint: 0.0.0.0:9090
  extensions:
    health_check:
      endpoint: 0.0.0.0:13133
  service:
    extensions: [health_check]
    pipelines:
      metrics:
        receivers: [otlp]
        processors: [memory_limiter, attributes/drop, batch]
        exporters: [prometheus]
`;

function one(text: string, code: string) {
  const fs = byCode(run(text), code);
  assert.equal(fs.length, 1, `expected one ${code}, got ${fs.length}: ${fs.map((f) => f.message).join(' | ')}`);
  return fs[0];
}

describe('collector rules: baseline', () => {
  it('the healthy base config has no findings at all', () => {
    assert.deepEqual(
      run(BASE).map((f) => `${f.code}: ${f.message}`),
      [],
    );
  });

  it('every rule has an id, docs link and description; advice rules link the troubleshooting guide', () => {
    const ids = new Set<string>();
    for (const r of collectorRules) {
      assert.match(r.id, /^collector\/[a-z0-9-]+$/);
      assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
      ids.add(r.id);
      assert.match(r.docs, /^https:\/\//);
      assert.ok(r.description.length > 10);
      if (r.advice) assert.ok(r.docs.startsWith(GUIDE_BASE + '#'), `${r.id} docs should be a guide anchor`);
    }
  });

  it('guide anchors are derived from section titles', () => {
    const docs = collectorRules.filter((r) => r.advice).map((r) => r.docs.split('#')[1]);
    assert.ok(docs.includes('high-memory-usage'));
    assert.ok(docs.includes('check-collector-health'));
    assert.ok(docs.includes('metrics-not-appearing'));
  });
});

describe('collector/undefined-component', () => {
  it('reports a pipeline reference to an undefined processor with the collector wording', () => {
    const text = BASE.replace('processors: [memory_limiter, attributes/drop, batch]', 'processors: [memory_limiter, attributes/drop, batchh]');
    const f = one(text, 'collector/undefined-component');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'service::pipelines::metrics: references processor "batchh" which is not configured');
    assert.equal(textOf(text, f), 'batchh');
    const r = fixAndRecheck(text, 'collector/undefined-component');
    assert.match(r.text, /processors: \[memory_limiter, attributes\/drop, batch\]/);
  });

  it('offers to define a missing receiver, with a body that passes its own checks', () => {
    const text = BASE.replace('receivers: [otlp]', 'receivers: [otlp, otlp/nativelink]');
    const f = one(text, 'collector/undefined-component');
    assert.equal(f.message, 'service::pipelines::metrics: references receiver "otlp/nativelink" which is not configured');
    const define = f.fixes!.findIndex((x) => x.title.startsWith('Define'));
    const r = fixAndRecheck(text, 'collector/undefined-component', () => true, define);
    assert.match(r.text, /\n {2}otlp\/nativelink:\n {4}protocols:\n {6}grpc:/);
  });

  it('reports service.extensions entries that are not configured and can create the section', () => {
    const text = BASE.replace('extensions: [health_check]', 'extensions: [health_check, pprof]');
    const f = one(text, 'collector/undefined-component');
    assert.equal(f.message, 'service::extensions: references extension "pprof" which is not configured');
    assert.equal(textOf(text, f), 'pprof');
    const define = f.fixes!.findIndex((x) => x.title.startsWith('Define'));
    const r = fixAndRecheck(text, 'collector/undefined-component', () => true, define);
    assert.match(r.text, /\n {2}pprof:\n/);
  });

  it('accepts connectors on both sides of pipelines', () => {
    const text = y`
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        debug:
      connectors:
        forward:
      service:
        pipelines:
          traces/in:
            receivers: [otlp]
            exporters: [forward]
          traces/out:
            receivers: [forward]
            exporters: [debug]
    `;
    assert.equal(byCode(run(text), 'collector/undefined-component').length, 0);
  });
});

describe('collector/required-sections and pipeline-incomplete', () => {
  it('no receivers at all', () => {
    const text = BASE.replace(/receivers:\n {2}otlp:\n(?: {4,}.*\n)+/, 'receivers:\n');
    const f = byCode(run(text), 'collector/required-sections')[0];
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'no receiver configuration specified in config');
    assert.equal(textOf(text, f), 'receivers');
    const r = fixAndRecheck(text, 'collector/required-sections');
    assert.equal(byCode(r.findings, 'collector/undefined-component').length, 0, 'the added otlp receiver also satisfies the pipeline');
  });

  it('no pipelines', () => {
    const text = y`
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        debug:
      service:
        extensions: []
    `;
    const f = byCode(run(text), 'collector/required-sections').find((x) => /pipeline/.test(x.message))!;
    assert.equal(f.message, 'service::pipelines: service must have at least one pipeline');
    assert.equal(textOf(text, f), 'service');
  });

  it('a pipeline without exporters', () => {
    const text = BASE.replace('      exporters: [prometheus]\n', '      exporters: []\n');
    const f = one(text, 'collector/pipeline-incomplete');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'service::pipelines::metrics: must have at least one exporter');
    assert.equal(textOf(text, f), 'exporters');
  });

  it('component fragments are not whole configs', () => {
    assert.deepEqual(run('endpoint: example.com:443\ntimeout: 10s\n'), []);
  });
});

describe('collector/duplicate-processor', () => {
  it('a processor twice in one pipeline is an error; the fix removes the repeat', () => {
    const text = BASE.replace('processors: [memory_limiter, attributes/drop, batch]', 'processors: [memory_limiter, attributes/drop, batch, batch]');
    const f = one(text, 'collector/duplicate-processor');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'service::pipelines::metrics: references processor "batch" multiple times');
    assert.equal(f.node!.offset, text.lastIndexOf('batch]'));
    const r = fixAndRecheck(text, 'collector/duplicate-processor');
    assert.match(r.text, /processors: \[memory_limiter, attributes\/drop, batch\]\n/);
  });

  it('a receiver twice is only a warning', () => {
    const text = BASE.replace('receivers: [otlp]', 'receivers: [otlp, otlp]');
    const f = byCode(run(text), 'collector/duplicate-reference')[0];
    assert.equal(f.severity, 'warning');
    const r = fixAndRecheck(text, 'collector/duplicate-reference');
    assert.match(r.text, /receivers: \[otlp\]\n/);
  });
});

describe('connectors', () => {
  const wired = (inExp: string, outRec: string, outSignal = 'metrics') => y`
    receivers:
      otlp:
        protocols:
          grpc:
    exporters:
      debug:
    connectors:
      span_metrics:
    service:
      pipelines:
        traces:
          receivers: [otlp]
          exporters: [${inExp}]
        ${outSignal}:
          receivers: [${outRec}]
          exporters: [debug]
  `;

  it('a connector used only as an exporter', () => {
    const text = wired('span_metrics', 'otlp');
    const f = one(text, 'collector/connector-wiring');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'connector "span_metrics" used as exporter in [traces] pipeline but not used in any supported receiver pipeline');
    assert.equal(textOf(text, f), 'span_metrics');
  });

  it('a connector used only as a receiver', () => {
    const text = wired('debug', 'span_metrics');
    const f = one(text, 'collector/connector-wiring');
    assert.equal(f.message, 'connector "span_metrics" used as receiver in [metrics] pipeline but not used in any supported exporter pipeline');
  });

  it('an unsupported signal pair (span_metrics: traces → logs) fails on both sides', () => {
    const text = wired('span_metrics', 'span_metrics', 'logs');
    const fs = byCode(run(text), 'collector/connector-wiring');
    assert.equal(fs.length, 2);
    assert.ok(fs.every((f) => f.severity === 'error'));
  });

  it('a supported pair is fine', () => {
    assert.equal(byCode(run(wired('span_metrics', 'span_metrics')), 'collector/connector-wiring').length, 0);
  });

  it('cycles through a connector are reported with the collector wording', () => {
    const text = y`
      receivers:
        otlp:
          protocols:
            grpc:
      processors:
        memory_limiter:
          check_interval: 1s
          limit_mib: 1024
      exporters:
        debug:
      connectors:
        forward:
      service:
        pipelines:
          traces/a:
            receivers: [otlp, forward]
            processors: [memory_limiter]
            exporters: [forward, debug]
    `;
    const f = one(text, 'collector/connector-cycle');
    assert.equal(f.severity, 'error');
    assert.equal(
      f.message,
      'cycle detected: connector "forward" (traces to traces) -> processor "memory_limiter" in pipeline "traces/a" -> connector "forward" (traces to traces)',
    );
    assert.equal(textOf(text, f), 'forward');
  });

  it('a connector id also defined as an exporter is ambiguous; renaming the connector fixes it', () => {
    const text = y`
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        forward:
          endpoint: x
      connectors:
        forward:
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
    `;
    const f = one(text, 'collector/connector-ambiguous-id');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^connectors::forward: ambiguous ID: Found both "forward" exporter and "forward" connector\./);
    const fixed = fixAndRecheck(text, 'collector/connector-ambiguous-id');
    assert.match(fixed.text, /connectors:\n {2}forward\/connector:/);
  });
});

describe('collector/unsupported-signal', () => {
  it('the prometheus exporter in a traces pipeline', () => {
    const text = BASE + y`
      ${''}
          traces:
            receivers: [otlp]
            processors: [memory_limiter]
            exporters: [prometheus]
    `.replace(/^\n/, '').replace(/^/gm, '    ');
    const f = one(text, 'collector/unsupported-signal');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^failed to create "prometheus" exporter for data type "traces": telemetry type is not supported/);
    assert.equal(textOf(text, f), 'prometheus');
  });

  it('a processor that does not handle the signal (schema x-signals) can be removed', () => {
    const text = BASE.replace('processors:\n  memory_limiter:', 'processors:\n  tail_sampling:\n  memory_limiter:').replace(
      '[memory_limiter, attributes/drop, batch]',
      '[memory_limiter, attributes/drop, tail_sampling, batch]',
    );
    const f = one(text, 'collector/unsupported-signal');
    assert.equal(f.message, 'failed to create "tail_sampling" processor, in pipeline "metrics": telemetry type is not supported (tail_sampling supports traces)');
    fixAndRecheck(text, 'collector/unsupported-signal');
  });
});

describe('ids and types', () => {
  it('invalid component type characters', () => {
    const text = BASE.replace('  prometheus:\n    endpoint', '  prome-theus:\n    endpoint').replace('exporters: [prometheus]', 'exporters: [prome-theus]');
    const f = one(text, 'collector/invalid-component-id');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'exporters: in "prome-theus" id: invalid character(s) in type "prome-theus"');
    assert.equal(textOf(text, f), 'prome-theus');
    const r = fixAndRecheck(text, 'collector/invalid-component-id');
    assert.match(r.text, /exporters: \[prome_theus\]/);
  });

  it('empty name after /', () => {
    const text = BASE.replace('  batch:\n    send', '  batch/:\n    send');
    const f = one(text, 'collector/invalid-component-id');
    assert.equal(f.message, 'processors: in "batch/" id: the part after / should not be empty');
  });

  it('unknown pipeline signal, with a did-you-mean rename', () => {
    const text = BASE.replace('    metrics:\n      receivers', '    metric:\n      receivers');
    const f = one(text, 'collector/invalid-pipeline-id');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'service::pipelines: in "metric" id: unknown pipeline signal: "metric"');
    assert.equal(textOf(text, f), 'metric');
    const r = fixAndRecheck(text, 'collector/invalid-pipeline-id');
    assert.match(r.text, / {4}metrics:\n/);
  });

  it('unknown component type is a warning with a closest-type fix', () => {
    const text = BASE.replace('  batch:\n    send', '  bacth:\n    send').replace('attributes/drop, batch]', 'attributes/drop, bacth]');
    const f = one(text, 'collector/unknown-component-type');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^processors: unknown type: "bacth" for id: "bacth" \(valid values: \[/);
    assert.equal(textOf(text, f), 'bacth');
    const r = fixAndRecheck(text, 'collector/unknown-component-type');
    assert.match(r.text, /\n {2}batch:\n/);
    assert.match(r.text, /attributes\/drop, batch\]/);
  });

  it('settings.collector.extraComponentTypes silences unknown types from custom distributions', () => {
    const text = BASE.replace('  batch:\n    send', '  nativelink_tagger:\n  batch:\n    send');
    const s = settingsWith({ extraComponentTypes: ['nativelink_tagger'] });
    assert.equal(byCode(run(text, collectorRules, s), 'collector/unknown-component-type').length, 0);
    assert.equal(byCode(run(text), 'collector/unknown-component-type').length, 1);
  });

  it('renamed types get a hint and a rename fix that updates references', () => {
    const text = y`
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        otlp/jaeger:
          endpoint: jaeger:4317
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [otlp/jaeger]
    `;
    const f = one(text, 'collector/renamed-component-type');
    assert.equal(f.severity, 'hint');
    assert.deepEqual(f.tags, ['deprecated']);
    assert.equal(f.message, '"otlp" alias is deprecated; use "otlp_grpc" instead');
    assert.equal(f.range!.offset, text.indexOf('otlp/jaeger'));
    assert.equal(f.range!.length, 4);
    const r = fixAndRecheck(text, 'collector/renamed-component-type');
    assert.match(r.text, /\n {2}otlp_grpc\/jaeger:\n/);
    assert.match(r.text, /exporters: \[otlp_grpc\/jaeger\]/);
    assert.match(r.text, /receivers: \[otlp\]/, 'the otlp receiver is not renamed');
  });

  it('contrib renames (hostmetrics → host_metrics)', () => {
    const text = 'receivers:\n  hostmetrics:\n    scrapers:\n      cpu:\nexporters:\n  debug:\nservice:\n  pipelines:\n    metrics:\n      receivers: [hostmetrics]\n      exporters: [debug]\n';
    const f = one(text, 'collector/renamed-component-type');
    assert.equal(f.message, '"hostmetrics" alias is deprecated; use "host_metrics" instead');
    const r = fixAndRecheck(text, 'collector/renamed-component-type');
    assert.match(r.text, /receivers: \[host_metrics\]/);
  });

  it('the removed logging exporter is an error, fixed by switching to debug', () => {
    const text = y`
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        logging:
          loglevel: debug
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [logging]
    `;
    const f = one(text, 'collector/removed-component-type');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'exporters: the logging exporter has been deprecated, use the debug exporter instead');
    const r = fixAndRecheck(text, 'collector/removed-component-type');
    assert.match(r.text, /\n {2}debug:\n {4}verbosity: detailed\n/);
    assert.match(r.text, /exporters: \[debug\]/);
  });
});

describe('collector/unused-component', () => {
  it('an unused exporter is a hint tagged unnecessary; removing it leaves the rest intact', () => {
    const text = BASE.replace('exporters:\n  prometheus:', 'exporters:\n  debug:\n    verbosity: basic\n  prometheus:');
    const f = one(text, 'collector/unused-component');
    assert.equal(f.severity, 'hint');
    assert.deepEqual(f.tags, ['unnecessary']);
    assert.equal(f.message, 'exporter "debug" is defined but not used in any pipeline');
    assert.equal(textOf(text, f), 'debug');
    const r = fixAndRecheck(text, 'collector/unused-component');
    assert.equal(r.text, BASE);
  });

  it('an extension not enabled in service.extensions; the fix enables it', () => {
    const text = BASE.replace('extensions:\n  health_check:', 'extensions:\n  pprof:\n  health_check:');
    const f = one(text, 'collector/unused-component');
    assert.match(f.message, /extension "pprof" is defined but not enabled/);
    const r = fixAndRecheck(text, 'collector/unused-component');
    assert.match(r.text, /extensions: \[health_check, pprof\]/);
  });
});

describe('component Validate() checks', () => {
  it('batch: send_batch_max_size below send_batch_size', () => {
    const text = BASE.replace('send_batch_max_size: 1024', 'send_batch_max_size: 256');
    const f = one(text, 'collector/batch-config');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^processors::batch: send_batch_max_size must be greater or equal to send_batch_size/);
    assert.equal(textOf(text, f), '256');
    const r = fixAndRecheck(text, 'collector/batch-config');
    assert.match(r.text, /send_batch_max_size: 1024/);
  });

  it('batch: 0 means unlimited, and the default send_batch_size (8192) counts', () => {
    assert.equal(byCode(run(BASE.replace('send_batch_max_size: 1024', 'send_batch_max_size: 0')), 'collector/batch-config').length, 0);
    const text = BASE.replace('    send_batch_size: 512\n', '');
    assert.equal(byCode(run(text), 'collector/batch-config').length, 1);
  });

  it('memory_limiter: check_interval missing', () => {
    const text = BASE.replace('    check_interval: 1s\n', '');
    const f = one(text, 'collector/memory-limiter-config');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, "processors::memory_limiter: 'check_interval' must be greater than zero");
    assert.equal(textOf(text, f), 'memory_limiter');
    const r = fixAndRecheck(text, 'collector/memory-limiter-config');
    assert.match(r.text, /spike_limit_mib: 256\n {4}check_interval: 1s\n/);
  });

  it('memory_limiter: check_interval 0s and a spike limit not below the limit', () => {
    const text = BASE.replace('check_interval: 1s', 'check_interval: 0s').replace('spike_limit_mib: 256', 'spike_limit_mib: 2048');
    const fs = byCode(run(text), 'collector/memory-limiter-config');
    assert.deepEqual(
      fs.map((f) => textOf(text, f)),
      ['0s', '2048'],
    );
    assert.match(fs[1].message, /'spike_limit_mib' must be smaller than 'limit_mib'/);
    const r = fixAndRecheck(text, 'collector/memory-limiter-config', (f) => /spike/.test(f.message));
    assert.match(r.text, /spike_limit_mib: 256/);
  });

  it('memory_limiter: percentages', () => {
    const text = BASE.replace('limit_mib: 1024\n    spike_limit_mib: 256', 'limit_percentage: 80\n    spike_limit_percentage: 90');
    const f = one(text, 'collector/memory-limiter-config');
    assert.match(f.message, /'spike_limit_percentage' must be smaller than 'limit_percentage'/);
    fixAndRecheck(text, 'collector/memory-limiter-config');
    const over = BASE.replace('limit_mib: 1024\n    spike_limit_mib: 256', 'limit_percentage: 180');
    assert.match(one(over, 'collector/memory-limiter-config').message, /less than or equal to hundred/);
  });

  it('memory_limiter: no limit at all', () => {
    const text = BASE.replace('    limit_mib: 1024\n    spike_limit_mib: 256\n', '');
    const f = one(text, 'collector/memory-limiter-config');
    assert.equal(f.message, "processors::memory_limiter: 'limit_mib' or 'limit_percentage' must be greater than zero");
    fixAndRecheck(text, 'collector/memory-limiter-config');
  });

  it('otlp receiver without protocols', () => {
    const text = BASE.replace(/ {2}otlp:\n {4}protocols:\n(?: {6,}.*\n)+/, '  otlp:\n');
    const f = one(text, 'collector/otlp-receiver-protocols');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'receivers::otlp: must specify at least one protocol when using the OTLP receiver');
    assert.equal(textOf(text, f), 'otlp');
    const r = fixAndRecheck(text, 'collector/otlp-receiver-protocols');
    assert.match(r.text, /otlp:\n {4}protocols:\n {6}grpc:\n {8}endpoint: 0\.0\.0\.0:4317\n {6}http:\n {8}endpoint: 0\.0\.0\.0:4318\n/);
  });

  it('otlp receiver with an empty protocols map', () => {
    const text = BASE.replace(/ {4}protocols:\n(?: {6,}.*\n)+/, '    protocols:\n');
    const f = one(text, 'collector/otlp-receiver-protocols');
    assert.equal(textOf(text, f), 'protocols');
    fixAndRecheck(text, 'collector/otlp-receiver-protocols');
  });

  it('otlp exporter needs an endpoint (http:// alone is empty)', () => {
    const text = BASE.replace('exporters:\n  prometheus:', 'exporters:\n  otlp_grpc/up:\n    endpoint: http://\n  prometheus:').replace(
      'exporters: [prometheus]',
      'exporters: [prometheus, otlp_grpc/up]',
    );
    const f = one(text, 'collector/exporter-endpoint');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'exporters::otlp_grpc/up: requires a non-empty "endpoint"');
    assert.equal(textOf(text, f), 'http://');
    fixAndRecheck(text, 'collector/exporter-endpoint');
  });

  it('otlp exporter endpoint without a port; ${env:...} endpoints are runtime values', () => {
    const text = BASE.replace('exporters:\n  prometheus:', 'exporters:\n  otlp_grpc/up:\n    endpoint: example.com\n  prometheus:');
    assert.equal(one(text, 'collector/exporter-endpoint').message, 'exporters::otlp_grpc/up: address example.com: missing port in address');
    const env = BASE.replace('exporters:\n  prometheus:', 'exporters:\n  otlp_grpc/up:\n    endpoint: ${env:UPSTREAM}\n  prometheus:');
    assert.equal(byCode(run(env), 'collector/exporter-endpoint').length, 0);
  });

  it('otlp_http exporter without any endpoint', () => {
    const text = BASE.replace('exporters:\n  prometheus:', 'exporters:\n  otlp_http:\n    compression: gzip\n  prometheus:');
    const f = one(text, 'collector/exporter-endpoint');
    assert.equal(f.message, 'exporters::otlp_http: at least one endpoint must be specified');
    fixAndRecheck(text, 'collector/exporter-endpoint');
  });
});

describe('NativeLink advice', () => {
  /**
   * Advice that plants one defect into BASE, expects exactly one finding of `code` with this severity on
   * `at`, and a fix whose text matches every pattern in `fixed`. Same steps for each, so one table.
   */
  const plainAdvice: { title: string; text: string; code: string; severity: string; at: string; fixed: RegExp[] }[] = [
    {
      title: 'memory_limiter missing: fix defines it and puts it first',
      text: BASE.replace(/ {2}memory_limiter:\n(?: {4}.*\n)+/, '').replace('[memory_limiter, attributes/drop, batch]', '[attributes/drop, batch]'),
      code: 'collector/memory-limiter-placement',
      severity: 'information',
      at: 'metrics',
      fixed: [/processors: \[memory_limiter, attributes\/drop, batch\]/, /\n {2}memory_limiter:\n {4}check_interval: 1s\n/],
    },
    {
      title: 'batch before memory_limiter',
      text: BASE.replace('[memory_limiter, attributes/drop, batch]', '[batch, memory_limiter, attributes/drop]'),
      code: 'collector/batch-order',
      severity: 'warning',
      at: 'batch',
      fixed: [/\[memory_limiter, attributes\/drop, batch\]/],
    },
    {
      title: 'a tight memory limit: information, fix raises to 1024/256',
      text: BASE.replace('limit_mib: 1024\n    spike_limit_mib: 256', 'limit_mib: 512\n    spike_limit_mib: 128'),
      code: 'collector/memory-limit-tuning',
      severity: 'information',
      at: '512',
      fixed: [/limit_mib: 1024\n {4}spike_limit_mib: 256/],
    },
    {
      title: 'metrics pipeline keeping execution_action_digest: fix adds an attributes delete processor before batch',
      text: BASE.replace(/ {2}attributes\/drop:\n(?: {4,}.*\n)+/, '').replace('[memory_limiter, attributes/drop, batch]', '[memory_limiter, batch]'),
      code: 'collector/high-cardinality-labels',
      severity: 'information',
      at: 'metrics',
      fixed: [
        /processors: \[memory_limiter, attributes\/drop_high_cardinality, batch\]/,
        /\n {2}attributes\/drop_high_cardinality:\n {4}actions:\n {6}- key: execution\.action_digest\n {8}action: delete\n/,
      ],
    },
    {
      title: 'health_check defined but not enabled: warning, fix enables it',
      text: BASE.replace('  extensions: [health_check]\n', ''),
      code: 'collector/health-check-enabled',
      severity: 'warning',
      at: 'health_check',
      fixed: [/service:\n {2}pipelines:[\s\S]*\n {2}extensions: \[health_check\]/],
    },
  ];
  for (const c of plainAdvice) {
    it(c.title, () => {
      const f = one(c.text, c.code);
      assert.equal(f.severity, c.severity);
      assert.equal(textOf(c.text, f), c.at);
      const r = fixAndRecheck(c.text, c.code);
      for (const re of c.fixed) assert.match(r.text, re);
    });
  }

  it('memory_limiter not first: warning, fix moves it to the front', () => {
    const text = BASE.replace('[memory_limiter, attributes/drop, batch]', '[attributes/drop, memory_limiter, batch]');
    const f = one(text, 'collector/memory-limiter-placement');
    assert.equal(f.severity, 'warning');
    assert.equal(textOf(text, f), 'memory_limiter');
    assert.ok(f.docs === undefined || f.docs.includes('#high-memory-usage'));
    const r = fixAndRecheck(text, 'collector/memory-limiter-placement');
    assert.match(r.text, /processors: \[memory_limiter, attributes\/drop, batch\]/);
  });

  it('one misordering, one diagnostic: [batch, memory_limiter] is memory-limiter-placement only', () => {
    const text = BASE.replace('[memory_limiter, attributes/drop, batch]', '[attributes/drop, batch, memory_limiter]');
    const fs = run(text).filter((f) => f.code === 'collector/batch-order' || f.code === 'collector/memory-limiter-placement');
    assert.deepEqual(fs.map((f) => f.code), ['collector/memory-limiter-placement']);
    assert.match(fs[0].message, /"batch" runs before it/);
    const r = fixAndRecheck(text, 'collector/memory-limiter-placement');
    assert.match(r.text, /processors: \[memory_limiter, attributes\/drop, batch\]/);
    assert.equal(r.findings.filter((f) => f.code === 'collector/batch-order').length, 0);
  });

  it('memory_limiter not first in a block list', () => {
    const text = BASE.replace('processors: [memory_limiter, attributes/drop, batch]', 'processors:\n          - attributes/drop # drop labels\n          - memory_limiter\n          - batch');
    const r = fixAndRecheck(text, 'collector/memory-limiter-placement');
    assert.match(r.text, /processors:\n {10}- memory_limiter\n {10}- attributes\/drop # drop labels\n {10}- batch/);
  });

  it('large or unbounded batches: information with the guide sizes', () => {
    const text = BASE.replace('    send_batch_size: 512\n    send_batch_max_size: 1024\n', '');
    const f = one(text, 'collector/batch-tuning');
    assert.equal(f.severity, 'information');
    assert.equal(textOf(text, f), 'batch');
    const r = fixAndRecheck(text, 'collector/batch-tuning');
    assert.match(r.text, /batch:\n {4}send_batch_size: 512\n {4}send_batch_max_size: 1024\n/);
    const only = BASE.replace('send_batch_size: 512', 'send_batch_size: 4096').replace('send_batch_max_size: 1024', 'send_batch_max_size: 8192');
    const r2 = fixAndRecheck(only, 'collector/batch-tuning');
    assert.match(r2.text, /send_batch_size: 512\n {4}send_batch_max_size: 1024/);
    // A flow mapping gets both keys, comma-separated (the merged insert used to glue them together).
    const flow = text.replace(/  batch:\n(?: {4}.*\n)*/, '  batch: {}\n');
    assert.match(flow, /batch: \{\}/);
    const r3 = fixAndRecheck(flow, 'collector/batch-tuning');
    assert.match(r3.text, /batch: \{send_batch_size: 512, send_batch_max_size: 1024\}/);
  });

  it('internal telemetry metrics level none', () => {
    const text = BASE + '  telemetry:\n    metrics:\n      level: none\n';
    const f = one(text, 'collector/internal-telemetry');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /otelcol_receiver_accepted_metric_points/);
    assert.equal(textOf(text, f), 'none');
    const r = fixAndRecheck(text, 'collector/internal-telemetry');
    assert.match(r.text, /level: normal/);
  });

  it('OTLP receiver on non-default ports and localhost', () => {
    const text = BASE.replace('endpoint: 0.0.0.0:4317', 'endpoint: 0.0.0.0:55690');
    const f = one(text, 'collector/otlp-ports');
    assert.equal(f.severity, 'warning');
    assert.equal(textOf(text, f), '55690');
    const r = fixAndRecheck(text, 'collector/otlp-ports');
    assert.equal(r.text, BASE);
    const local = BASE.replace('endpoint: 0.0.0.0:4317', 'endpoint: "localhost:4317"');
    const l = one(local, 'collector/otlp-ports');
    assert.equal(l.severity, 'information');
    assert.equal(textOf(local, l), 'localhost');
    assert.equal(fixAndRecheck(local, 'collector/otlp-ports').text, BASE.replace('endpoint: 0.0.0.0:4317', 'endpoint: "0.0.0.0:4317"'));
    // NativeLink speaks gRPC only: the HTTP protocol's port and interface are not its concern.
    const http = BASE.replace('endpoint: 0.0.0.0:4318', 'endpoint: localhost:9999');
    assert.equal(byCode(run(http), 'collector/otlp-ports').length, 0);
    const env = BASE.replace('endpoint: 0.0.0.0:4317', 'endpoint: ${env:HOST}:${env:PORT}');
    assert.equal(byCode(run(env), 'collector/otlp-ports').length, 0);
  });

  it('metrics pipeline with no path into Prometheus; connectors are followed', () => {
    const text = BASE.replace('exporters:\n  prometheus:\n    endpoint: 0.0.0.0:9090', 'exporters:\n  debug:').replace('exporters: [prometheus]', 'exporters: [debug]');
    const f = one(text, 'collector/metrics-to-prometheus');
    assert.equal(f.severity, 'information');
    assert.equal(textOf(text, f), 'metrics');
    const r = fixAndRecheck(text, 'collector/metrics-to-prometheus');
    assert.match(r.text, /exporters: \[debug, prometheus\]/);
    assert.match(r.text, /\n {2}prometheus:\n {4}endpoint: 0\.0\.0\.0:9090\n/);
    const via = y`
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        prometheus:
          endpoint: 0.0.0.0:9090
      connectors:
        forward:
      service:
        pipelines:
          metrics/in:
            receivers: [otlp]
            exporters: [forward]
          metrics/out:
            receivers: [forward]
            exporters: [prometheus]
    `;
    assert.equal(byCode(run(via), 'collector/metrics-to-prometheus').length, 0);
  });

  it('runtime values (${env:...}, ${file:...}, $$) are never reported as type problems', () => {
    const text = BASE.replace('send_batch_size: 512', 'send_batch_size: ${env:BATCH}').replace('check_interval: 1s', 'check_interval: ${env:CHECK:-1s}');
    const fs = run(text);
    assert.equal(byCode(fs, 'collector/batch-config').length, 0);
    assert.equal(byCode(fs, 'collector/memory-limiter-config').length, 0);
  });
});
