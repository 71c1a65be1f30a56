import type { Rule } from '../../service/rules';
import { insertMappingEntry } from '../edits';
import { findComponent, findProp, propValue, props } from '../model';
import { DOCS } from '../guide';
import { componentPrefix, modelOf } from './util';

/**
 * NativeLink exports OTLP over gRPC only (TraceMachina/nativelink@v1.6.6: nativelink-util/Cargo.toml enables just
 * `grpc-tonic`; nativelink-util/src/telemetry.rs builds each exporter `.with_tonic()` with `Protocol::Grpc`).
 * An OTLP receiver that feeds a metrics pipeline but serves only HTTP never hears from NativeLink.
 */
export const otlpGrpcForNativelink: Rule = {
  id: 'collector/otlp-grpc-for-nativelink',
  docs: DOCS.otlpReceiver,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-util/Cargo.toml',
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/telemetry.rs',
    'open-telemetry/opentelemetry-collector@v0.159.0:receiver/otlpreceiver/config.go',
  ],
  description: 'An OTLP receiver in a metrics pipeline must enable the grpc protocol: NativeLink exports OTLP over gRPC only.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const inMetrics = new Set<string>();
    for (const p of model.pipelines) {
      if (p.signal !== 'metrics') continue;
      for (const it of p.lists.receivers.items) inMetrics.add(it.id);
    }
    for (const id of inMetrics) {
      const c = findComponent(model, 'receiver', id);
      if (!c || c.type !== 'otlp') continue;
      const protocolsProp = findProp(c.body, 'protocols');
      const protocols = propValue(protocolsProp);
      if (!protocols || protocols.type !== 'object') continue; // absent or ${...}: otlp-receiver-protocols speaks
      const enabled = props(protocols).filter((p) => {
        const en = propValue(findProp(propValue(p), 'enabled'));
        return !(en && en.type === 'boolean' && en.value === false);
      });
      if (enabled.length === 0) continue; // no protocol at all is the collector's own startup error
      const grpc = findProp(protocols, 'grpc');
      if (grpc && enabled.includes(grpc)) continue;
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: `${componentPrefix(c)}feeds a metrics pipeline but does not serve gRPC; NativeLink exports OTLP over gRPC only (port 4317), so its metrics never arrive`,
        node: protocolsProp!.children?.[0] ?? c.keyNode,
        fixes: grpc
          ? undefined // present but disabled: the user turned it off on purpose
          : [{ title: 'Enable the grpc protocol on 0.0.0.0:4317', edits: [insertMappingEntry(ctx.text, protocolsProp!, 'grpc', 'endpoint: 0.0.0.0:4317', true)], isPreferred: true }],
      });
    }
  },
};
