import type { Rule } from '../../service/rules';
import { servers, valueOf } from '../util';
import { DOCS } from './common';

const PUBLIC = ['cas', 'ac', 'execution', 'capabilities', 'bytestream', 'fetch', 'push'];

export const workerApiExposed: Rule = {
  id: 'nativelink/worker-api-exposed',
  docs: DOCS.server,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-service/src/worker_api_server.rs'],
  description: 'worker_api shares a listener with client-facing services; serve it on a separate, private port.',
  check(ctx) {
    for (const s of servers(ctx.root)) {
      const wa = valueOf(s.services, 'worker_api');
      if (!wa) continue;
      const pub = PUBLIC.filter((k) => valueOf(s.services, k));
      if (!pub.length) continue;
      ctx.report({
        code: 'nativelink/worker-api-exposed',
        severity: 'information',
        message: `worker_api is served on the same listener as ${pub.join(', ')}; anyone who can reach the public port could register as a worker. Move it to its own server on a private port.`,
        node: wa.parent!.children![0],
      });
    }
  },
};
