import type { Rule } from '../../service/rules';
import type { ASTNode } from '../../parser/ast';
import { getIn } from '../model';
import { endpointPort } from '../runtime';
import { GUIDE } from '../guide';
import { modelOf } from './util';

const EXPECTED: Record<'grpc' | 'http', string> = { grpc: '4317', http: '4318' };

/** NativeLink's OTEL_EXPORTER_OTLP_ENDPOINT points at 4317 (gRPC) or 4318 (HTTP). */
export const otlpPorts: Rule = {
  id: 'collector/otlp-ports',
  docs: GUIDE.collectorHealth,
  advice: true,
  description: 'The OTLP receiver should listen on 4317 (gRPC) / 4318 (HTTP), where NativeLink sends by default.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const c of model.components) {
      if (c.kind !== 'receiver' || c.type !== 'otlp') continue;
      for (const proto of ['grpc', 'http'] as const) {
        const ep: ASTNode | undefined = getIn(c.body, 'protocols', proto, 'endpoint');
        if (!ep || ep.type !== 'string' || typeof ep.value !== 'string') continue;
        const raw = ctx.text.slice(ep.offset, ep.offset + ep.length);
        const q = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
        const port = endpointPort(ep.value);
        if (port && port.port !== EXPECTED[proto]) {
          ctx.report({
            code: this.id,
            severity: 'warning',
            message: `OTLP ${proto === 'grpc' ? 'gRPC' : 'HTTP'} listens on port ${port.port}; NativeLink exports to ${EXPECTED[proto]} unless OTEL_EXPORTER_OTLP_ENDPOINT says otherwise`,
            range: { offset: ep.offset + q + port.offset, length: port.port.length },
            fixes: [
              {
                title: `Listen on ${EXPECTED[proto]}`,
                edits: [{ offset: ep.offset + q + port.offset, length: port.port.length, newText: EXPECTED[proto] }],
                isPreferred: true,
              },
            ],
          });
        }
        const host = /^(?:[a-z]+:\/\/)?(localhost|127\.0\.0\.1|\[::1\])(?=:|$)/i.exec(ep.value);
        if (host) {
          const at = ep.offset + q + ep.value.indexOf(host[1]);
          ctx.report({
            code: this.id,
            severity: 'information',
            message: `OTLP ${proto === 'grpc' ? 'gRPC' : 'HTTP'} only listens on ${host[1]}: NativeLink running in another container or pod cannot reach it`,
            range: { offset: at, length: host[1].length },
            fixes: [{ title: 'Listen on all interfaces (0.0.0.0)', edits: [{ offset: at, length: host[1].length, newText: '0.0.0.0' }] }],
          });
        }
      }
    }
  },
};
