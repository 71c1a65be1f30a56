/**
 * Fake Prometheus servers on loopback, one per fault: each misbehaves in one way (refuses, hangs, answers an error
 * that echoes the token, HTML, truncated JSON, drops the socket, streams 200 MB, redirects in a loop, serves a
 * self-signed certificate, answers NaN/±Inf, or puts Markdown/HTML in labels). The healthy answers are the shape
 * server's.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../sharedPaths';
import { answer } from '../unit/cluster/shapeServer';

/** The secret every fault case configures (bearer token / password / header value). */
export const TOKEN = 'nlk_7Qm2vX9pLr4TzW8yBc3NdF6hJk1GsE5a';

export type Fault =
  | 'healthy'
  | 'refused'
  | 'slow'
  | '401'
  | '403'
  | '500-echo'
  | 'html'
  | 'truncated-json'
  | 'dropped-socket'
  | 'huge-chunked'
  | 'redirect-loop'
  | 'tls'
  | 'non-finite'
  | 'label-injection';

export const HUGE_BYTES = 200 * 1024 * 1024;

/** Label values of the injection case: Markdown, HTML and the token itself. */
export const INJECTED = {
  html: '<img src=x onerror=alert(1)>',
  markdown: '[click me](http://evil.example/phish)',
  token: `tenant ${TOKEN}`,
};

export interface FaultServer {
  url: string;
  /** Bytes the server managed to write (the huge body case). */
  sent(): number;
  close(): Promise<void>;
}

function envelope(res: ServerResponse, data: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'success', data }));
}

/** Every sample of an instant query answers `value` (a Prometheus value string, e.g. "NaN"). */
function vectorWith(value: string, metric: Record<string, string> = {}): unknown {
  return { resultType: 'vector', result: [{ metric, value: [1700000000, value] }] };
}

function echoBody(req: IncomingMessage): string {
  const auth = String(req.headers.authorization ?? '');
  const raw = auth.replace(/^(Bearer|Basic)\s+/i, '');
  const decoded = /^Basic/i.test(auth) ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  // The token as is, inside markup, URL-encoded, base64, and placed so that a 160-character cut falls inside it.
  return `${'upstream error '.repeat(9)}token=${decoded} <b>${decoded}</b> ${encodeURIComponent(decoded)} ${Buffer.from(decoded).toString('base64')} auth header: ${auth}`;
}

function handler(fault: Fault, count: { sent: number }) {
  let nan = 0;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    switch (fault) {
      case 'slow':
        return; // never answers
      case '401':
      case '403':
        res.writeHead(Number(fault), { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
        res.end(echoBody(req));
        return;
      case '500-echo':
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(echoBody(req));
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><head><title>Sign in</title></head><body><form>Login</form></body></html>');
        return;
      case 'truncated-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[17000');
        return;
      case 'dropped-socket':
        req.socket.destroy();
        return;
      case 'huge-chunked': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (count.sent < HUGE_BYTES && !res.destroyed) {
            count.sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
        };
        res.write('{"status":"success","data":{"resultType":"vector","result":[');
        pump();
        return;
      }
      case 'redirect-loop':
        res.writeHead(302, { location: req.url ?? '/' });
        res.end();
        return;
      case 'non-finite':
        if (path === '/api/v1/query') {
          // Cycle through the three non-finite spellings so every check sees each of them somewhere.
          envelope(res, vectorWith(['NaN', '+Inf', '-Inf'][nan++ % 3], { receiver: 'otlp' }));
          return;
        }
        break;
      case 'label-injection':
        if (path === '/api/v1/query') {
          const metric = { execution_worker_id: INJECTED.html, receiver: INJECTED.markdown, cache_type: INJECTED.token, execution_result: INJECTED.markdown, worker_disconnect_reason: INJECTED.html, service_name: INJECTED.token };
          envelope(res, { resultType: 'vector', result: [0, 1, 2].map((i) => ({ metric: { ...metric, i: String(i) }, value: [1700000000, '3'] })) });
          return;
        }
        if (path === '/api/v1/series') {
          envelope(res, [{ __name__: 'nativelink_target_info', service_instance_id: INJECTED.html, service_name: INJECTED.token, job: INJECTED.markdown }]);
          return;
        }
        break;
      default:
        break;
    }
    answer(res, path);
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

/** A port on which nothing listens (bound, then closed). */
export async function deadPort(): Promise<number> {
  const s = createHttp();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const fixturePath = (p: string) => join(REPO_ROOT, 'test', 'fixtures', p);
export const TLS_CERT = fixturePath('tls/self-signed.cert.pem');

export async function faultServer(fault: Fault): Promise<FaultServer> {
  if (fault === 'refused') {
    const port = await deadPort();
    return { url: `http://127.0.0.1:${port}`, sent: () => 0, close: async () => undefined };
  }
  const count = { sent: 0 };
  const h = handler(fault, count);
  const server: Server = fault === 'tls' ? createHttps({ cert: readFileSync(TLS_CERT), key: readFileSync(fixturePath('tls/self-signed.key.pem')) }, h) : createHttp(h);
  const sockets = new Set<Socket>();
  server.on('connection', (c: Socket) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  server.on('secureConnection', (c: Socket) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  const port = await listen(server);
  return {
    url: `${fault === 'tls' ? 'https' : 'http'}://127.0.0.1:${port}`,
    sent: () => count.sent,
    close: () => new Promise<void>((r) => {
      for (const c of sockets) c.destroy();
      server.close(() => r());
    }),
  };
}
