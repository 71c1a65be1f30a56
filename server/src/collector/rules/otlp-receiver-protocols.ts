import type { Rule } from '../../service/rules';
import { insertMappingEntry } from '../edits';
import { findProp, propValue, props } from '../model';
import { DOCS } from '../guide';
import { componentPrefix, modelOf, stubBody } from './util';

/** The OTLP receiver listens on nothing unless protocols.grpc and/or protocols.http is present. */
export const otlpReceiverProtocols: Rule = {
  id: 'collector/otlp-receiver-protocols',
  docs: DOCS.otlpReceiver,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:receiver/otlpreceiver/config.go'],
  description: 'The OTLP receiver needs at least one protocol (grpc or http).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const c of model.components) {
      if (c.kind !== 'receiver' || c.type !== 'otlp') continue;
      if (c.body?.type === 'string' && /\$\{/.test(String(c.body.value))) continue; // ${file:...} body
      const protocolsProp = findProp(c.body, 'protocols');
      const protocols = propValue(protocolsProp);
      if (protocols?.type === 'string' && /\$\{/.test(String(protocols.value))) continue;
      const enabled = props(protocols).filter((p) => {
        const v = propValue(p);
        const en = propValue(findProp(v, 'enabled'));
        return !(en && en.type === 'boolean' && en.value === false);
      });
      if (enabled.length > 0) continue;
      const edit = protocolsProp
        ? protocols && protocols.type === 'object' && (protocols.children ?? []).length
          ? undefined // every protocol has enabled: false – the user decides which to turn on
          : insertMappingEntry(ctx.text, protocolsProp, 'grpc', 'endpoint: 0.0.0.0:4317', true)
        : c.body && c.body.type === 'object' && (c.body.children ?? []).length
          ? insertMappingEntry(ctx.text, c.body, 'protocols', stubBody('receiver', 'otlp').replace(/^protocols:\n/, '').replace(/^ {2}/gm, ''), true)
          : insertMappingEntry(ctx.text, c.prop, 'protocols', stubBody('receiver', 'otlp').replace(/^protocols:\n/, '').replace(/^ {2}/gm, ''), true);
      ctx.report({
        code: this.id,
        severity: 'error',
        message: `${componentPrefix(c)}must specify at least one protocol when using the OTLP receiver`,
        node: protocolsProp?.children?.[0] ?? c.keyNode,
        fixes: edit ? [{ title: protocolsProp ? 'Enable gRPC on 0.0.0.0:4317' : 'Listen on gRPC 4317 and HTTP 4318', edits: [edit], isPreferred: true }] : undefined,
      });
    }
  },
};
