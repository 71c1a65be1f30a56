import type { Rule } from '../../service/rules';
import type { ASTNode } from '../../parser/ast';
import { getIn } from '../model';
import { endpointPort } from '../runtime';
import { GUIDE } from '../guide';
import { modelOf } from './util';

const GRPC_PORT = '4317';

/**
 * NativeLink exports OTLP over gRPC only (nativelink-util/Cargo.toml enables just `grpc-tonic`; telemetry.rs builds
 * every exporter with `.with_tonic()` and `Protocol::Grpc`), to 4317 unless OTEL_EXPORTER_OTLP_ENDPOINT says
 * otherwise. The HTTP protocol's port is not NativeLink's business, so only gRPC is checked.
 */
export const otlpPorts: Rule = {
  id: 'collector/otlp-ports',
  docs: GUIDE.collectorHealth,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/telemetry.rs',
    'open-telemetry/opentelemetry-collector@v0.159.0:receiver/otlpreceiver/config.go',
  ],
  advice: true,
  description: 'The OTLP receiver\'s gRPC protocol should listen on 4317 on a reachable interface, where NativeLink sends by default.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const c of model.components) {
      if (c.kind !== 'receiver' || c.type !== 'otlp') continue;
      {
        const ep: ASTNode | undefined = getIn(c.body, 'protocols', 'grpc', 'endpoint');
        if (!ep || ep.type !== 'string' || typeof ep.value !== 'string') continue;
        const raw = ctx.text.slice(ep.offset, ep.offset + ep.length);
        const q = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
        const port = endpointPort(ep.value);
        if (port && port.port !== GRPC_PORT) {
          ctx.report({
            code: this.id,
            severity: 'warning',
            message: `OTLP gRPC listens on port ${port.port}; NativeLink exports to ${GRPC_PORT} unless OTEL_EXPORTER_OTLP_ENDPOINT says otherwise`,
            range: { offset: ep.offset + q + port.offset, length: port.port.length },
            fixes: [
              {
                title: `Listen on ${GRPC_PORT}`,
                edits: [{ offset: ep.offset + q + port.offset, length: port.port.length, newText: GRPC_PORT }],
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
            message: `OTLP gRPC only listens on ${host[1]}: NativeLink running in another container or pod cannot reach it`,
            range: { offset: at, length: host[1].length },
            fixes: [{ title: 'Listen on all interfaces (0.0.0.0)', edits: [{ offset: at, length: host[1].length, newText: '0.0.0.0' }] }],
          });
        }
      }
    }
  },
};
