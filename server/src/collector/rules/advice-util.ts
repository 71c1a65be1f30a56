/** Helpers shared by the NativeLink advice rules. */
import type { OffsetEdit, RuleContext } from '../../service/rules';
import { addSequenceItem, insertMappingEntry } from '../edits';
import { type CollectorModel, findComponent, type ListName, type Pipeline } from '../model';

/** Edit adding `id` to a pipeline list at `index` (creating the list key when missing). */
export function addToPipeline(ctx: RuleContext, p: Pipeline, list: ListName, id: string, index?: number): OffsetEdit {
  const l = p.lists[list];
  if (l.prop) return addSequenceItem(ctx.text, l.array ?? l.prop, id, index);
  return insertMappingEntry(ctx.text, p.body && p.body.type === 'object' ? p.body : p.prop, list, `[${id}]`);
}

/** Edit defining a component (creating its section when missing); undefined if already defined. */
export function defineComponent(
  ctx: RuleContext,
  model: CollectorModel,
  kind: 'processor' | 'exporter' | 'receiver',
  id: string,
  body: string,
): OffsetEdit | undefined {
  if (findComponent(model, kind, id)) return undefined;
  const sec = model.sections[kind];
  const section = kind === 'processor' ? 'processors' : kind === 'exporter' ? 'exporters' : 'receivers';
  if (sec) return insertMappingEntry(ctx.text, sec, id, body, true);
  const indented = body
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n');
  return insertMappingEntry(ctx.text, model.root, section, `${id}:\n${indented}`, true);
}

export function processorIndex(model: CollectorModel, p: Pipeline, type: string): number {
  return p.lists.processors.items.findIndex((it) => findComponent(model, 'processor', it.id)?.type === type);
}
