import type { ASTNode } from '../parser/ast';
import type { CursorContext } from '../service/context';
import type { JSONSchema, LanguageEngine } from '../service/engine';
import { deref, refSchema, schemaAtPath, schemaTypes, selectBranch } from './resolve';
import { renderJson5, renderYaml } from './render';
import { firstSentence } from './validate';

export interface CompletionCandidate {
  label: string;
  kind: 'property' | 'value' | 'enum' | 'snippet' | 'reference' | 'module';
  insertText: string;
  isSnippet: boolean;
  detail?: string;
  documentation?: string;
  sortText?: string;
  deprecated?: boolean;
}

type Lang = 'json5' | 'yaml';

/** Keys, enum values, snippets and references for the cursor context, all from one schema walk. */
export function completeAt(engine: LanguageEngine, root: ASTNode | undefined, ctx: CursorContext, lang: Lang): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const schema = schemaAtPath(engine, root, ctx.path);
  if (ctx.mode === 'key') {
    // A YAML `- ` line in a list of scalars (pipelines, extensions) is value completion in disguise.
    if (ctx.inArrayItem && schema && !schemaTypes(schema).includes('object') && schemaTypes(schema).length) {
      return completeValue(engine, root, { ...ctx, mode: 'value' }, schema, lang);
    }
    if (ctx.inArrayItem && schema?.defaultSnippets && lang === 'yaml') {
      for (const sn of schema.defaultSnippets) out.push(snippetItem(sn, ctx, lang, true));
    }
    if (schema) completeKeys(engine, schema, ctx, lang, out);
    return out;
  }
  return completeValue(engine, root, ctx, schema, lang);
}

function completeKeys(engine: LanguageEngine, raw: JSONSchema, ctx: CursorContext, lang: Lang, out: CompletionCandidate[]): void {
  const root = engine.schema;
  const schema = deref(root, raw)!;
  const props: Record<string, JSONSchema> = Object.create(null);
  for (const alt of [schema, ...((schema.anyOf ?? schema.oneOf ?? []) as JSONSchema[])]) {
    const s = deref(root, alt);
    for (const [k, v] of Object.entries(s?.properties ?? {})) props[k] ??= v as JSONSchema;
  }
  const required = new Set<string>(schema.required ?? []);
  // An entry that already has its kind (memory, simple, …) must not be offered a second one.
  const kinds: string[] = Array.isArray(schema['x-exactly-one-of']) ? schema['x-exactly-one-of'] : [];
  const hasKind = kinds.some((k) => ctx.existingKeys.has(k));
  for (const [key, rawProp] of Object.entries(props)) {
    if (ctx.existingKeys.has(key)) continue;
    if (hasKind && kinds.includes(key)) continue;
    const prop = deref(root, rawProp);
    if (!prop) continue;
    const deprecated = !!(prop.deprecationMessage || prop['x-alias-of']);
    out.push({
      label: key,
      kind: 'property',
      insertText: keyInsert(engine, key, prop, ctx, lang),
      isSnippet: true,
      detail: typeLabel(prop),
      documentation: prop.markdownDescription ?? prop.description,
      sortText: `${deprecated ? '9' : required.has(key) ? '0' : '1'}${key}`,
      deprecated,
    });
  }
  const comps = schema['x-components'];
  if (comps && typeof comps === 'object') {
    const renamed: Record<string, string> = schema['x-renamed'] ?? {};
    for (const type of Object.keys(comps)) {
      if (ctx.existingKeys.has(type)) continue;
      const body = deref(root, refSchema(comps[type]));
      out.push({
        label: type,
        kind: 'module',
        insertText: lang === 'yaml' ? `${type}:\n${ctx.indent}  $0` : `${type}: {$0}`,
        isSnippet: true,
        detail: renamed[type] ? `renamed to ${renamed[type]}` : 'component',
        documentation: body?.description,
        sortText: `${renamed[type] ? '9' : '2'}${type}`,
        deprecated: !!renamed[type],
      });
    }
  }
}

function keyInsert(engine: LanguageEngine, key: string, prop: JSONSchema, ctx: CursorContext, lang: Lang): string {
  const s = selectBranch(engine.schema, prop, undefined);
  const snippet = s.defaultSnippets?.[0]?.body ?? requiredSkeleton(engine, s);
  const types = schemaTypes(s);
  if (lang === 'yaml') {
    if (snippet !== undefined && typeof snippet === 'object') return `${key}:${renderYaml(snippet, ctx.indent + '  ')}`;
    if (types[0] === 'object') return `${key}:\n${ctx.indent}  $0`;
    if (types[0] === 'array') return `${key}:\n${ctx.indent}  - $0`;
    return `${key}: $0`;
  }
  if (snippet !== undefined) return `${key}: ${renderJson5(snippet, ctx.indent)}`;
  switch (types[0]) {
    case 'object':
      return `${key}: {\n${ctx.indent}  $0\n${ctx.indent}}`;
    case 'array':
      return `${key}: [$0]`;
    case 'string':
      return s.enum ? `${key}: "\${1|${s.enum.join(',')}|}"` : `${key}: "$0"`;
    case 'boolean':
      return `${key}: \${1|true,false|}`;
    default:
      return `${key}: $0`;
  }
}

