import type { Rule } from '../../service/rules';
import { items, str, valueOf, visitStoreSpecs } from '../util';
import { DOCS } from './common';
import { removeProperty } from '../edits';

export const redisConfig: Rule = {
  id: 'nativelink/redis-config',
  docs: DOCS.stores,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-store/src/redis_store.rs'],
  description: 'redis_store startup checks: at least one address, exactly one in standard/sentinel mode, not both connection_timeout_s and _ms.',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'redis_store' || !value) return;
      const addrs = valueOf(value, 'addresses');
      const mode = str(valueOf(value, 'mode')) ?? 'standard';
      if (addrs && addrs.type === 'array') {
        const n = items(addrs).length;
        if (n === 0) {
          ctx.report({ code: 'nativelink/redis-config', severity: 'error', message: 'addresses is empty; a redis_store needs at least one redis:// address.', node: addrs });
        } else if (n > 1 && mode !== 'cluster') {
          ctx.report({
            code: 'nativelink/redis-config',
            severity: 'error',
            message: `In ${mode} mode a redis_store takes exactly one address (${n} given); use mode "cluster" to list several nodes.`,
            node: items(addrs)[1],
          });
        }
      }
      const s = valueOf(value, 'connection_timeout_s');
      const ms = valueOf(value, 'connection_timeout_ms');
      if (s && ms) {
        ctx.report({
          code: 'nativelink/redis-config',
          severity: 'error',
          message: 'connection_timeout_s and connection_timeout_ms are both set; the binary accepts only one. Keep connection_timeout_ms.',
          node: s.parent!.children![0],
          fixes: [{ title: 'Remove connection_timeout_s', edits: removeProperty(ctx.text, s.parent!), isPreferred: true }],
        });
      }
    });
  },
};
