import type { ASTNode } from '../parser/ast';
import type { JSONSchema, LanguageEngine } from '../service/engine';
import type { Finding, Fix, OffsetEdit } from '../service/rules';
import { clip, jsonQuote, quote } from '../service/boundedText';
import { closest, suggestions } from '../service/similar';
import { flatCopy } from '../parser/flat';
import { registerCache } from '../cacheFill';
import { deref, ownProperty, propertySchema, schemaTypes, selectBranch, typeMatches } from './resolve';

// A mangled file (a megabyte of `-` is a million bad numbers) stops after this many; only 2,000 are shown anyway.
export const MAX_SCHEMA_FINDINGS = 5000;

// The configuration reference page of the v1.6.6 docs (web/apps/docs/content/docs/reference/nativelink-config/index.mdx).
export const SCHEMA_DOCS = 'https://docs.nativelink.com/reference/nativelink-config';

/**
 * Schema diagnostics: unknown keys, types, enums, required keys, exactly-one-of, value grammars and
 * deprecated aliases. The same resolve.ts helpers feed completion and hover, so the three agree.
 */
export function validateSchema(
  root: ASTNode,
  engine: LanguageEngine,
  text: string,
  options: { reuseCleanEntries?: boolean; entryKey?: (entry: ASTNode) => string | undefined } = {},
): Finding[] {
  const out: Finding[] = [];
  const schemaRoot = engine.schema;
  const docsFor = (s: JSONSchema | undefined) => s?.['x-docs'] ?? s?.['x-guide'] ?? defaultDocs(engine);

  const walk = (node: ASTNode, rawSchema: JSONSchema | undefined, depth: number): void => {
    if (!rawSchema || depth > 64 || out.length >= MAX_SCHEMA_FINDINGS) return;
    if (options.reuseCleanEntries && depth === ENTRY_DEPTH && node.type === 'object') {
      const cleanNodes = cleanEntryNodesFor(rawSchema);
      if (cleanNodes.has(node)) return;
      const source = options.entryKey ? options.entryKey(node) : text.slice(node.offset, node.offset + node.length);
      if (source === undefined) return walkNode(node, rawSchema, depth);
      const clean = cleanEntriesFor(rawSchema);
      if (clean.has(source)) return void cleanNodes.add(node);
      const before = out.length;
      walkNode(node, rawSchema, depth);
      if (out.length === before) {
        rememberClean(rawSchema, source);
        cleanNodes.add(node);
      }
      return;
    }
    walkNode(node, rawSchema, depth);
  };

  const walkNode = (node: ASTNode, rawSchema: JSONSchema, depth: number): void => {
    const schema = selectBranch(schemaRoot, rawSchema, node);
    if (engine.isRuntimeValue?.(node, schema)) return;

    const types = schemaTypes(schema);
    if (types.length && !types.some((t) => typeMatches(t, node))) {
      // A size/duration field accepts strings too; the grammar check below gives the precise message.
      out.push({
        code: `${engine.kind}/wrong-type`,
        severity: 'error',
        message: `Expected ${describeTypes(types)} but found ${describeNode(node)}.`,
        node,
        docs: docsFor(schema),
      });
      return;
    }
    if (schema.const !== undefined && node.value !== schema.const && node.type !== 'object' && node.type !== 'array') {
      out.push({ code: `${engine.kind}/bad-value`, severity: 'error', message: `Expected ${JSON.stringify(schema.const)}.`, node, docs: docsFor(schema) });
    }
    const caseless = schema['x-case-insensitive'] === true && typeof node.value === 'string';
    const inEnum = (v: unknown) =>
      caseless ? schema.enum.some((e: unknown) => typeof e === 'string' && e.toLowerCase() === String(v).toLowerCase()) : schema.enum.includes(v);
    if (Array.isArray(schema.enum) && node.type !== 'object' && node.type !== 'array' && !inEnum(node.value)) {
      const allowed = schema.enum.filter((v: unknown) => v !== null);
      const { near, offer } = typeof node.value === 'string' ? suggestions(node.value, allowed.map(String)) : { near: [], offer: [] };
      out.push({
        code: `${engine.kind}/bad-enum`,
        severity: 'error',
        message: `${jsonQuote(node.value)} is not a valid value. Expected one of: ${allowed.map((v: unknown) => JSON.stringify(v)).join(', ')}.`,
        node,
        docs: docsFor(schema),
        fixes: offer.map((n) => replaceScalar(node, n, text, n === near[0])),
      });
    }
    if (node.type === 'number' && typeof node.value === 'number') {
      if (typeof schema.minimum === 'number' && node.value < schema.minimum)
        out.push({ code: `${engine.kind}/out-of-range`, severity: 'error', message: `Value must be at least ${schema.minimum}.`, node, docs: docsFor(schema) });
      if (typeof schema.maximum === 'number' && node.value > schema.maximum)
        out.push({ code: `${engine.kind}/out-of-range`, severity: 'error', message: `Value must be at most ${schema.maximum}.`, node, docs: docsFor(schema) });
    }
    const grammar = schema['x-grammar'];
    if (typeof grammar === 'string' && node.type !== 'object' && node.type !== 'array') {
      const check = engine.grammars[grammar];
      const res = check?.(node, schema);
      if (res?.message) {
        out.push({
          code: res.code ?? `${engine.kind}/bad-${grammar}`,
          severity: res.severity ?? 'error',
          message: res.message,
          node,
          docs: docsFor(schema),
          fixes: res.fixes,
        });
      }
    }

    if (node.type === 'object') walkObject(node, schema, depth);
    else if (node.type === 'array' && schema.items !== undefined) {
      (node.children ?? []).forEach((item, i) => {
        const itemSchema = Array.isArray(schema.items) ? schema.items[i] : schema.items;
        walk(item, deref(schemaRoot, itemSchema), depth + 1);
      });
    }
  };

  const walkObject = (node: ASTNode, schema: JSONSchema, depth: number): void => {
    const props = node.children ?? [];
    const present = new Map<string, ASTNode>();
    let allKeys: Set<unknown> | undefined;
    for (const prop of props) {
      // The cap holds inside one object too: a megabyte of `a:1,` is half a million unknown keys.
      if (out.length >= MAX_SCHEMA_FINDINGS) return;
      const keyNode = prop.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      const key = keyNode.value;
      present.set(key, prop);
      const sub = propertySchema(schemaRoot, schema, key);
      const declared = ownProperty(schema.properties, key) !== undefined;
      if (!sub && !declared) {
        if (schema['x-components']) continue; // unknown component types are the rules' business (a warning)
        if (schema.additionalProperties === false || schema.properties) {
          if (schema.additionalProperties !== false && schema.additionalProperties !== undefined) continue;
          const known = Object.keys(schema.properties ?? {});
          const near = closest(key, known, 3);
          const lenient = schema['x-deny-unknown'] === false;
          out.push({
            code: `${engine.kind}/unknown-key`,
            severity: lenient ? 'warning' : 'error',
            message:
              `Unknown key ${quote(key)}.` +
              (near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '') +
              (lenient ? ' The binary ignores it silently, so it has no effect.' : ''),
            node: keyNode,
            docs: docsFor(schema),
            fixes: near.map((n, i) => ({ title: `Rename to "${n}"`, edits: [renameKey(keyNode, n, text)], isPreferred: i === 0 })),
          });
        }
        continue;
      }
      if (sub?.deprecationMessage || sub?.['x-alias-of']) {
        const current = sub['x-alias-of'];
        out.push({
          code: `${engine.kind}/deprecated`,
          severity: 'hint',
          message: sub.deprecationMessage ?? `${quote(key)} is a legacy spelling of "${current}".`,
          node: keyNode,
          tags: ['deprecated'],
          docs: docsFor(sub),
          fixes:
            typeof current === 'string' && !present.has(current) && !(allKeys ??= new Set(props.map((p) => p.children?.[0]?.value))).has(current)
              ? [{ title: `Rename to "${current}"`, edits: [renameKey(keyNode, current, text)], isPreferred: true }]
              : [],
        });
      }
      const valueNode = prop.children?.[1];
      if (valueNode) walk(valueNode, sub, depth + 1);
    }

    const anchor = node.parent?.type === 'property' ? node.parent.children![0] : node;
    for (const req of schema.required ?? []) {
      if (present.has(req)) continue;
      const aliasPresent = Object.entries(schema.properties ?? {}).some(
        ([k, v]) => present.has(k) && deref(schemaRoot, v as JSONSchema)?.['x-alias-of'] === req,
      );
      if (aliasPresent) continue;
      const reqSchema = propertySchema(schemaRoot, schema, req);
      const fix = engine.insertProperty
        ? [{ title: `Add "${req}"`, edits: [engine.insertProperty(text, node, req, placeholderFor(reqSchema))], isPreferred: true }]
        : [];
      out.push({
        code: `${engine.kind}/missing-required`,
        severity: 'error',
        message: `Missing required key "${req}".` + (reqSchema?.description ? ` ${firstSentence(reqSchema.description)}` : ''),
        range: { offset: anchor.offset, length: anchor === node ? 1 : anchor.length },
        docs: docsFor(schema),
        fixes: fix,
      });
    }

    const atLeast: string[] | undefined = schema['x-at-least-one-of'];
    if (Array.isArray(atLeast) && !atLeast.some((k) => present.has(k))) {
      out.push({
        code: `${engine.kind}/missing-one-of`,
        severity: 'error',
        message: `Needs at least one of: ${atLeast.join(', ')}.`,
        range: { offset: anchor.offset, length: anchor === node ? 1 : anchor.length },
        docs: docsFor(schema),
      });
    }

    const oneOf: string[] | undefined = schema['x-exactly-one-of'];
    if (Array.isArray(oneOf)) {
      const found = oneOf.filter((k) => present.has(k));
      if (found.length === 0) {
        out.push({
          code: `${engine.kind}/missing-kind`,
          severity: 'error',
          message: `Needs exactly one of: ${oneOf.join(', ')}.`,
          range: { offset: anchor.offset, length: anchor === node ? 1 : anchor.length },
          docs: docsFor(schema),
        });
      } else if (found.length > 1) {
        for (const extra of found.slice(1)) {
          out.push({
            code: `${engine.kind}/multiple-kinds`,
            severity: 'error',
            message: `Only one of ${found.map((f) => `"${f}"`).join(', ')} may be set here; the binary refuses an entry with two kinds.`,
            node: present.get(extra)!.children![0],
            docs: docsFor(schema),
          });
        }
      }
    }
  };

  walk(root, deref(schemaRoot, schemaRoot), 0);
  return out;
}

