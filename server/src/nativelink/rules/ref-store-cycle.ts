import type { ASTNode } from '../../parser/ast';
import type { Rule } from '../../service/rules';
import { storeMap, str, topStores, valueOf, visitSpec } from '../util';
import { DOCS } from './common';

/** How many stores a loop message names before "… N more" (a loop can run through hundreds of stores). */
const NAMED_IN_MESSAGE = 6;

interface Edge {
  target: string;
  node: ASTNode;
}

export const refStoreCycle: Rule = {
  id: 'nativelink/ref-store-cycle',
  docs: DOCS.stores,
  // A loop recurses on every read or write.
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-store/src/ref_store.rs'],
  description: 'ref_store entries form a loop (a store that, through references, contains itself).',
  check(ctx) {
    const stores = storeMap(ctx.root);
    // Edges: store -> ref_store targets inside its tree.
    const edges = new Map<string, Edge[]>();
    for (const top of topStores(ctx.root)) {
      if (stores.get(top.name)?.entry !== top.entry) continue;
      const list: Edge[] = [];
      visitSpec(top.entry, top, (_h, kind, value) => {
        if (kind !== 'ref_store') return;
        const n = valueOf(value, 'name');
        const t = str(n);
        if (n && t !== undefined && stores.has(t)) list.push({ target: t, node: n });
      }, 0);
      edges.set(top.name, list);
    }
    // One depth-first search with three colours over the whole graph (O(stores + references)): a reference
    // to a store that is still on the current path (grey) closes a loop. The path is one shared stack; a loop
    // is reported at the reference leaving its first store on that path, so each loop is reported once.
    const onPath = new Map<string, number>(); // grey: store -> index in `path`
    const done = new Set<string>(); // black
    const path: { name: string; next: number }[] = [];
    for (const start of edges.keys()) {
      if (done.has(start)) continue;
      path.push({ name: start, next: 0 });
      onPath.set(start, 0);
      while (path.length) {
        const top = path[path.length - 1];
        const out = edges.get(top.name) ?? [];
        if (top.next >= out.length) {
          path.pop();
          onPath.delete(top.name);
          done.add(top.name);
          continue;
        }
        const e = out[top.next++];
        const at = onPath.get(e.target);
        if (at !== undefined) {
          const entry = path[at];
          ctx.report({
            code: 'nativelink/ref-store-cycle',
            severity: 'error',
            message: loopMessage(path, at),
            node: (edges.get(entry.name) ?? [])[entry.next - 1]?.node ?? e.node,
          });
        } else if (!done.has(e.target)) {
          onPath.set(e.target, path.length);
          path.push({ name: e.target, next: 0 });
        }
      }
    }
  },
};

/** `"A" → "B" → … → "A"`, naming at most NAMED_IN_MESSAGE stores so the message stays readable. */
function loopMessage(path: { name: string }[], from: number): string {
  const length = path.length - from;
  const shown = path.slice(from, from + Math.min(length, NAMED_IN_MESSAGE)).map((p) => `"${p.name}"`);
  const rest = length - shown.length;
  const chain = rest > 0 ? `${shown.join(' → ')} → … ${rest} more → "${path[from].name}"` : `${[...shown, `"${path[from].name}"`].join(' → ')}`;
  return `ref_store loop through ${length} store${length === 1 ? '' : 's'}: ${chain}. Every read or write would recurse forever.`;
}
