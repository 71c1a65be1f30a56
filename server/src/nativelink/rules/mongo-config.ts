import type { Rule } from '../../service/rules';
import { num, str, valueOf, visitStoreSpecs } from '../util';
import { DOCS } from './common';

export const mongoConfig: Rule = {
  id: 'nativelink/mongo-config',
  docs: DOCS.stores,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-store/src/mongo_store.rs'],
  description: 'experimental_mongo startup checks: non-empty connection_string, max_requests not 0, write_concern_j/timeout need write_concern_w.',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'experimental_mongo' || !value) return;
      const cs = valueOf(value, 'connection_string');
      if (cs && str(cs)?.trim() === '') {
        ctx.report({ code: 'nativelink/mongo-config', severity: 'error', message: 'connection_string is empty; give a mongodb:// or mongodb+srv:// URI.', node: cs });
      } else if (cs && str(cs) !== undefined && !str(cs)!.includes('$') && !/^mongodb(\+srv)?:\/\//.test(str(cs)!)) {
        ctx.report({ code: 'nativelink/mongo-config', severity: 'error', message: 'connection_string must start with mongodb:// or mongodb+srv://.', node: cs });
      }
      const mr = valueOf(value, 'max_requests');
      if (mr && (num(mr) === 0 || str(mr)?.trim() === '0')) {
        ctx.report({ code: 'nativelink/mongo-config', severity: 'error', message: 'max_requests: 0 is rejected at startup; omit it for no limit.', node: mr });
      }
      if (!valueOf(value, 'write_concern_w')) {
        for (const k of ['write_concern_j', 'write_concern_timeout_ms']) {
          const n = valueOf(value, k);
          if (n) {
            ctx.report({ code: 'nativelink/mongo-config', severity: 'error', message: `${k} only works together with write_concern_w; startup fails without it.`, node: n.parent!.children![0] });
          }
        }
      }
    });
  },
};