/**
 * Less work per keystroke: entries of the top-level sections (each store, scheduler, server, worker) that
 * validated without a finding, by schema and exact source text, so an unchanged clean entry is not walked
 * again on the next edit. Walking an entry reads only the entry's own nodes, its schema and the value grammars,
 * so its text decides a clean result; findings are never reused, because their fixes follow the whole
 * document's style. Callers enable this only for parses without syntax errors, where an entry's text alone
 * decides its tree (error recovery could look past it): JSON5, or YAML keyed as yamlEntryKey.ts says. Bounded;
 * cleared when full.
 */
const ENTRY_DEPTH = 2;
const CLEAN_ENTRIES_MAX = 20_000;
// A Map, not a WeakMap: when the bound is reached every schema's set is dropped together (clearing only the
// full one while resetting the counts let the other sets grow uncounted). Schemas are long-lived, and the clear
// lets go of any that are not.
const cleanEntries = new Map<JSONSchema, Set<string>>();
let cleanEntryCount = 0;

/**
 * The same by node, without hashing the entry's text: a node that the next parse keeps keeps its whole subtree
 * (json5Reuse.ts), so an entry node once clean stays clean.
 */
const cleanEntryNodes = new WeakMap<JSONSchema, WeakSet<ASTNode>>();

function cleanEntryNodesFor(schema: JSONSchema): WeakSet<ASTNode> {
  let set = cleanEntryNodes.get(schema);
  if (!set) cleanEntryNodes.set(schema, (set = new WeakSet()));
  return set;
}

