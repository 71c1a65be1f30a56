import { findNodeAtOffset, getNodePath, type ASTNode } from '../parser/ast';
import type { JSONSchema, LanguageEngine } from '../service/engine';
import { escapeMarkdown, inlineCode } from '../service/markdown';
import { typeLabel } from './complete';
import { componentSchema, schemaAtPath } from './resolve';

export interface HoverResult {
  markdown: string;
  offset: number;
  length: number;
}

/** Hover for a key or a value: what the field does, type, default, unit, allowed values and links. */
export function hoverAt(engine: LanguageEngine, root: ASTNode | undefined, offset: number): HoverResult | undefined {
  const node = findNodeAtOffset(root, offset, true);
  if (!node || node.type === 'object' || node.type === 'array') return undefined;
  let prop: ASTNode | undefined;
  let isKey = false;
  if (node.type === 'property') prop = node;
  else if (node.parent?.type === 'property') {
    prop = node.parent;
    isKey = prop.children?.[0] === node;
  }
  const path = prop ? [...(prop.parent ? getNodePath(prop.parent) : []), String(prop.children![0].value)] : getNodePath(node);
  const schema = schemaAtPath(engine, root, path);
  const key = prop ? String(prop.children![0].value) : undefined;
  if (!schema) {
    // A component our schema does not describe still gets its README.
    const readme = key && isKey && prop?.parent ? engine.componentDocs?.(getNodePath(prop.parent), key) : undefined;
    return readme ? { markdown: `**${escapeMarkdown(key!)}**\n\n[Documentation](${readme})`, offset: node.offset, length: node.length } : undefined;
  }
  const lines: string[] = [];
  if (key) lines.push(`**${escapeMarkdown(key)}**: ${escapeMarkdown(typeLabel(schema))}`);
  const parentSchema = prop?.parent ? schemaAtPath(engine, root, prop.parent ? getNodePath(prop.parent) : []) : undefined;
  const comp = key && parentSchema ? componentSchema(engine.schema, parentSchema, key) : undefined;
  // Descriptions are our own schema text (written as Markdown); only text from the user's file is escaped.
  const doc = (comp ?? schema).markdownDescription ?? (comp ?? schema).description;
  if (doc) lines.push('', doc);
  const facts: string[] = [];
  if (schema.default !== undefined) facts.push(`Default: ${inlineCode(JSON.stringify(schema.default))}`);
  if (schema['x-unit']) facts.push(`Unit: ${escapeMarkdown(String(schema['x-unit']))}`);
  if (Array.isArray(schema.enum)) facts.push(`Allowed: ${schema.enum.map((v: unknown) => inlineCode(JSON.stringify(v))).join(', ')}`);
  if (schema['x-alias-of']) facts.push(`Legacy spelling of ${inlineCode(String(schema['x-alias-of']))}`);
  if (facts.length) lines.push('', facts.join(' · '));
  const target = isKey ? undefined : node;
  if (target && Array.isArray(schema.enum) && Array.isArray(schema['x-enum-descriptions'])) {
    const i = schema.enum.indexOf(target.value);
    if (i >= 0 && schema['x-enum-descriptions'][i]) lines.push('', `${inlineCode(JSON.stringify(target.value))}: ${schema['x-enum-descriptions'][i]}`);
  }
  if (target && typeof schema['x-grammar'] === 'string') {
    const res = engine.grammars[schema['x-grammar']]?.(target, schema);
    if (res?.explain) lines.push('', escapeMarkdown(res.explain));
  }
  const readme = key && prop?.parent ? engine.componentDocs?.(getNodePath(prop.parent), key) : undefined;
  const links = docLinks(readme ? { ...(comp ?? schema), 'x-docs': readme } : (comp ?? schema));
  if (links) lines.push('', links);
  return { markdown: lines.join('\n'), offset: node.offset, length: node.length };
}

export function docLinks(schema: JSONSchema | undefined): string {
  const parts: string[] = [];
  if (schema?.['x-docs']) parts.push(`[Documentation](${schema['x-docs']})`);
  if (schema?.['x-guide']) parts.push(`[Troubleshooting guide](${schema['x-guide']})`);
  return parts.join(' · ');
}

