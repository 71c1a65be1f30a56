import type { Rule } from '../../service/rules';
import { renameKey } from '../edits';
import { closest, componentIdError, pipelineIdError, repairName, repairType } from '../ids';
import { canonicalId, SECTION_OF, SIGNALS, splitId } from '../model';
import { DOCS } from '../guide';
import { modelOf, renameComponentEdits } from './util';

/** Component ids are `type[/name]`; the type is ASCII [a-zA-Z][0-9a-zA-Z_]*, names have no spaces or symbols. */
export const invalidComponentId: Rule = {
  id: 'collector/invalid-component-id',
  docs: DOCS.configuration,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:component/identifiable.go'],
  description: 'Component ids must follow the type[/name] grammar and be unique after trimming.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const seen = new Map<string, string>();
    for (const c of model.components) {
      const err = componentIdError(c.id);
      if (err) {
        const { type, name } = splitId(c.id);
        const t = repairType(type);
        const n = name === undefined ? undefined : repairName(name);
        const fixed = t && (name === undefined || n) ? (n ? `${t}/${n}` : t) : undefined;
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${SECTION_OF[c.kind]}: ${err}`,
          node: c.keyNode,
          fixes: fixed && fixed !== c.id ? [{ title: `Rename to "${fixed}"`, edits: renameComponentEdits(ctx, model, c, fixed), isPreferred: true }] : undefined,
        });
        continue;
      }
      const key = `${c.kind}|${canonicalId(c.id)}`;
      if (seen.has(key)) {
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `${SECTION_OF[c.kind]}: duplicate name "${c.id}" after unmarshaling ${canonicalId(c.id)}`,
          node: c.keyNode,
        });
      } else seen.set(key, c.id);
      if (c.id !== c.id.trim() || c.id !== canonicalId(c.id)) {
        // Valid, but spaces around the parts are easy to misread; offer the canonical spelling.
        ctx.report({
          code: this.id,
          severity: 'hint',
          message: `id "${c.id}" is read as "${canonicalId(c.id)}"`,
          node: c.keyNode,
          fixes: [{ title: `Write it as "${canonicalId(c.id)}"`, edits: [renameKey(ctx.text, c.keyNode, canonicalId(c.id))] }],
        });
      }
    }
  },
};

/** Pipeline ids are `traces|metrics|logs|profiles[/name]`. */
export const invalidPipelineId: Rule = {
  id: 'collector/invalid-pipeline-id',
  docs: DOCS.pipelines,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:pipeline/pipeline.go'],
  description: 'Pipeline ids must start with a known signal (traces, metrics, logs, profiles).',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    for (const p of model.pipelines) {
      const err = pipelineIdError(p.id);
      if (err) {
        const sig = closest(p.signal, [...SIGNALS], 0.5);
        const fixed = sig ? (p.name !== undefined ? `${sig}/${p.name}` : sig) : undefined;
        ctx.report({
          code: this.id,
          severity: 'error',
          message: `service::pipelines: ${err}`,
          node: p.keyNode,
          fixes: fixed && !pipelineIdError(fixed) ? [{ title: `Rename to "${fixed}"`, edits: [renameKey(ctx.text, p.keyNode, fixed)], isPreferred: true }] : undefined,
        });
      } else if (p.signal === 'profiles') {
        ctx.report({
          code: 'collector/profiles-feature-gate',
          severity: 'information',
          message: `service::pipelines: pipeline "${p.id.trim()}": profiling signal support is at alpha level, gated under the "service.profilesSupport" feature gate (start the collector with --feature-gates=service.profilesSupport)`,
          node: p.keyNode,
        });
      }
    }
  },
};
