/** Shared helpers for collector rules. */
import type { ASTNode } from '../../parser/ast';
import type { OffsetEdit, RuleContext } from '../../service/rules';
import { getCatalog, type Catalog } from '../catalog';
import { renameKey, renameScalar } from '../edits';
import { buildModel, canonicalId, findProp, type CollectorModel, type Component, type ComponentKind, SECTION_OF } from '../model';
import { collectorSchema } from '../schemaSource';

const models = new WeakMap<ASTNode, CollectorModel | null>();

/** The batch processor's send_batch_size when the config leaves it out (collector default). */
export const DEFAULT_SEND_BATCH_SIZE = 8192;

/**
 * Every batch processor with its send_batch_size / send_batch_max_size properties (undefined when not set).
 * batch-config (Validate() errors) and batch-tuning (guide advice) read the same two settings.
 */
export function batchProcessors(model: CollectorModel): Array<{ c: Component; sizeProp?: ASTNode; maxProp?: ASTNode }> {
  return model.components
    .filter((c) => c.kind === 'processor' && c.type === 'batch')
    .map((c) => ({ c, sizeProp: findProp(c.body, 'send_batch_size'), maxProp: findProp(c.body, 'send_batch_max_size') }));
}

export function modelOf(ctx: RuleContext): CollectorModel | undefined {
  let m = models.get(ctx.root);
  if (m === undefined) {
    m = buildModel(ctx.root) ?? null;
    models.set(ctx.root, m);
  }
  return m ?? undefined;
}

export function catalogOf(ctx: RuleContext): Catalog {
  return getCatalog(collectorSchema(), ctx.settings.collector?.extraComponentTypes ?? []);
}

/** Path prefix the collector puts before component Validate() messages: `processors::batch: `. */
export function componentPrefix(c: Component): string {
  return `${SECTION_OF[c.kind]}::${c.id.trim()}: `;
}

export function pipelinePrefix(pipelineId: string): string {
  return `service::pipelines::${pipelineId.trim()}: `;
}

/** A starter body that passes the component's own Validate(), for "define it" fixes. */
export function stubBody(kind: ComponentKind, type: string): string {
  switch (`${kind}:${type}`) {
    case 'receiver:otlp':
      return 'protocols:\n  grpc:\n    endpoint: 0.0.0.0:4317\n  http:\n    endpoint: 0.0.0.0:4318';
    case 'processor:memory_limiter':
      return 'check_interval: 1s\nlimit_mib: 1024\nspike_limit_mib: 256';
    case 'processor:attributes':
      return 'actions:\n  - key: execution.action_digest\n    action: delete';
    case 'exporter:otlp':
    case 'exporter:otlp_grpc':
      return 'endpoint: localhost:4317';
    case 'exporter:otlphttp':
    case 'exporter:otlp_http':
      return 'endpoint: http://localhost:4318';
    case 'exporter:prometheus':
      return 'endpoint: 0.0.0.0:9090';
    case 'exporter:prometheusremotewrite':
      return 'endpoint: http://prometheus:9090/api/v1/write';
    default:
      return '';
  }
}

export function isNullBody(n: ASTNode | undefined): boolean {
  return !n || n.type === 'null';
}

/** Number value of a scalar, ignoring runtime references; undefined when not a literal number. */
export function numberValue(n: ASTNode | undefined): number | undefined {
  if (!n) return undefined;
  if (n.type === 'number' && typeof n.value === 'number') return n.value;
  return undefined;
}

/** Parses a Go duration literal into nanoseconds; undefined when not a literal duration. */
export function durationNs(n: ASTNode | undefined): number | undefined {
  if (!n) return undefined;
  if (n.type === 'number' && typeof n.value === 'number') return n.value; // a bare int decodes as nanoseconds
  if (n.type !== 'string' || typeof n.value !== 'string') return undefined;
  const s = n.value.trim();
  if (s === '0') return 0;
  const re = /(-?[0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += parseFloat(m[1]) * unit[m[2]];
    pos = re.lastIndex;
  }
  return pos === s.length && pos > 0 ? total : undefined;
}

/** Edits renaming a component's definition and every pipeline / service.extensions reference to it. */
export function renameComponentEdits(ctx: RuleContext, model: CollectorModel, comp: Component, newId: string): OffsetEdit[] {
  const edits: OffsetEdit[] = [renameKey(ctx.text, comp.keyNode, newId)];
  const want = canonicalId(comp.id);
  if (comp.kind === 'extension') {
    for (const r of model.extensionRefs) if (canonicalId(r.id) === want) edits.push(renameScalar(ctx.text, r.node, newId));
    return edits;
  }
  const lists: ('receivers' | 'processors' | 'exporters')[] =
    comp.kind === 'receiver' ? ['receivers'] : comp.kind === 'processor' ? ['processors'] : comp.kind === 'exporter' ? ['exporters'] : ['receivers', 'exporters'];
  for (const p of model.pipelines) {
    for (const l of lists) {
      for (const it of p.lists[l].items) {
        // A comma-separated string list item covers the whole scalar; only rename exact items.
        if (canonicalId(it.id) === want) edits.push(renameScalar(ctx.text, it.node, newId));
      }
    }
  }
  return edits;
}

/** New id with the type swapped, keeping the name: `otlp/jaeger` → `otlp_grpc/jaeger`. */
export function withType(comp: Component, type: string): string {
  return comp.name === undefined ? type : `${type}/${comp.name}`;
}

/** Range of the type part of a component key (for precise underlines). */
export function typeRange(ctx: RuleContext, comp: Component): { offset: number; length: number } {
  const raw = ctx.text.slice(comp.keyNode.offset, comp.keyNode.offset + comp.keyNode.length);
  const q = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
  const inner = raw.slice(q);
  const slash = inner.indexOf('/');
  const typePart = slash < 0 ? inner.slice(0, inner.length - q) : inner.slice(0, slash);
  const lead = typePart.length - typePart.trimStart().length;
  return { offset: comp.keyNode.offset + q + lead, length: Math.max(1, typePart.trim().length) };
}
