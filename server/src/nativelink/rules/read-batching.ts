import type { Rule } from '../../service/rules';
import { items, num, str, valueOf, visitStoreSpecs } from '../util';
import { DOCS } from './common';
import { removeProperty } from '../edits';

export const readBatching: Rule = {
  id: 'nativelink/read-batching',
  docs: DOCS.stores,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/grpc_store.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/stores.rs',
  ],
  description: 'A grpc store cannot combine experimental_read_batching with forward_headers, and dispatch_slots must be above zero.',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'grpc') return;
      const batching = valueOf(value, 'experimental_read_batching');
      if (!batching || batching.type !== 'object') return;
      const fwd = valueOf(value, 'forward_headers');
      if (fwd && items(fwd).length > 0) {
        const prop = batching.parent!;
        ctx.report({
          code: 'nativelink/read-batching',
          severity: 'error',
          message: 'experimental_read_batching cannot be used together with forward_headers (batched reads have no single client to copy headers from); startup fails.',
          node: prop.children![0],
          fixes: [{ title: 'Remove experimental_read_batching', edits: removeProperty(ctx.text, prop) }],
        });
      }
      const slots = valueOf(batching, 'dispatch_slots');
      const n = num(slots) ?? (str(slots)?.trim() === '0' ? 0 : undefined);
      if (slots && n === 0) {
        ctx.report({
          code: 'nativelink/read-batching',
          severity: 'error',
          message: 'dispatch_slots must be greater than zero (default 4).',
          node: slots,
          fixes: [{ title: 'Use the default (4)', edits: [{ offset: slots.offset, length: slots.length, newText: '4' }], isPreferred: true }],
        });
      }
    });
  },
};
