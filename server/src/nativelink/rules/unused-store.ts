import type { Rule } from '../../service/rules';
import { collectReferences, topStores } from '../util';
import { DOCS } from './common';

export const unusedStore: Rule = {
  id: 'nativelink/unused-store',
  docs: DOCS.stores,
  upstream: ['TraceMachina/nativelink@v1.6.6:src/bin/nativelink.rs'],
  description: 'A store is defined but nothing refers to it (it is still created at startup).',
  check(ctx) {
    const used = new Set(collectReferences(ctx.root).filter((r) => r.kind === 'store').map((r) => r.name));
    // A reference through ${VAR} could name anything: stay quiet then.
    if ([...used].some((n) => n.includes('$'))) return;
    for (const s of topStores(ctx.root)) {
      if (used.has(s.name)) continue;
      ctx.report({
        code: 'nativelink/unused-store',
        severity: 'hint',
        message: `Store "${s.name}" is never referenced by a service, worker, scheduler or ref_store.`,
        node: s.nameNode,
        tags: ['unnecessary'],
      });
    }
  },
};
