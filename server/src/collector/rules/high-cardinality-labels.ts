import type { ASTNode } from '../../parser/ast';
import type { Fix, Rule } from '../../service/rules';
import { type Component, findComponent, findProp, propValue } from '../model';
import { GUIDE } from '../guide';
import { addToPipeline, defineComponent, processorIndex } from './advice-util';
import { modelOf, stubBody } from './util';

/**
 * Inside the collector the attribute is `execution.action_digest` (TraceMachina/nativelink@v1.6.6:
 * nativelink-util/src/metrics.rs, EXECUTION_ACTION_DIGEST); `execution_action_digest` is only the label
 * Prometheus translation makes of it later, so deleting that key in the collector deletes nothing.
 */
export const HIGH_CARDINALITY_ATTRIBUTE = 'execution.action_digest';
export const TRANSLATED_LABEL = 'execution_action_digest';
const PROCESSOR_ID = 'attributes/drop_high_cardinality';

const str = (n: ASTNode | undefined): string | undefined => (n?.type === 'string' && typeof n.value === 'string' ? n.value : undefined);

/** attributes processor actions that delete a key: [key node, key]. */
function deleteActions(c: Component): { node: ASTNode; key: string }[] {
  const actions = propValue(findProp(c.body, 'actions'));
  if (!actions || actions.type !== 'array') return [];
  const out: { node: ASTNode; key: string }[] = [];
  for (const a of actions.children ?? []) {
    if (str(propValue(findProp(a, 'action'))) !== 'delete') continue;
    const keyNode = propValue(findProp(a, 'key'));
    const key = str(keyNode);
    if (keyNode && key !== undefined) out.push({ node: keyNode, key });
    const pattern = str(propValue(findProp(a, 'pattern')));
    if (pattern !== undefined && keyNode === undefined) {
      try {
        if (new RegExp(pattern).test(HIGH_CARDINALITY_ATTRIBUTE)) out.push({ node: propValue(findProp(a, 'pattern'))!, key: HIGH_CARDINALITY_ATTRIBUTE });
      } catch {
        /* an invalid pattern is the collector's error to report */
      }
    }
  }
  return out;
}

/** A transform processor statement deleting the attribute, e.g. delete_key(datapoint.attributes, "execution.action_digest"). */
function transformDeletes(ctx: { text: string }, c: Component): boolean {
  const body = ctx.text.slice(c.prop.offset, c.prop.offset + c.prop.length);
  return /delete_(?:matching_)?keys?\([^)]*execution\.action_digest/.test(body);
}

/**
 * NativeLink tags execution metrics with execution.action_digest (one value per action): without a processor
 * that deletes it, Prometheus series counts and collector memory grow with every build.
 */
export const highCardinalityLabels: Rule = {
  id: 'collector/high-cardinality-labels',
  docs: GUIDE.cardinality,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/metrics.rs',
    'open-telemetry/opentelemetry-collector-contrib@v0.159.0:processor/attributesprocessor/README.md',
  ],
  advice: true,
  description: 'Metrics pipelines fed by OTLP should delete execution.action_digest; deleting the Prometheus spelling execution_action_digest in the collector does nothing.',
  check(ctx) {
    const model = modelOf(ctx);
    if (!model) return;
    const reportedIneffective = new Set<ASTNode>();
    for (const p of model.pipelines) {
      if (p.signal !== 'metrics') continue;
      const otlpFed = p.lists.receivers.items.some((it) => findComponent(model, 'receiver', it.id)?.type === 'otlp');
      if (!otlpFed) continue;
      let drops = false;
      let ineffective = false;
      for (const it of p.lists.processors.items) {
        const c = findComponent(model, 'processor', it.id);
        if (!c) continue;
        if (c.type === 'transform' && transformDeletes(ctx, c)) drops = true;
        if (c.type !== 'attributes') continue;
        for (const d of deleteActions(c)) {
          if (d.key === HIGH_CARDINALITY_ATTRIBUTE) drops = true;
          else if (d.key === TRANSLATED_LABEL) {
            ineffective = true;
            if (reportedIneffective.has(d.node)) continue;
            reportedIneffective.add(d.node);
            const raw = ctx.text.slice(d.node.offset, d.node.offset + d.node.length);
            const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
            ctx.report({
              code: this.id,
              severity: 'warning',
              message: `"${TRANSLATED_LABEL}" does not exist inside the collector: NativeLink sends the attribute as "${HIGH_CARDINALITY_ATTRIBUTE}" and only Prometheus translation turns it into "${TRANSLATED_LABEL}", so this delete does nothing`,
              node: d.node,
              fixes: [{ title: `Delete "${HIGH_CARDINALITY_ATTRIBUTE}" instead`, edits: [{ offset: d.node.offset, length: d.node.length, newText: `${q}${HIGH_CARDINALITY_ATTRIBUTE}${q}` }], isPreferred: true }],
            });
          }
        }
      }
      if (drops || ineffective) continue; // an ineffective delete is reported at its key; its fix covers the pipeline
      const fix: Fix = { title: `Add "${PROCESSOR_ID}" deleting ${HIGH_CARDINALITY_ATTRIBUTE} to this pipeline`, edits: [] };
      const def = defineComponent(ctx, model, 'processor', PROCESSOR_ID, stubBody('processor', 'attributes'));
      if (def) fix.edits.push(def);
      const batchAt = processorIndex(model, p, 'batch');
      fix.edits.push(addToPipeline(ctx, p, 'processors', PROCESSOR_ID, batchAt >= 0 ? batchAt : undefined));
      ctx.report({
        code: this.id,
        severity: 'information',
        message: `metrics pipeline "${p.id.trim()}" keeps every attribute NativeLink sends, including ${HIGH_CARDINALITY_ATTRIBUTE} (the ${TRANSLATED_LABEL} label in Prometheus); delete it with an attributes processor to keep series counts and memory in check`,
        node: p.keyNode,
        fixes: [fix],
      });
    }
  },
};
