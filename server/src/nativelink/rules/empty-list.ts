import type { Rule } from '../../service/rules';
import { items, valueOf, visitStoreSpecs } from '../util';
import { DOCS } from './common';

export const emptyList: Rule = {
  id: 'nativelink/empty-list',
  docs: DOCS.stores,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/grpc_store.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/shard_store.rs',
  ],
  description: 'A grpc store with no endpoints or a shard store with no stores fails at startup.',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      const field = kind === 'grpc' ? 'endpoints' : kind === 'shard' ? 'stores' : undefined;
      if (!field) return;
      const list = valueOf(value, field);
      if (list && list.type === 'array' && items(list).length === 0) {
        ctx.report({
          code: 'nativelink/empty-list',
          severity: 'error',
          message: kind === 'grpc' ? 'A grpc store needs at least one endpoint.' : 'A shard store needs at least one entry in stores.',
          node: list,
        });
      }
    });
  },
};
