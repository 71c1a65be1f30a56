import type { Fix, Rule } from '../../service/rules';
import { insertMappingEntry, renameScalar } from '../edits';
import { suggestions } from '../../service/similar';
import { canonicalId, type ComponentKind, componentsOf, findComponent, refKindsFor, SECTION_OF, singular, splitId } from '../model';
import { DOCS } from '../guide';
import { modelOf, pipelinePrefix, stubBody } from './util';

/** A pipeline or service.extensions entry naming a component that is not defined. */
export const undefinedComponent: Rule = {
  id: 'collector/undefined-component',
  docs: DOCS.pipelines,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:otelcol/config.go'],
  description: 'Pipelines and service.extensions may only name components defined in their section (or connectors).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const fixesFor = (kind: ComponentKind, id: string, node: Parameters<typeof renameScalar>[1], candidates: string[]): Fix[] => {
      const fixes: Fix[] = [];
      const { near, offer } = suggestions(id.trim(), candidates);
      for (const n of offer) fixes.push({ title: `Change to "${n}"`, edits: [renameScalar(ctx.text, node, n)], isPreferred: n === near[0] });
      const sec = model.sections[kind];
      const body = stubBody(kind, splitId(id).type);
      const edit = sec
        ? insertMappingEntry(ctx.text, sec, id.trim(), body)
        : insertMappingEntry(ctx.text, model.root, SECTION_OF[kind], `${id.trim()}:${body ? '\n' + indentLines(body) : ''}`, true);
      fixes.push({ title: `Define ${kind} "${id.trim()}" under ${SECTION_OF[kind]}`, edits: [edit] });
      return fixes;
    };
    for (const p of model.pipelines) {
      for (const list of ['receivers', 'processors', 'exporters'] as const) {
        const kinds = refKindsFor(list);
        for (const item of p.lists[list].items) {
          if (kinds.some((k) => findComponent(model, k, item.id))) continue;
          const kind = singular(list);
          const candidates = kinds.flatMap((k) => componentsOf(model, k).map((c) => canonicalId(c.id)));
          ctx.report({
            code: this.id,
            severity: 'error',
            message: `${pipelinePrefix(p.id)}references ${kind} "${item.id.trim()}" which is not configured`,
            node: item.node,
            fixes: fixesFor(kind, item.id, item.node, candidates),
          });
        }
      }
    }
    for (const item of model.extensionRefs) {
      if (findComponent(model, 'extension', item.id)) continue;
      const candidates = componentsOf(model, 'extension').map((c) => canonicalId(c.id));
      ctx.report({
        code: this.id,
        severity: 'error',
        message: `service::extensions: references extension "${item.id.trim()}" which is not configured`,
        node: item.node,
        fixes: fixesFor('extension', item.id, item.node, candidates),
      });
    }
  },
};

function indentLines(body: string): string {
  return body
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n');
}
