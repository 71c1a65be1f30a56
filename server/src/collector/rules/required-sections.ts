import type { Rule } from '../../service/rules';
import { insertMappingEntry } from '../edits';
import { componentsOf } from '../model';
import { DOCS } from '../guide';
import { modelOf, stubBody } from './util';

/** The collector refuses to start without receivers, exporters and at least one pipeline. */
export const requiredSections: Rule = {
  id: 'collector/required-sections',
  docs: DOCS.configuration,
  upstream: ['open-telemetry/opentelemetry-collector@v0.159.0:otelcol/config.go'],
  description: 'A config needs at least one receiver, one exporter and one pipeline.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    // A component fragment (e.g. one exporter's body) is not a whole config: nothing to require.
    const topKeys = ['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'];
    if (!(model.root.children ?? []).some((p) => topKeys.includes(String(p.children?.[0]?.value)))) return;
    const firstKey = model.root.children?.[0]?.children?.[0] ?? model.root;
    if (model.components.length === 0) {
      ctx.report({ code: this.id, severity: 'error', message: 'empty configuration file', node: firstKey });
      return;
    }
    const otlp = stubBody('receiver', 'otlp');
    if (componentsOf(model, 'receiver').length === 0) {
      const sec = model.sections.receiver;
      ctx.report({
        code: this.id,
        severity: 'error',
        message: 'no receiver configuration specified in config',
        node: sec ? sec.children![0] : firstKey,
        fixes: [
          {
            title: 'Add an OTLP receiver (gRPC 4317, HTTP 4318)',
            edits: [sec ? insertMappingEntry(ctx.text, sec, 'otlp', otlp) : insertMappingEntry(ctx.text, model.root, 'receivers', `otlp:\n${indent(otlp)}`, true)],
          },
        ],
      });
    }
    if (componentsOf(model, 'exporter').length === 0) {
      const sec = model.sections.exporter;
      ctx.report({
        code: this.id,
        severity: 'error',
        message: 'no exporter configuration specified in config',
        node: sec ? sec.children![0] : firstKey,
      });
    }
    if (model.pipelines.length === 0) {
      const at = model.pipelinesProp ?? model.service;
      ctx.report({
        code: this.id,
        severity: 'error',
        message: 'service::pipelines: service must have at least one pipeline',
        node: at ? at.children![0] : firstKey,
      });
    }
  },
};

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n');
}
