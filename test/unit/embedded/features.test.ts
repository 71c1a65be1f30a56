import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { HostAwareLanguageService } from '../../../server/src/service/embedded/hostService';
import { findEmbedded } from '../../../server/src/service/embedded/hosts';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings, type Settings } from '../../../server/src/service/settings';
import { COLLECTOR, NATIVELINK, configMap, operatorV1beta1 } from './fixtures';

const service = new HostAwareLanguageService(engines);
let version = 0;
const open = (text: string, name = 'k8s/otel.yaml', lang = 'yaml') => TextDocument.create(`file:///ws/${name}`, lang, ++version, text);

function pos(d: TextDocument, needle: string, nth = 0, delta = 1): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = d.getText().indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} in fixture`);
  return d.positionAt(i + delta);
}
const textOf = (d: TextDocument, r: Range) => d.getText().slice(d.offsetAt(r.start), d.offsetAt(r.end));

describe('every feature inside an embedded collector config, at host positions', () => {
  const host = open(configMap('collector.yaml', COLLECTOR));

  it('completes component ids in a pipeline list, replacing the host text under the cursor', () => {
    const p = pos(host, 'debugg]', 0, 3);
    const list = service.completion(host, p, defaultSettings);
    const debug = list.items.find((i) => i.label === 'debug');
    assert.ok(debug, 'the defined exporter is offered');
    const te = debug!.textEdit as { range: Range };
    assert.equal(textOf(host, te.range), 'debugg'.slice(0, te.range.end.character - te.range.start.character));
    assert.equal(te.range.start.line, p.line);
  });

  it('completes keys with snippets whose line breaks carry the block indentation', () => {
    const text = configMap('collector.yaml', COLLECTOR.replace('extensions:\n  health_check: {}\n', 'extensions:\n  health_check: {}\n  \n'));
    const d = open(text);
    const line = d.getText().split('\n').findIndex((l, i, all) => l.trim() === '' && all[i - 1]?.includes('health_check: {}'));
    const items = service.completion(d, { line, character: 6 }, defaultSettings).items;
    assert.ok(items.length > 0, 'extension ids are offered on the empty line');
    for (const i of items) {
      const nt = (i.textEdit as { newText: string }).newText;
      for (const l of nt.split('\n').slice(1)) assert.ok(l === '' || l.startsWith('    '), `continuation lines stay inside the block: ${JSON.stringify(nt)}`);
    }
  });

  it('hovers a key with the hover range on the host', () => {
    const h = service.hover(host, pos(host, 'check_interval'), defaultSettings);
    assert.ok(h, 'hover shown');
    assert.equal(textOf(host, h!.range!), 'check_interval');
  });

  it('outlines the embedded config under its ConfigMap entry', () => {
    const symbols = service.documentSymbols(host, defaultSettings);
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'ConfigMap otel-collector-config: data.collector.yaml');
    const names = JSON.stringify(symbols[0].children);
    for (const n of ['receivers', 'otlp', 'memory_limiter', 'prometheus']) assert.ok(names.includes(`"${n}"`), n);
    const otlp = symbols[0].children!.find((s) => s.name === 'receivers')!.children!.find((s) => s.name === 'otlp')!;
    assert.equal(textOf(host, otlp.selectionRange), 'otlp');
  });

  it('goes to a definition, finds references and renames them, all in the host', () => {
    const ref = pos(host, 'memory_limiter]');
    const defs = service.definition(host, ref, defaultSettings);
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, host.uri);
    assert.equal(defs[0].range.start.line, pos(host, '  memory_limiter:').line);
    const refs = service.references(host, ref, true, defaultSettings);
    assert.equal(refs.length, 2);
    assert.ok(refs.every((r) => textOf(host, r.range) === 'memory_limiter'));
    const prepared = service.prepareRename(host, ref, defaultSettings);
    assert.equal(textOf(host, prepared!), 'memory_limiter');
    const we = service.rename(host, ref, 'memory_limiter/main', defaultSettings)!;
    const after = TextDocument.applyEdits(host, we.changes![host.uri]);
    assert.equal(findEmbedded('file:///after.yaml', after)[0].text, COLLECTOR.replace(/memory_limiter/g, 'memory_limiter/main'));
  });

  it('does nothing at host positions outside the embedded text', () => {
    assert.equal(service.hover(host, pos(host, 'namespace: nativelink'), defaultSettings), null);
    assert.deepEqual(service.definition(host, pos(host, 'opentelemetry-collector-contrib'), defaultSettings), []);
    assert.deepEqual(service.completion(host, pos(host, 'containers', 0, 0), defaultSettings).items, []);
  });

  it('leaves YAML errors of the host to YAML: a duplicate key inside a v1beta1 spec.config is not ours to report', () => {
    const broken = operatorV1beta1(COLLECTOR.replace('extensions:\n', 'exporters:\n  debug/2: {}\nextensions:\n'));
    const diags = service.diagnostics(open(broken), defaultSettings);
    assert.ok(!diags.some((d) => String(d.code).endsWith('/syntax')), JSON.stringify(diags.map((d) => d.code)));
    // …while a syntax error inside a string block is the embedded document's own (the host sees a string).
    const inString = configMap('collector.yaml', COLLECTOR.replace('exporters:\n', 'exporters:\n  debug/2: {}\nexporters:\n'));
    assert.ok(service.diagnostics(open(inString), defaultSettings).some((d) => String(d.code).endsWith('/syntax')));
  });

  it('treats ${env:VAR} and NativeLink ${VAR} inside embedded documents as standalone files do', () => {
    const nl = service.diagnostics(open(configMap('nativelink-config.json5', NATIVELINK)), defaultSettings);
    assert.ok(!nl.some((d) => /PORT/.test(d.message)), 'the ${PORT:-50051} socket address is expanded by NativeLink, not an error');
    const col = service.diagnostics(open(configMap('collector.yaml', COLLECTOR)), defaultSettings);
    assert.ok(!col.some((d) => /MY_POD_IP/.test(d.message)));
  });

  it('stays quiet on Helm templates', () => {
    const tpl = `{{- if .Values.configMap.create -}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "x.fullname" . }}\ndata:\n  relay: |\n    {{- include "x.config" . | nindent 4 }}\n{{- end }}\n`;
    const d = open(tpl, 'chart/templates/configmap.yaml');
    assert.deepEqual(findEmbedded(d.uri, tpl), []);
    assert.deepEqual(service.diagnostics(d, defaultSettings), []);
    const inValues = `mode: deployment\nconfig:\n  exporters:\n    otlp:\n      endpoint: "{{ .Values.backend }}"\n`;
    assert.deepEqual(findEmbedded('file:///ws/values.yaml', inValues), [], 'tpl input in values is not a config until rendered');
  });

  it('honours nativelink.files.embedded and nativelink.files.exclude', () => {
    const text = configMap('settings.conf', COLLECTOR);
    assert.equal(findEmbedded('file:///ws/a.yaml', text).length, 1, 'detected by content');
    const none: Settings = { ...defaultSettings, files: { ...defaultSettings.files, embedded: { '*.conf': 'none' } } };
    assert.equal(findEmbedded('file:///ws/b.yaml', text, none).length, 0);
    const excluded: Settings = { ...defaultSettings, files: { ...defaultSettings.files, exclude: ['**/k8s/**'] } };
    assert.equal(findEmbedded('file:///ws/k8s/c.yaml', text, excluded).length, 0);
    const forced: Settings = { ...defaultSettings, files: { ...defaultSettings.files, embedded: { 'blob': 'collector' } } };
    assert.equal(findEmbedded('file:///ws/d.yaml', configMap('blob', 'receivers: {}\n'), forced)[0]?.kind, 'collector');
  });

  it('a `# nativelink: ignore` at the top of the host opts all of it out', () => {
    const d = open('# nativelink: ignore\n' + configMap('collector.yaml', COLLECTOR));
    assert.deepEqual(service.diagnostics(d, defaultSettings), []);
  });

  it('skips Secret data (base64 has no character map) but reads Secret stringData', () => {
    const secret = (section: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n${section}:\n  collector.yaml: |\n${COLLECTOR.split('\n').map((l) => (l ? '    ' + l : l)).join('\n')}`;
    assert.equal(findEmbedded('file:///ws/s1.yaml', secret('data')).length, 0);
    assert.equal(findEmbedded('file:///ws/s2.yaml', secret('stringData')).length, 1);
  });
});

describe('Helm values of the opentelemetry-collector chart', () => {
  const values = (config: string, extra = '') => `mode: deployment
image:
  repository: otel/opentelemetry-collector-k8s
${extra}config:
${config}`;
  const USER = `  exporters:
    prometheus:
      endpoint: 0.0.0.0:9090
  service:
    pipelines:
      metrics:
        receivers: [otlp]
        processors: [memory_limiter, batch]
        exporters: [prometheus]
`;

  it('counts the components the chart defines by default (otlp, memory_limiter, batch) as defined', () => {
    const d = open(values(USER), 'values.yaml');
    const diags = service.diagnostics(d, defaultSettings);
    assert.deepEqual(diags.filter((x) => x.severity === 1), [], JSON.stringify(diags.map((x) => x.message)));
  });

  it('reports what the user still breaks, on the user\'s own line', () => {
    const d = open(values(USER.replace('exporters: [prometheus]', 'exporters: [prometheus, prometheuss]')), 'values.yaml');
    const err = service.diagnostics(d, defaultSettings).filter((x) => x.severity === 1);
    assert.equal(err.length, 1);
    assert.equal(err[0].code, 'collector/undefined-component');
    assert.equal(err[0].range.start.line, pos(d, 'prometheuss').line);
  });

  it('a null removes a default component, and the chart\'s own pipeline that still names it is an error on `config:`', () => {
    const d = open(values(`  receivers:\n    zipkin: null\n${USER}`), 'values.yaml');
    const err = service.diagnostics(d, defaultSettings).filter((x) => x.severity === 1);
    assert.equal(err.length, 1, JSON.stringify(err.map((x) => x.message)));
    assert.match(err[0].message, /zipkin.*chart's default config/);
    assert.equal(textOf(d, err[0].range), 'config');
  });

  it('as a subchart (values under the dependency key) a null does not remove the default', () => {
    const sub = values(`  receivers:\n    zipkin: null\n${USER}`).split('\n').map((l) => (l ? '  ' + l : l)).join('\n');
    const d = open(`opentelemetry-collector:\n${sub}`, 'values.yaml');
    assert.deepEqual(service.diagnostics(d, defaultSettings).filter((x) => x.severity === 1), []);
  });

  it('enabled presets define their components (kubernetesAttributes → k8s_attributes)', () => {
    const user = USER.replace('[memory_limiter, batch]', '[memory_limiter, k8s_attributes, batch]');
    const withPreset = service.diagnostics(open(values(user, 'presets:\n  kubernetesAttributes:\n    enabled: true\n'), 'values.yaml'), defaultSettings);
    assert.deepEqual(withPreset.filter((x) => x.severity === 1), []);
    const without = service.diagnostics(open(values(user), 'values.yaml'), defaultSettings);
    assert.ok(without.some((x) => x.severity === 1 && /k8s_attributes/.test(x.message)));
  });

  it('alternateConfig is taken as is: no chart defaults under it', () => {
    const d = open(`mode: deployment\nalternateConfig:\n${USER}`, 'values.yaml');
    const err = service.diagnostics(d, defaultSettings).filter((x) => x.severity === 1);
    assert.ok(err.some((x) => /"otlp"/.test(x.message)), 'otlp is not defined without the defaults');
  });

  it('presets wire their receivers into pipelines that have none (alternateConfig + clusterMetrics/kubernetesEvents)', () => {
    const alt = `mode: deployment\npresets:\n  clusterMetrics:\n    enabled: true\n  kubernetesEvents:\n    enabled: true\nalternateConfig:\n  exporters:\n    debug: {}\n  service:\n    pipelines:\n      logs:\n        exporters: [debug]\n      metrics:\n        exporters: [debug]\n`;
    const diags = service.diagnostics(open(alt, 'values.yaml'), defaultSettings);
    assert.deepEqual(diags.filter((x) => x.severity === 1), []);
    const bare = service.diagnostics(open(alt.replace(/presets:[\s\S]*?alternateConfig/, 'alternateConfig'), 'values.yaml'), defaultSettings);
    assert.ok(bare.some((x) => x.code === 'collector/pipeline-incomplete'), 'without presets the pipelines have no receivers');
  });

  it('quick fixes edit the user\'s lines, never the chart defaults', () => {
    const d = open(values(USER.replace('exporters: [prometheus]', 'exporters: [prometheus, prometheuss]')), 'values.yaml');
    const err = service.diagnostics(d, defaultSettings).find((x) => x.severity === 1)!;
    const fix = service.codeActions(d, err.range, defaultSettings).find((a) => a.title.startsWith('Change to'))!;
    const after = TextDocument.applyEdits(d, fix.edit!.changes![d.uri]);
    assert.equal(after, d.getText().replace('prometheus, prometheuss', 'prometheus, prometheus'));
  });

  it('ignores another chart\'s values that also have config: and image:', () => {
    assert.deepEqual(findEmbedded('file:///ws/values.yaml', 'image:\n  repository: grafana\nconfig:\n  server:\n    http_listen_port: 3100\n'), []);
  });
});

describe('embedded: Prometheus rule files in a ConfigMap entry', () => {
  const RULES = [
    'groups:',
    '  - name: nativelink_alerts',
    '    rules:',
    '      - alert: NativeLinkQueueBacklog',
    '        expr: |',
    '          sum(nativelink_execution_active_count{execution_stage="queued"}',
    '            > 100',
    '        for: 15m',
    '      - record: nativelink:cache_size_bytes',
    '        expr: sum by (cache_type) (nativelink_cache_size)',
    '',
  ].join('\n');

  it('PromQL syntax errors and never-emitted metrics land on the host lines inside the block scalar', () => {
    const host = configMap('alert_rules.yml', RULES);
    assert.deepEqual(findEmbedded('file:///k8s/prometheus.yaml', host).map((e) => e.kind), ['promrules']);
    const diags = service.diagnostics(open(host), defaultSettings);
    const lines = host.split('\n');
    const syntax = diags.find((d) => d.code === 'promql/syntax');
    assert.ok(syntax, `diagnostics: ${diags.map((d) => d.code).join(', ')}`);
    // Reported where the parser gives up: the end of the expression, on its host line inside the block scalar.
    assert.match(syntax!.message, /unclosed/);
    assert.match(lines[syntax!.range.start.line], /^ {16}> 100$/);
    const never = diags.find((d) => d.code === 'nativelink/metric-never-emitted');
    assert.ok(never, 'nativelink_cache_size is declared but never emitted (metrics.rs)');
    assert.equal(lines[never!.range.start.line].slice(never!.range.start.character, never!.range.end.character), 'nativelink_cache_size');
  });

  it('alert templates in labels and annotations are the rule file\'s own: still checked; `{{` anywhere else is Helm input', () => {
    // The shape of NativeLink's deployment-examples/metrics/kubernetes/prometheus.yaml (v1.6.6) alerts.
    const templated = RULES.replace('        for: 15m\n', '        for: 15m\n        labels:\n          instance: "{{ $labels.instance }}"\n        annotations:\n          summary: "Queue backlog ({{ $value | humanize }})"\n');
    const host = configMap('alert_rules.yml', templated);
    assert.deepEqual(findEmbedded('file:///k8s/prometheus-templated.yaml', host).map((e) => e.kind), ['promrules']);
    assert.ok(service.diagnostics(open(host), defaultSettings).some((d) => d.code === 'nativelink/metric-never-emitted'));
    const helm = templated.replace('nativelink_cache_size)', 'nativelink_cache_size{job="{{ .Values.job }}"})');
    assert.deepEqual(findEmbedded('file:///k8s/prometheus-helm.yaml', configMap('alert_rules.yml', helm)).map((e) => e.kind), []);
    const collectorTpl = 'receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: {{ .Values.endpoint }}\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      exporters: [debug]\n';
    assert.deepEqual(findEmbedded('file:///k8s/collector.yaml', configMap('collector.yaml', collectorTpl)).map((e) => e.kind), []);
  });

  it('an entry that is a Prometheus config, not rules, is not claimed', () => {
    const host = configMap('prometheus.yml', 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: otel-collector\n    static_configs:\n      - targets: ["otel-collector:9090"]\n');
    assert.deepEqual(findEmbedded('file:///k8s/prometheus.yaml', host).map((e) => e.kind), []);
  });
});
