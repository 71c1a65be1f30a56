import type { Rule } from '../../service/rules';
import { addSequenceItem, insertMappingEntry, removeProperty } from '../edits';
import { canonicalId, type Component } from '../model';
import { DOCS } from '../guide';
import { modelOf } from './util';

/**
 * Components defined but never used are allowed (and still validated) by the collector; flag them
 * faintly. health_check has its own advice rule, so it is skipped here.
 */
export const unusedComponent: Rule = {
  id: 'collector/unused-component',
  docs: DOCS.pipelines,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:otelcol/config.go'],
  description: 'Component defined but not used by any pipeline (or extension not enabled in service.extensions).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const used = new Set<string>();
    for (const p of model.pipelines) {
      for (const it of p.lists.receivers.items) used.add(`receiver|${canonicalId(it.id)}`), used.add(`connector|${canonicalId(it.id)}`);
      for (const it of p.lists.exporters.items) used.add(`exporter|${canonicalId(it.id)}`), used.add(`connector|${canonicalId(it.id)}`);
      for (const it of p.lists.processors.items) used.add(`processor|${canonicalId(it.id)}`);
    }
    for (const it of model.extensionRefs) used.add(`extension|${canonicalId(it.id)}`);
    for (const c of model.components) {
      if (used.has(`${c.kind}|${canonicalId(c.id)}`)) continue;
      if (c.kind === 'extension' && c.type === 'health_check') continue;
      ctx.report({
        code: this.id,
        severity: 'hint',
        tags: ['unnecessary'],
        message:
          c.kind === 'extension'
            ? `extension "${c.id.trim()}" is defined but not enabled in service.extensions, so it never runs`
            : `${c.kind} "${c.id.trim()}" is defined but not used in any pipeline`,
        node: c.keyNode,
        fixes: fixes(ctx.text, model, c),
      });
    }
  },
};

function fixes(text: string, model: NonNullable<ReturnType<typeof modelOf>>, c: Component) {
  const out = [];
  if (c.kind === 'extension') {
    if (model.extensionsProp) out.push({ title: `Enable "${c.id.trim()}" in service.extensions`, edits: [addSequenceItem(text, model.extensionsProp, c.id.trim())], isPreferred: true });
    else if (model.service) out.push({ title: `Enable "${c.id.trim()}" in service.extensions`, edits: [insertMappingEntry(text, model.service, "extensions", `[${c.id.trim()}]`)], isPreferred: true });
  }
  out.push({ title: `Remove unused ${c.kind} "${c.id.trim()}"`, edits: [removeProperty(text, c.prop)] });
  return out;
}