function cleanEntriesFor(schema: JSONSchema): Set<string> {
  let set = cleanEntries.get(schema);
  if (!set) cleanEntries.set(schema, (set = new Set()));
  return set;
}

/** @internal For tests: entries and characters held across all schemas. */
export function cleanEntriesHeld(): { entries: number; chars: number } {
  let entries = 0;
  let chars = 0;
  for (const set of cleanEntries.values()) for (const k of set) {
    entries++;
    chars += k.length;
  }
  return { entries, chars };
}

/** Entry texts held, in characters: an entry can be large, so the count alone does not bound memory. */
const CLEAN_ENTRIES_MAX_CHARS = 2 * 1024 * 1024;
let cleanEntryChars = 0;
let cleanEvictions = 0;
registerCache(
  () => ({ name: 'clean schema entries', entries: cleanEntryCount, maxEntries: CLEAN_ENTRIES_MAX, chars: cleanEntryChars, maxChars: CLEAN_ENTRIES_MAX_CHARS, evictions: cleanEvictions }),
  dropCleanEntries,
);

function dropCleanEntries(): void {
  cleanEntries.clear();
  cleanEntryCount = 0;
  cleanEntryChars = 0;
}

function rememberClean(schema: JSONSchema, source: string): void {
  if (source.length > CLEAN_ENTRIES_MAX_CHARS / 16) return;
  if (cleanEntryCount >= CLEAN_ENTRIES_MAX || cleanEntryChars + source.length > CLEAN_ENTRIES_MAX_CHARS) {
    dropCleanEntries();
    cleanEvictions++;
  }
  cleanEntryChars += source.length;
  // A flat copy, not a slice: a sliced string would keep that whole version of the document alive.
  cleanEntriesFor(schema).add(flatCopy(source));
  cleanEntryCount++;
}

