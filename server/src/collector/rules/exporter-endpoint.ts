import type { Rule } from '../../service/rules';
import type { ASTNode } from '../../parser/ast';
import { insertMappingEntry } from '../edits';
import { findProp, propValue } from '../model';
import { hasRuntimeReference } from '../runtime';
import { DOCS } from '../guide';
import { catalogOf, componentPrefix, modelOf } from './util';

/** gRPC client endpoint check (configgrpc.ClientConfig.Validate). Undefined when fine. */
export function grpcEndpointError(endpoint: string): string | undefined {
  if (hasRuntimeReference(endpoint)) return undefined;
  if (endpoint.startsWith('unix://')) return endpoint.length === 'unix://'.length ? 'unix socket path cannot be empty' : undefined;
  const hostport = endpoint.replace(/^(https?:\/\/|dns:\/\/\/)/, '');
  if (hostport === '') return undefined; // reported as a missing endpoint
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostport);
  if (!m || m[2] === undefined) return `address ${hostport}: missing port in address`;
  const port = m[2];
  if (!/^\d+$/.test(port) || Number(port) > 65535) return `invalid port "${port}"`;
  return undefined;
}

/** OTLP exporters (and the prometheus exporter) need somewhere to send to / listen on. */
export const exporterEndpoint: Rule = {
  id: 'collector/exporter-endpoint',
  docs: DOCS.exporters,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:exporter/otlpexporter/config.go',
    'open-telemetry/opentelemetry-collector@v0.159.0:exporter/otlphttpexporter/config.go',
  ],
  description: 'Exporters need an endpoint (otlp_grpc: host:port; otlp_http: endpoint or per-signal endpoints).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    for (const c of model.components) {
      if (c.kind !== 'exporter') continue;
      const type = cat.renamedTo('exporter', c.type) ?? c.type;
      if (c.body?.type === 'string' && hasRuntimeReference(String(c.body.value))) continue;
      const target: ASTNode = c.body && c.body.type === 'object' ? c.body : c.prop;
      const ep = propValue(findProp(c.body, 'endpoint'));
      const epText = ep && ep.type === 'string' ? String(ep.value) : ep && ep.type !== 'null' ? String(ep.value) : '';
      const prefix = componentPrefix(c);
      if (type === 'otlp_grpc') {
        const empty = epText.trim() === '' || epText === 'http://' || epText === 'https://';
        if (empty) {
          ctx.report({
            code: this.id,
            severity: 'error',
            message: `${prefix}requires a non-empty "endpoint"`,
            node: ep && ep.length > 0 ? ep : c.keyNode,
            fixes: [
              {
                title: 'Set endpoint to localhost:4317',
                edits: [ep && ep.length > 0 ? { offset: ep.offset, length: ep.length, newText: 'localhost:4317' } : insertMappingEntry(ctx.text, target, 'endpoint', 'localhost:4317')],
                isPreferred: true,
              },
            ],
          });
          continue;
        }
        const err = grpcEndpointError(epText);
        if (err) ctx.report({ code: this.id, severity: 'error', message: `${prefix}${err}`, node: ep! });
      } else if (type === 'otlp_http') {
        const any = ['endpoint', 'traces_endpoint', 'metrics_endpoint', 'logs_endpoint', 'profiles_endpoint'].some((k) => {
          const v = propValue(findProp(c.body, k));
          return v && v.type !== 'null' && String(v.value ?? '').trim() !== '';
        });
        if (!any) {
          ctx.report({
            code: this.id,
            severity: 'error',
            message: `${prefix}at least one endpoint must be specified`,
            node: ep && ep.length > 0 ? ep : c.keyNode,
            fixes: [{ title: 'Set endpoint to http://localhost:4318', edits: [ep && ep.length > 0 ? { offset: ep.offset, length: ep.length, newText: 'http://localhost:4318' } : insertMappingEntry(ctx.text, target, 'endpoint', 'http://localhost:4318')], isPreferred: true }],
          });
        }
      } else if (type === 'prometheus') {
        if (epText.trim() === '') {
          ctx.report({
            code: this.id,
            severity: 'warning',
            message: `${prefix}the prometheus exporter has no endpoint, so nothing serves the metrics for Prometheus to scrape`,
            node: ep && ep.length > 0 ? ep : c.keyNode,
            fixes: [{ title: 'Serve metrics on 0.0.0.0:9090', edits: [ep && ep.length > 0 ? { offset: ep.offset, length: ep.length, newText: '0.0.0.0:9090' } : insertMappingEntry(ctx.text, target, 'endpoint', '0.0.0.0:9090')], isPreferred: true }],
          });
        }
      }
    }
  },
};