/**
 * An object with required children completes with them in place (as tab stops), so a new
 * `filesystem: {…}` is not an error the moment it is inserted.
 */
function requiredSkeleton(engine: LanguageEngine, s: JSONSchema): Record<string, unknown> | undefined {
  if (!schemaTypes(s).includes('object') || !Array.isArray(s.required) || !s.required.length) return undefined;
  const body: Record<string, unknown> = {};
  let stop = 1;
  for (const key of s.required as string[]) {
    const child = deref(engine.schema, s.properties?.[key]);
    const t = child ? schemaTypes(selectBranch(engine.schema, child, undefined))[0] : undefined;
    const example = child?.default ?? child?.examples?.[0];
    if (t === 'object') body[key] = {};
    else if (t === 'array') body[key] = [];
    else if (t === 'integer' || t === 'number' || t === 'boolean') body[key] = `^\${${stop++}:${example ?? (t === 'boolean' ? 'false' : '0')}}`;
    else body[key] = `\${${stop++}${typeof example === 'string' ? `:${example}` : ''}}`;
  }
  return body;
}

function completeValue(engine: LanguageEngine, root: ASTNode | undefined, ctx: CursorContext, schema: JSONSchema | undefined, lang: Lang): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const seen = new Set<string>();
  const add = (c: CompletionCandidate) => {
    if (seen.has(c.label)) return;
    seen.add(c.label);
    out.push(c);
  };
  const quote = (v: string) => (lang === 'json5' ? JSON.stringify(v) : /^[\w./:-]+$/.test(v) ? v : JSON.stringify(v));
  const alts: JSONSchema[] = schema ? [schema, ...((schema.anyOf ?? schema.oneOf ?? []) as JSONSchema[]).map((a) => deref(engine.schema, a)!).filter(Boolean)] : [];
  for (const s of alts) {
    for (const v of s.enum ?? []) {
      const label = typeof v === 'string' ? v : JSON.stringify(v);
      add({ label, kind: 'enum', insertText: typeof v === 'string' ? quote(v) : String(v), isSnippet: false, detail: 'allowed value' });
    }
    if (s.const !== undefined) add({ label: String(s.const), kind: 'enum', insertText: typeof s.const === 'string' ? quote(s.const) : String(s.const), isSnippet: false });
    if (schemaTypes(s).includes('boolean')) for (const b of ['true', 'false']) add({ label: b, kind: 'value', insertText: b, isSnippet: false });
    if (s.default !== undefined && typeof s.default !== 'object') {
      const label = String(s.default);
      add({ label, kind: 'value', insertText: typeof s.default === 'string' ? quote(s.default) : label, isSnippet: false, detail: 'default' });
    }
    for (const ex of s.examples ?? []) {
      if (typeof ex === 'object') continue;
      add({ label: String(ex), kind: 'value', insertText: typeof ex === 'string' ? quote(ex) : String(ex), isSnippet: false, detail: 'example' });
    }
    for (const sn of s.defaultSnippets ?? []) out.push(snippetItem(sn, ctx, lang, false));
  }
  if (root && engine.suggestValues) {
    for (const v of engine.suggestValues(root, ctx.path, schema)) {
      add({ label: v.label, kind: 'reference', insertText: quote(v.label), isSnippet: false, detail: v.detail, documentation: v.documentation, sortText: `0${v.label}` });
    }
  }
  return out;
}

function snippetItem(sn: { label?: string; description?: string; body: unknown }, ctx: CursorContext, lang: Lang, arrayItem: boolean): CompletionCandidate {
  let text: string;
  if (lang === 'yaml') {
    text = renderYaml(sn.body, ctx.indent).replace(/^\n\s*/, '');
    if (arrayItem) text = text.replace(/^- /, '');
  } else text = renderJson5(sn.body, ctx.indent);
  return {
    label: sn.label ?? 'snippet',
    kind: 'snippet',
    insertText: text,
    isSnippet: true,
    detail: sn.description,
    sortText: `3${sn.label ?? ''}`,
  };
}

export function typeLabel(s: JSONSchema): string {
  const types = schemaTypes(s);
  const grammar = s['x-grammar'];
  if (grammar) return `${grammar}${types.length ? ` (${types.join(' | ')})` : ''}`;
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  return types.join(' | ') || (s.anyOf || s.oneOf ? 'one of several forms' : 'any');
}

export { firstSentence };
