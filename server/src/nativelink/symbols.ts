/** Definitions and references of NativeLink names: stores, schedulers, servers, workers. */
import type { ASTNode } from '../parser/ast';
import type { SymbolDef, SymbolIndex, SymbolRef } from '../service/engine';
import { collectReferences, servers, topSchedulers, topStores, workers } from './util';

export function nativelinkSymbols(root: ASTNode | undefined): SymbolIndex {
  const definitions: SymbolDef[] = [];
  const references: SymbolRef[] = [];
  if (!root) return { definitions, references };
  for (const s of topStores(root)) {
    definitions.push({ kind: 'store', name: s.name, nameNode: s.nameNode, container: s.entry, detail: s.kind });
  }
  for (const s of topSchedulers(root)) {
    definitions.push({ kind: 'scheduler', name: s.name, nameNode: s.nameNode, container: s.entry, detail: s.kind });
  }
  for (const s of servers(root)) {
    const label = s.name || (typeof s.socketNode?.value === 'string' ? s.socketNode.value : undefined) || `server ${s.index}`;
    const nameNode = (s.name ? s.nameNode : s.socketNode) ?? s.server;
    definitions.push({ kind: 'server', name: label, nameNode, container: s.server, detail: typeof s.socketNode?.value === 'string' ? s.socketNode.value : undefined });
  }
  for (const w of workers(root)) {
    const label = w.name || `worker_${w.index}`;
    definitions.push({ kind: 'worker', name: label, nameNode: w.nameNode ?? w.entry, container: w.entry, detail: 'local' });
  }
  for (const r of collectReferences(root)) references.push({ kind: r.kind, name: r.name, node: r.node });
  return { definitions, references };
}
