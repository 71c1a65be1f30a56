import * as assert from 'node:assert/strict';
import { parseJson5 } from '../../../server/src/parser/json5';
import { parseYaml } from '../../../server/src/parser/yaml';
import { detectKind, mightBeHostText, mightBeOurs } from '../../../server/src/service/detect';
import { mightBeHost } from '../../../server/src/service/embedded/hosts';
import { defaultSettings } from '../../../server/src/service/settings';

function kind(name: string, lang: string, text: string, settings = defaultSettings) {
  const uri = `file:///ws/${name}`;
  if (!mightBeOurs(uri, lang, text, settings)) return undefined;
  return detectKind(uri, lang, text, lang === 'yaml' || lang === 'otelcol' ? parseYaml(text) : parseJson5(text), settings);
}

describe('document detection', () => {
  it('claims NativeLink configs by content, whatever their name', () => {
    assert.equal(kind('cas.json5', 'json5', '{ stores: [], servers: [] }'), 'nativelink');
    assert.equal(kind('prod.json', 'json', '{ "stores": [], "servers": [], "schedulers": [] }'), 'nativelink');
    assert.equal(kind('half.json5', 'json5', '{ servers: [] }'), 'nativelink', 'a half-written .json5 config');
    assert.equal(kind('nativelink.json5', 'json5', ''), 'nativelink', 'a new, empty file named for NativeLink');
  });

  it('leaves other JSON with a `servers` or `global` key alone', () => {
    assert.equal(kind('openapi.json', 'json', '{ "openapi": "3.0.0", "info": {}, "servers": [], "paths": {} }'), undefined);
    assert.equal(kind('mcp.json', 'jsonc', '{ "servers": { "x": {} }, "inputs": [] }'), undefined);
    assert.equal(kind('settings.json', 'jsonc', '{ "global": true }'), undefined);
    assert.equal(kind('nativelink-overview.json', 'json', '{ "panels": [], "title": "NativeLink" }'), 'promrules', 'a Grafana dashboard: claimed for its PromQL only');
  });

  it('claims collector configs by content and keeps look-alike names out', () => {
    assert.equal(kind('pipeline.yaml', 'yaml', 'receivers: {}\nexporters: {}\nservice: {}\n'), 'collector');
    assert.equal(kind('otel-collector.yaml', 'yaml', 'apiVersion: v1\nkind: ConfigMap\ndata: {}\n'), undefined, 'a Kubernetes ConfigMap');
    assert.equal(kind('otel-collector-config.yaml', 'yaml', ''), 'collector', 'a new, empty collector file');
    assert.equal(kind('docker-compose.yml', 'yaml', 'services:\n  a: {}\n'), undefined);
  });

  it('honours settings and the opt-out marker', () => {
    const forced = { ...defaultSettings, files: { ...defaultSettings.files, collector: ['**/deploy/*.yaml'] } };
    assert.equal(kind('deploy/x.yaml', 'yaml', 'a: 1\n', forced), 'collector');
    const excluded = { ...defaultSettings, files: { ...defaultSettings.files, exclude: ['**/vendor/**'] } };
    assert.equal(kind('vendor/cas.json5', 'json5', '{ stores: [] }', excluded), undefined);
    assert.equal(kind('pipeline.yaml', 'yaml', '# nativelink: ignore\nreceivers: {}\nexporters: {}\nservice: {}\n'), undefined);
  });
  it('a URI with a stray % is still detected instead of throwing', () => {
    const text = '{ stores: [], servers: [] }';
    assert.equal(detectKind('file:///w/100%25done/nativelink%.json5', 'json5', text, parseJson5(text), { ...defaultSettings, files: { ...defaultSettings.files, nativelink: ['**/nativelink%.json5'] } }), 'nativelink');
    assert.equal(detectKind('file:///w/50%off.json5', 'json5', text, parseJson5(text), defaultSettings), 'nativelink');
  });
  it('the activation bundle\'s cheap host check sees every Kubernetes host the server reads, and no plain manifest', () => {
    const hosts = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  collector.yaml: |\n    receivers: {}\n',
      'apiVersion: opentelemetry.io/v1beta1\nkind: OpenTelemetryCollector\nspec:\n  config:\n    receivers: {}\n',
      'mode: deployment\nimage:\n  repository: otel/opentelemetry-collector-k8s\nconfig:\n  receivers: {}\n',
    ];
    for (const h of hosts) {
      assert.equal(mightBeHostText(h), true, h);
      assert.equal(mightBeHost(h), true, h);
    }
    // A PrometheusRule is a rule file of its own (not a host), and the cheap check takes it too.
    assert.equal(mightBeOurs('file:///k8s/rules.yaml', 'yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n', defaultSettings), true);
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 1\n';
    assert.equal(mightBeHostText(deployment), false);
    assert.equal(mightBeHost(deployment), false);
  });
});