function defaultDocs(engine: LanguageEngine): string {
  return engine.schema['x-docs'] ?? SCHEMA_DOCS;
}

export function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s|$)/s.exec(s);
  return (m ? m[1] : s).replace(/\s+/g, ' ').trim();
}

function describeTypes(types: string[]): string {
  const names = types.map((t) => (t === 'object' ? 'an object' : t === 'array' ? 'an array' : t === 'integer' ? 'an integer' : `a ${t}`));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
}

function describeNode(node: ASTNode): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    case 'string':
      return `the string ${jsonQuote(node.value)}`;
    default:
      return `${node.type === 'number' && Number.isInteger(node.value) ? 'the integer' : `the ${node.type}`} ${clip(String(node.value))}`;
  }
}

/** Keeps the user's quoting: a quoted key stays quoted with the same quote character. */
export function renameKey(keyNode: ASTNode, newKey: string, text: string): OffsetEdit {
  const raw = text.slice(keyNode.offset, keyNode.offset + keyNode.length);
  const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  return { offset: keyNode.offset, length: keyNode.length, newText: `${q}${newKey}${q}` };
}

export function replaceScalar(node: ASTNode, value: string, text: string, preferred = false): Fix {
  const raw = text.slice(node.offset, node.offset + node.length);
  const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : node.quoted ? '"' : '';
  return { title: `Change to "${value}"`, edits: [{ offset: node.offset, length: node.length, newText: `${q}${value}${q}` }], isPreferred: preferred };
}

export function placeholderFor(schema: JSONSchema | undefined): string {
  if (!schema) return '""';
  if (schema.default !== undefined) return JSON.stringify(schema.default);
  const t = schemaTypes(schema)[0];
  switch (t) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    default:
      return Array.isArray(schema.enum) && schema.enum.length ? JSON.stringify(schema.enum[0]) : '""';
  }
}
