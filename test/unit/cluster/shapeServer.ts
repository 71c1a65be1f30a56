/**
 * A local HTTP server that speaks the Prometheus API envelope correctly but lets a test replace the `data` of
 * any endpoint with a wrong shape (well-formed JSON, garbage content). Shared by the client, health-model and
 * diagnosis tests.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PrometheusClient } from '../../../server/src/cluster/prometheus';
import { DEFAULT_NAMES } from './fakeClient';

/** Endpoint path → `data` of a success envelope. */
export type ShapeOverrides = Partial<Record<string, unknown>>;

export const HEALTHY_DATA: Record<string, unknown> = {
  '/api/v1/status/buildinfo': { version: '2.53.0', revision: 'abc', branch: 'HEAD', goVersion: 'go1.22' },
  '/api/v1/label/__name__/values': DEFAULT_NAMES,
  '/api/v1/series': [{ __name__: 'nativelink_target_info', service_instance_id: 'a', job: 'otel-collector' }],
  '/api/v1/query': { resultType: 'vector', result: [] },
  '/api/v1/query_range': { resultType: 'matrix', result: [] },
  '/api/v1/targets': { activeTargets: [], droppedTargets: [] },
  '/api/v1/rules': { groups: [] },
  '/api/v1/alerts': { alerts: [] },
  '/api/v1/status/config': { yaml: 'global:\n  scrape_interval: 15s\n' },
};

export interface ShapeServer {
  url: string;
  /** Paths requested so far. */
  paths: string[];
  close(): Promise<void>;
}

/** Answer `path` as Prometheus would from `data` (endpoint → `data` of a success envelope); 404 for others. */
export function answer(res: ServerResponse, path: string, data: Record<string, unknown> = HEALTHY_DATA): void {
  if (path === '/-/ready') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Prometheus Server is Ready.\n');
    return;
  }
  if (!(path in data)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'success', data: data[path] }));
}

/** Start a server on 127.0.0.1 answering HEALTHY_DATA with `overrides` applied. */
export async function shapeServer(overrides: ShapeOverrides = {}): Promise<ShapeServer> {
  const data = { ...HEALTHY_DATA, ...overrides };
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    paths.push(path);
    answer(res, path, data);
  });
  server.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((r) => {
      for (const c of sockets) c.destroy();
      server.close(() => r());
    }),
  };
}

/** Wrong-but-well-formed `data` per endpoint; every one must be refused as not-prometheus. */
export const GARBAGE: Array<{ name: string; path: string; data: unknown }> = [
  { name: 'vector result is an object', path: '/api/v1/query', data: { resultType: 'vector', result: {} } },
  { name: 'vector result holds null', path: '/api/v1/query', data: { resultType: 'vector', result: [null] } },
  { name: 'vector sample labels are null', path: '/api/v1/query', data: { resultType: 'vector', result: [{ metric: null, value: [1, '1'] }] } },
  { name: 'vector sample label value is a number', path: '/api/v1/query', data: { resultType: 'vector', result: [{ metric: { job: 5 }, value: [1, '1'] }] } },
  { name: 'vector sample value is not a pair', path: '/api/v1/query', data: { resultType: 'vector', result: [{ metric: {}, value: '1' }] } },
  { name: 'vector sample value is not a number', path: '/api/v1/query', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'lots'] }] } },
  { name: 'vector sample time is not a number', path: '/api/v1/query', data: { resultType: 'vector', result: [{ metric: {}, value: [null, '1'] }] } },
  { name: 'vector sample without value', path: '/api/v1/query', data: { resultType: 'vector', result: [{ metric: {} }] } },
  { name: 'no resultType', path: '/api/v1/query', data: { result: [] } },
  { name: 'data is a list', path: '/api/v1/query', data: [] },
  { name: 'unknown resultType', path: '/api/v1/query', data: { resultType: 'table', result: [] } },
  { name: 'scalar result is a string', path: '/api/v1/query', data: { resultType: 'scalar', result: 'x' } },
  { name: 'string result is a number', path: '/api/v1/query', data: { resultType: 'string', result: 5 } },
  { name: 'matrix result is an object', path: '/api/v1/query_range', data: { resultType: 'matrix', result: {} } },
  { name: 'matrix values is an object', path: '/api/v1/query_range', data: { resultType: 'matrix', result: [{ metric: {}, values: {} }] } },
  { name: 'matrix point is null', path: '/api/v1/query_range', data: { resultType: 'matrix', result: [{ metric: {}, values: [null] }] } },
  { name: 'label values is an object', path: '/api/v1/label/__name__/values', data: {} },
  { name: 'label values hold null', path: '/api/v1/label/__name__/values', data: [null] },
  { name: 'label values hold numbers', path: '/api/v1/label/__name__/values', data: ['up', 3] },
  { name: 'series holds null', path: '/api/v1/series', data: [null] },
  { name: 'series is an object', path: '/api/v1/series', data: { a: 'b' } },
  { name: 'series label value is an object', path: '/api/v1/series', data: [{ job: {} }] },
  { name: 'targets is a list', path: '/api/v1/targets', data: [] },
  { name: 'activeTargets is an object', path: '/api/v1/targets', data: { activeTargets: {} } },
  { name: 'target without labels', path: '/api/v1/targets', data: { activeTargets: [{ health: 'up', scrapeUrl: 'http://x' }] } },
  { name: 'rule groups is an object', path: '/api/v1/rules', data: { groups: {} } },
  { name: 'rule group holds null rules', path: '/api/v1/rules', data: { groups: [{ name: 'g', rules: [null] }] } },
  { name: 'rule without type', path: '/api/v1/rules', data: { groups: [{ name: 'g', rules: [{ name: 'r', query: 'up' }] }] } },
  { name: 'alerts is an object', path: '/api/v1/alerts', data: { alerts: {} } },
  { name: 'buildinfo without version', path: '/api/v1/status/buildinfo', data: { resultType: 'vector', result: {} } },
  { name: 'buildinfo is null', path: '/api/v1/status/buildinfo', data: null },
  { name: 'config yaml is a number', path: '/api/v1/status/config', data: { yaml: 5 } },
];

/**
 * For a describe block: each call starts a shape server and a client pointed at it; both are closed
 * after every test, so a failing assertion cannot leak a listening socket.
 */
export function useShapeClient(): (overrides?: ShapeOverrides) => Promise<{ srv: ShapeServer; client: PrometheusClient }> {
  let open: { srv: ShapeServer; client: PrometheusClient } | undefined;
  afterEach(async () => {
    await open?.client.close();
    await open?.srv.close();
    open = undefined;
  });
  return async (overrides = {}) => {
    const srv = await shapeServer(overrides);
    open = { srv, client: new PrometheusClient({ url: srv.url, proxy: 'none', timeoutMs: 3000 }) };
    return open;
  };
}
