/** Definitions and references of a collector config, for outline, go-to-definition, rename and references. */
import type { ASTNode } from '../parser/ast';
import type { SymbolIndex } from '../service/engine';
import { buildModel, canonicalId, findComponent, type ListName } from './model';

export function collectorSymbols(root: ASTNode | undefined): SymbolIndex {
  const index: SymbolIndex = { definitions: [], references: [] };
  const model = buildModel(root);
  if (!model) return index;
  for (const c of model.components) {
    index.definitions.push({ kind: c.kind, name: canonicalId(c.id), nameNode: c.keyNode, container: c.prop, detail: c.type });
  }
  for (const p of model.pipelines) {
    index.definitions.push({ kind: 'pipeline', name: p.id.trim(), nameNode: p.keyNode, container: p.prop, detail: p.signal });
    for (const list of ['receivers', 'processors', 'exporters'] as ListName[]) {
      for (const it of p.lists[list].items) {
        const kind = list === 'receivers' ? 'receiver' : list === 'processors' ? 'processor' : 'exporter';
        // A connector stands in as exporter on one side and receiver on the other.
        const isConnector = kind !== 'processor' && !findComponent(model, kind, it.id) && !!findComponent(model, 'connector', it.id);
        index.references.push({ kind: isConnector ? 'connector' : kind, name: canonicalId(it.id), node: it.node });
      }
    }
  }
  for (const it of model.extensionRefs) index.references.push({ kind: 'extension', name: canonicalId(it.id), node: it.node });
  return index;
}
