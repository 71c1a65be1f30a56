import * as assert from 'node:assert/strict';
import { setMappingValue } from '../../../server/src/collector/edits';
import { extractCollectorFacts, extractNativelinkFacts } from '../../../server/src/diagnose/facts';
import { valueOf, type ASTNode } from '../../../server/src/parser/ast';
import { hostedConfigs } from '../../../server/src/service/embedded/hostedConfigs';
import { findEmbedded } from '../../../server/src/service/embedded/hosts';
import { COLLECTOR, NATIVELINK, configMap, operatorV1alpha1 } from './fixtures';

const at = (root: ASTNode, ...path: string[]) => path.reduce<ASTNode | undefined>((n, k) => valueOf(n, k), root);

describe('embedded configs for the diagnosis', () => {
  it('gives trees in host offsets, so "Go to config" lands on the host text', () => {
    const host = configMap('collector.yaml', COLLECTOR);
    const [c] = hostedConfigs('file:///ws/otel.yaml', host);
    assert.equal(c.kind, 'collector');
    const limit = at(c.root, 'processors', 'memory_limiter', 'limit_mib')!;
    assert.equal(host.slice(limit.offset, limit.offset + limit.length), '1024');
  });

  it('a suggested value inserted with the standalone edit helpers lands inside the block scalar, indented', () => {
    const host = operatorV1alpha1(COLLECTOR);
    const [c] = hostedConfigs('file:///ws/otel.yaml', host);
    const batch = (c.root.children ?? []).find((p) => p.children?.[0]?.value === 'processors')!.children![1].children!.find((p) => p.children?.[0]?.value === 'batch')!;
    const e = setMappingValue(host, batch, 'timeout', '5s');
    const after = host.slice(0, e.offset) + e.newText + host.slice(e.offset + e.length);
    const [doc] = findEmbedded('file:///ws/after.yaml', after);
    assert.match(doc.text, /\nprocessors:\n {2}batch:\n {4}send_batch_size: 512\n {4}send_batch_max_size: 1024\n {4}timeout: 5s\n/);
  });

  it('reads facts from a ConfigMap, a NativeLink ConfigMap and Helm values (chart defaults included)', () => {
    assert.equal(extractCollectorFacts(configMap('collector.yaml', COLLECTOR)).memoryLimiter?.limitMib, 1024);
    assert.ok(extractNativelinkFacts(configMap('nativelink-config.json5', NATIVELINK)));
    const values = 'mode: deployment\nconfig:\n  exporters:\n    prometheus:\n      endpoint: 0.0.0.0:9090\n';
    assert.equal(extractCollectorFacts(values).memoryLimiter?.limitPercentage, 80, "the chart's default memory_limiter");
    // …but no tree node points into the defaults: they are not in the file.
    const [c] = hostedConfigs('file:///ws/values.yaml', values);
    assert.equal(at(c.root, 'processors'), undefined);
    assert.ok(at(c.root, 'exporters', 'prometheus'));
  });
});
