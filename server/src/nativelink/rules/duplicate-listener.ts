import type { Rule } from '../../service/rules';
import { servers, str } from '../util';
import { hasEnvRef, parseSocketAddress, type SocketAddr } from '../grammars';
import { DOCS } from './common';

function conflicts(a: SocketAddr, b: SocketAddr): boolean {
  if (a.port !== b.port || a.port === 0 || a.family !== b.family) return false;
  const wild = (h: string) => h === '0.0.0.0' || h === '::' || /^0*:0*:0*:0*:0*:0*:0*:0*$/.test(h);
  return a.host === b.host || wild(a.host) || wild(b.host);
}

export const duplicateListener: Rule = {
  id: 'nativelink/duplicate-listener',
  docs: DOCS.main,
  upstream: ['TraceMachina/nativelink@v1.6.6:src/bin/nativelink.rs'],
  description: 'Two servers listen on the same address and port; the second bind fails with "already in use".',
  check(ctx) {
    const seen: { addr: SocketAddr; text: string; index: number }[] = [];
    for (const s of servers(ctx.root)) {
      const text = str(s.socketNode);
      if (!s.socketNode || text === undefined || hasEnvRef(text)) continue;
      const r = parseSocketAddress(text);
      if (!r.ok) continue;
      const prev = seen.find((p) => conflicts(p.addr, r.value));
      if (prev) {
        ctx.report({
          code: 'nativelink/duplicate-listener',
          severity: 'error',
          message: `servers[${s.index}] listens on "${text}", which overlaps servers[${prev.index}] ("${prev.text}"); the second server fails to bind. Use another port or merge the services into one server.`,
          node: s.socketNode,
        });
      } else seen.push({ addr: r.value, text, index: s.index });
    }
  },
};
