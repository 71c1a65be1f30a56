import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  url: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** A local HTTP server recording each request path; `handler` writes the answer. */
export function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}`, port, hits, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

/** An empty but well-formed Prometheus: every endpoint answers success with no data. */
export function emptyPrometheus(): Promise<FakeServer> {
  return fakeServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    let data: unknown = { resultType: 'vector', result: [] };
    if (path.includes('/label/') || path.endsWith('/series') || path.endsWith('/labels')) data = [];
    else if (path.endsWith('/buildinfo')) data = { version: '2.42.0' };
    else if (path.endsWith('/rules')) data = { groups: [] };
    else if (path.endsWith('/status/config')) data = { yaml: '' };
    else if (path.endsWith('/targets')) data = { activeTargets: [], droppedTargets: [] };
    else if (path.endsWith('/alerts')) data = { alerts: [] };
    else if (path.includes('/-/')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('Prometheus Server is Ready.');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data }));
  });
}

export function collectorConfigWithHealth(port: number): string {
  return `# written by the integration test
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
exporters:
  prometheus:
    endpoint: 0.0.0.0:9464
extensions:
  health_check:
    endpoint: 127.0.0.1:${port}
service:
  extensions: [health_check]
  pipelines:
    metrics:
      receivers: [otlp]
      exporters: [prometheus]
`;
}
