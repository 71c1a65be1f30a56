import type { OffsetEdit, Rule } from '../../service/rules';
import { REMOVED_TYPES } from '../catalog';
import { renameKey } from '../edits';
import { closest, componentIdError } from '../ids';
import { canonicalId, findComponent, findProp, propValue, SECTION_OF } from '../model';
import { DOCS } from '../guide';
import { catalogOf, modelOf, renameComponentEdits, typeRange, withType } from './util';

const MAX_LISTED = 25;

/**
 * Unknown type for its kind. A warning, not an error: custom distributions add their own
 * components (list them in nativelink.collector.extraComponentTypes to silence this).
 */
export const unknownComponentType: Rule = {
  id: 'collector/unknown-component-type',
  docs: DOCS.configuration,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:otelcol/internal/configunmarshaler/configs.go'],
  description: 'Component type not in the bundled distribution (custom builds: add it to collector.extraComponentTypes).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    for (const c of model.components) {
      if (componentIdError(c.id)) continue;
      if (cat.isKnown(c.kind, c.type)) continue;
      const known = cat.knownTypes(c.kind);
      const listed = known.length > MAX_LISTED ? `${known.slice(0, MAX_LISTED).join(' ')} …` : known.join(' ');
      const near = closest(c.type, known);
      const newId = near ? withType(c, near) : undefined;
      const clash = newId ? findComponent(model, c.kind, newId) : undefined;
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: `${SECTION_OF[c.kind]}: unknown type: "${c.type}" for id: "${canonicalId(c.id)}" (valid values: [${listed}]). If a custom distribution provides it, add "${c.type}" to collector.extraComponentTypes.`,
        range: typeRange(ctx, c),
        fixes: newId && !clash ? [{ title: `Change type to "${near}"`, edits: renameComponentEdits(ctx, model, c, newId), isPreferred: true }] : undefined,
      });
    }
  },
};

/** Types that were removed (the logging exporter): the collector refuses them with its own message. */
export const removedComponentType: Rule = {
  id: 'collector/removed-component-type',
  docs: DOCS.exporters,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:otelcol/internal/configunmarshaler/configs.go'],
  description: 'Component type removed from the collector (e.g. logging → debug).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const c of model.components) {
      const removed = REMOVED_TYPES[c.kind]?.[c.type];
      if (!removed) continue;
      let newId = withType(c, removed.replacement);
      if (findComponent(model, c.kind, newId)) newId = `${removed.replacement}/${c.name ?? c.type}`;
      const edits: OffsetEdit[] = renameComponentEdits(ctx, model, c, newId);
      // logging's `loglevel` became debug's `verbosity`.
      const loglevel = findProp(propValue(c.prop), 'loglevel');
      if (loglevel && c.type === 'logging') {
        const v = String(propValue(loglevel)?.value ?? '').toLowerCase();
        const verbosity = v === 'debug' ? 'detailed' : v === 'info' ? 'normal' : 'basic';
        edits.push(renameKey(ctx.text, loglevel.children![0], 'verbosity'));
        const val = propValue(loglevel);
        if (val && val.length > 0) edits.push({ offset: val.offset, length: val.length, newText: verbosity });
      }
      ctx.report({
        code: this.id,
        severity: 'error',
        message: `${SECTION_OF[c.kind]}: ${removed.message}`,
        range: typeRange(ctx, c),
        tags: ['deprecated'],
        fixes: [{ title: `Replace with the ${removed.replacement} ${c.kind} ("${newId}")`, edits, isPreferred: true }],
      });
    }
  },
};

/** Deprecated aliases (otlp → otlp_grpc, otlphttp → otlp_http, hostmetrics → host_metrics, …) still work. */
export const renamedComponentType: Rule = {
  id: 'collector/renamed-component-type',
  docs: DOCS.renames,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:service/internal/builders/builders.go'],
  description: 'Component type renamed upstream; the old name is a deprecated alias.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const cat = catalogOf(ctx);
    for (const c of model.components) {
      const to = cat.renamedTo(c.kind, c.type);
      if (!to) continue;
      const newId = withType(c, to);
      const clash = findComponent(model, c.kind, newId);
      ctx.report({
        code: this.id,
        severity: 'hint',
        tags: ['deprecated'],
        message: `"${c.type}" alias is deprecated; use "${to}" instead`,
        range: typeRange(ctx, c),
        fixes: clash ? undefined : [{ title: `Rename to "${newId}" (definition and references)`, edits: renameComponentEdits(ctx, model, c, newId), isPreferred: true }],
      });
    }
  },
};
