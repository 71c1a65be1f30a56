import type { Rule } from '../../service/rules';
import { collectReferences, storeMap } from '../util';
import { hasEnvRef } from '../grammars';
import { DOCS, replaceFix } from './common';
import { suggestions } from '../../service/similar';

export const undefinedStore: Rule = {
  id: 'nativelink/undefined-store',
  docs: DOCS.stores,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/store_manager.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-service/src/cas_server.rs',
  ],
  description: 'A store name is referenced but no entry in `stores` has that name (the binary fails at startup).',
  check(ctx) {
    const stores = storeMap(ctx.root);
    const names = [...stores.keys()];
    for (const ref of collectReferences(ctx.root)) {
      if (ref.kind !== 'store' || stores.has(ref.name) || hasEnvRef(ref.name)) continue;
      const { near: close, offer } = suggestions(ref.name, names);
      const near = close[0];
      ctx.report({
        code: 'nativelink/undefined-store',
        severity: 'error',
        message:
          `No store named "${ref.name}" is defined in \`stores\` (referenced by ${ref.field}).` +
          (near ? ` Did you mean "${near}"?` : names.length ? ` Defined stores: ${names.map((n) => `"${n}"`).join(', ')}.` : ''),
        node: ref.node,
        fixes: offer.length ? offer.map((n, i) => ({ ...replaceFix(`Change to "${n}"`, ref.node, n), isPreferred: i === 0 && n === near })) : undefined,
      });
    }
  },
};
