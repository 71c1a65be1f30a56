import type { Rule } from '../../service/rules';
import { num, resolveStoreName, serviceEntries, storeMap, str, valueOf } from '../util';
import { hasEnvRef } from '../grammars';
import { DOCS } from './common';

export const chunking: Rule = {
  id: 'nativelink/chunking',
  docs: DOCS.server,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-service/src/cas_server.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/cas_server.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/verify_store.rs',
  ],
  description: 'experimental_chunking: index_store is required (unless cas_store is grpc), must differ from cas_store, and avg_chunk_size_bytes must be 1024..1048576.',
  check(ctx) {
    const stores = storeMap(ctx.root);
    for (const e of serviceEntries(ctx.root)) {
      if (e.service !== 'cas') continue;
      const chunk = valueOf(e.body, 'experimental_chunking');
      if (!chunk || chunk.type !== 'object') continue;
      const casName = str(valueOf(e.body, 'cas_store'));
      const casKind = casName !== undefined && !hasEnvRef(casName) ? resolveStoreName(casName, stores)?.kind : undefined;
      const idxNode = valueOf(chunk, 'index_store');
      const idx = str(idxNode);
      const keyNode = chunk.parent!.children![0];
      const report = (message: string, node = keyNode) =>
        ctx.report({ code: 'nativelink/chunking', severity: 'error', message, node });
      if (casKind === 'grpc') {
        if (idxNode) report(`index_store must not be set when cas_store ("${casName}") is a grpc store; the upstream server does the chunking.`, idxNode);
      } else if (!idxNode && casKind !== undefined) {
        report(`experimental_chunking of instance "${e.instanceName}" needs an index_store (a separate store for chunk layouts).`);
      } else if (idx !== undefined && idx === casName) {
        report(`index_store must be a different store from cas_store ("${casName}").`, idxNode);
      } else if (idx !== undefined && !hasEnvRef(idx)) {
        const r = resolveStoreName(idx, stores);
        if (r?.kind === 'verify') {
          ctx.report({
            code: 'nativelink/chunking',
            severity: 'warning',
            message: `index_store "${idx}" is a verify store; chunk layouts are not content-addressed, so digest verification would reject them.`,
            node: idxNode,
          });
        }
      }
      const avgNode = valueOf(chunk, 'avg_chunk_size_bytes');
      const avg = num(avgNode);
      if (avgNode && avg !== undefined && avg !== 0 && (avg < 1024 || avg > 1048576)) {
        report(`avg_chunk_size_bytes is ${avg}; it must be between 1024 and 1048576 (0 means the default 524288).`, avgNode);
      }
    }
  },
};
