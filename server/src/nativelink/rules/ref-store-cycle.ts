import type { ASTNode } from '../../parser/ast';
import type { Rule } from '../../service/rules';
import { storeMap, str, topStores, valueOf, visitSpec } from '../util';
import { DOCS } from './common';

export const refStoreCycle: Rule = {
  id: 'nativelink/ref-store-cycle',
  docs: DOCS.stores,
  description: 'ref_store entries form a loop (a store that, through references, contains itself).',
  check(ctx) {
    const stores = storeMap(ctx.root);
    // Edges: store -> ref_store targets inside its tree.
    const edges = new Map<string, { target: string; node: ASTNode }[]>();
    for (const top of topStores(ctx.root)) {
      if (stores.get(top.name)?.entry !== top.entry) continue;
      const list: { target: string; node: ASTNode }[] = [];
      visitSpec(top.entry, top, (_h, kind, value) => {
        if (kind !== 'ref_store') return;
        const n = valueOf(value, 'name');
        const t = str(n);
        if (n && t !== undefined && stores.has(t)) list.push({ target: t, node: n });
      }, 0);
      edges.set(top.name, list);
    }
    const reported = new Set<ASTNode>();
    const cycles = new Set<string>();
    for (const start of edges.keys()) {
      // DFS looking for a path back to start.
      const stack: { name: string; path: string[]; first?: ASTNode }[] = [{ name: start, path: [start] }];
      const visited = new Set<string>();
      while (stack.length) {
        const cur = stack.pop()!;
        for (const e of edges.get(cur.name) ?? []) {
          const first = cur.first ?? e.node;
          if (e.target === start) {
            const cycleKey = [...cur.path].sort().join('\u0000');
            if (!reported.has(first) && !cycles.has(cycleKey)) {
              reported.add(first);
              cycles.add(cycleKey);
              ctx.report({
                code: 'nativelink/ref-store-cycle',
                severity: 'error',
                message: `ref_store loop: ${[...cur.path, start].map((n) => `"${n}"`).join(' → ')}. Every read or write would recurse forever.`,
                node: first,
              });
            }
            continue;
          }
          if (visited.has(e.target)) continue;
          visited.add(e.target);
          stack.push({ name: e.target, path: [...cur.path, e.target], first });
        }
      }
    }
  },
};
