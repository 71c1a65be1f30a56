import type { Rule } from '../../service/rules';
import { topStores } from '../util';
import { DOCS } from './common';

export const duplicateStore: Rule = {
  id: 'nativelink/duplicate-store',
  docs: DOCS.stores,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-store/src/store_manager.rs'],
  description: 'Two stores share one name; the binary refuses to start ("already exists in the store manager").',
  check(ctx) {
    const seen = new Map<string, number>();
    for (const s of topStores(ctx.root)) {
      if (seen.has(s.name)) {
        ctx.report({
          code: 'nativelink/duplicate-store',
          severity: 'error',
          message: `Store name "${s.name}" is already used by an earlier entry; store names must be unique.`,
          node: s.nameNode,
        });
      } else seen.set(s.name, 1);
    }
  },
};
