import type { Rule } from '../../service/rules';
import { str, valueOf, visitStoreSpecs } from '../util';
import { DOCS } from './common';
import { removeProperty } from '../edits';

export const acRemoteCompression: Rule = {
  id: 'nativelink/ac-remote-compression',
  docs: DOCS.stores,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/stores.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/grpc_store.rs',
  ],
  description: 'experimental_remote_cache_compression has no effect on a grpc store with store_type "ac".',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'grpc' || str(valueOf(value, 'store_type')) !== 'ac') return;
      const n = valueOf(value, 'experimental_remote_cache_compression');
      if (!n) return;
      ctx.report({
        code: 'nativelink/ac-remote-compression',
        severity: 'hint',
        message: 'experimental_remote_cache_compression only affects CAS transfers; on an "ac" grpc store it does nothing (the binary logs a warning).',
        node: n.parent!.children![0],
        tags: ['unnecessary'],
        fixes: [{ title: 'Remove the setting', edits: removeProperty(ctx.text, n.parent!), isPreferred: true }],
      });
    });
  },
};
