import type { Rule } from '../../service/rules';
import { canonicalId, componentsOf, findComponent } from '../model';
import { DOCS } from '../guide';
import { modelOf, renameComponentEdits } from './util';

/** The same id under connectors and receivers/exporters makes pipeline references ambiguous. */
export const connectorAmbiguousId: Rule = {
  id: 'collector/connector-ambiguous-id',
  docs: DOCS.connectors,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:otelcol/config.go'],
  description: 'A connector id may not also be defined as a receiver or exporter.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const conn of componentsOf(model, 'connector')) {
      const id = canonicalId(conn.id);
      for (const kind of ['exporter', 'receiver'] as const) {
        if (!findComponent(model, kind, id)) continue;
        const newId = `${id}/connector`;
        // Only the definition is renamed: references stay with the receiver/exporter.
        const [keyEdit] = renameComponentEdits(ctx, model, conn, newId);
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `connectors::${id}: ambiguous ID: Found both "${id}" ${kind} and "${id}" connector. Change one of the components' IDs to eliminate ambiguity (e.g. rename "${id}" connector to "${id}/connector")`,
          node: conn.keyNode,
          fixes: [{ title: `Rename the connector to "${newId}"`, edits: [keyEdit] }],
        });
        break;
      }
    }
  },
};
