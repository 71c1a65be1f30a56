import type { Rule } from '../../service/rules';
import { addSequenceItem, insertMappingEntry } from '../edits';
import { canonicalId, componentsOf } from '../model';
import { GUIDE } from '../guide';
import { modelOf } from './util';

/** health_check only serves its endpoint when enabled in service.extensions. */
export const healthCheckEnabled: Rule = {
  id: 'collector/health-check-enabled',
  docs: GUIDE.collectorHealth,
  upstream: [
    'open-telemetry/opentelemetry-collector@v0.159.0:otelcol/config.go',
    'open-telemetry/opentelemetry-collector-contrib@v0.159.0:extension/healthcheckextension/README.md',
  ],
  advice: true,
  description: 'A health_check extension that is defined but not enabled never answers health probes.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const enabled = new Set(model.extensionRefs.map((r) => canonicalId(r.id)));
    for (const c of componentsOf(model, 'extension')) {
      if (c.type !== 'health_check' || enabled.has(canonicalId(c.id))) continue;
      const id = c.id.trim();
      const edit = model.extensionsProp
        ? addSequenceItem(ctx.text, model.extensionsProp, id)
        : model.service
          ? insertMappingEntry(ctx.text, model.service, 'extensions', `[${id}]`)
          : insertMappingEntry(ctx.text, model.root, 'service', `extensions: [${id}]`, true);
      ctx.report({
        code: this.id,
        severity: 'warning',
        message: `extension "${id}" is defined but not listed in service.extensions, so the health endpoint (default :13133) is never served and liveness/readiness probes fail`,
        node: c.keyNode,
        fixes: [{ title: `Enable "${id}" in service.extensions`, edits: [edit], isPreferred: true }],
      });
    }
  },
};
