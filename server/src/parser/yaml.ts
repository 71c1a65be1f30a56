/**
 * YAML → common AST (`./ast`), built on the `yaml` package (v2) so that YAML semantics (block/flow
 * styles, tags, anchors, multi-documents, core-schema scalar resolution) are exactly the library's.
 *
 * Decisions:
 *  - Offsets come from the library's node ranges: a node spans `range[0]..range[1]` (value end, i.e.
 *    without a trailing comment/newline). Property nodes span key start..value end; `colonOffset` is the
 *    `:` found in the text after the key.
 *  - Scalars: decoded value with the core schema (YAML 1.2: `true`/`false`, `null`/`~`, ints incl. `0x`/`0o`,
 *    floats, `.inf`, `.nan`); bigint → number. `quoted` is true for single/double quoted scalars AND for
 *    block scalars (`|`, `>`), i.e. whenever the source forces a string; plain scalars are not quoted.
 *    Strings such as `${env:VAR}` or `$$` are never interpreted.
 *  - Keys: scalar keys → String(value) (null key → '', like yaml's toJS); non-scalar keys are stringified
 *    from their source text.
 *  - Aliases (`*x`) are expanded: the anchored node's structure is copied, but every node of the copy
 *    carries the alias's offset/length, so diagnostics about the aliased content land on the alias.
 *    Recursive aliases become an empty container copy; expansion is capped (MAX_ALIAS_NODES) against
 *    "billion laughs" documents.
 *  - Merge keys (`<<: *x`, `<<: [*x, *y]`, `<<: {…}`) are applied as Go yaml.v3 (used by the collector)
 *    and yaml's `merge: true` do: merged properties are inserted where `<<` stood (with the alias/source
 *    offsets), keys set explicitly in the mapping win, earlier merge sources win over later ones, and the
 *    `<<` property itself does not appear in the tree.
 *  - A pair whose value is missing while typing (`mem` alone on a line inside a mapping) becomes a
 *    property without value node; `key:` (explicit empty value) is a YAML null and gets a zero-length
 *    null node right after the colon.
 *  - Errors and warnings of the library → ParseError code 'yaml' with the library's position and message.
 */
import { Composer, Parser, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Alias, Document, Node as YNode, Pair as YPair } from 'yaml';
import type { ASTNode, ParseError, ParseResult } from './ast';
import { flatCopy } from './flat';

const MAX_ALIAS_NODES = 100_000;
const MAX_DEPTH = 1000;

interface Span {
  offset: number;
  length: number;
}

class Converter {
  /** Set when the document uses an alias (incremental parsing then falls back to a whole-text parse). */
  sawAlias = false;
  /** Set when a plain scalar spans lines (it could run on into text after a piece: incremental parsing declines). */
  sawMultilinePlain = false;
  private aliasNodes = 0;
  private aliasLimitReported = false;
  private readonly expanding = new Set<unknown>();

  constructor(
    private readonly text: string,
    private readonly index: DocumentIndex,
    private readonly errors: ParseError[],
  ) {}

  /** Span of a yaml node (without trailing comments), or the override when copying for an alias. */
  private span(node: { range?: [number, number, number] | null }, override: Span | undefined): Span {
    if (override) return override;
    const r = node.range;
    if (!r) return { offset: 0, length: 0 };
    return { offset: r[0], length: Math.max(0, r[1] - r[0]) };
  }

  convert(node: unknown, parent: ASTNode | undefined, override: Span | undefined, depth = 0): ASTNode | undefined {
    if (node === null || node === undefined) return undefined;
    if (depth > MAX_DEPTH) {
      const s = override ?? this.span(node as YNode, undefined);
      return { type: 'null', offset: s.offset, length: s.length, parent, value: null };
    }
    if (override) {
      if (++this.aliasNodes > MAX_ALIAS_NODES) {
        if (!this.aliasLimitReported) {
          this.aliasLimitReported = true;
          this.errors.push({ code: 'yaml', message: `Alias expansion exceeds ${MAX_ALIAS_NODES} nodes; further aliases are not expanded`, offset: override.offset, length: override.length });
        }
        return { type: 'null', offset: override.offset, length: override.length, parent, value: null };
      }
    }
    if (isAlias(node)) {
      this.sawAlias = true;
      const s = override ?? this.span(node, undefined);
      const target = this.index.aliases.get(node);
      if (!target || this.expanding.has(target)) {
        // Unresolved (the library reports it) or recursive alias.
        if (target && (isMap(target) || isSeq(target))) {
          return { type: isMap(target) ? 'object' : 'array', offset: s.offset, length: s.length, parent, children: [] };
        }
        return { type: 'null', offset: s.offset, length: s.length, parent, value: null };
      }
      this.expanding.add(target);
      try {
        return this.convert(target, parent, s, depth + 1);
      } finally {
        this.expanding.delete(target);
      }
    }
    if (isScalar(node)) {
      const s = this.span(node, override);
      return this.scalar(node, s, parent);
    }
    if (isMap(node)) {
      const s = this.span(node, override);
      const obj: ASTNode = { type: 'object', offset: s.offset, length: s.length, parent, children: [] };
      this.expanding.add(node); // ancestors count as "being expanded": `&a {x: *a}` must not recurse
      this.mapItems(node.items as YPair[], obj, override, depth);
      this.expanding.delete(node);
      return obj;
    }
    if (isSeq(node)) {
      const s = this.span(node, override);
      const arr: ASTNode = { type: 'array', offset: s.offset, length: s.length, parent, children: [] };
      this.expanding.add(node);
      this.seqItems(node.items, arr, s, override, depth);
      this.expanding.delete(node);
      return arr;
    }
    if (isPair(node)) {
      const ps = this.pairSpan(node, override);
      const obj: ASTNode = { type: 'object', offset: ps.offset, length: ps.length, parent, children: [] };
      this.mapItems([node], obj, override, depth);
      return obj;
    }
    return undefined;
  }

  private seqItems(items: unknown[], arr: ASTNode, s: Span, override: Span | undefined, depth: number): void {
    {
      for (const item of items) {
        if (isPair(item)) {
          // `[a: 1]` — a single-pair mapping inside a flow sequence.
          const ps = this.pairSpan(item, override);
          const obj: ASTNode = { type: 'object', offset: ps.offset, length: ps.length, parent: arr, children: [] };
          this.mapItems([item], obj, override, depth);
          arr.children!.push(obj);
          continue;
        }
        const c = this.convert(item, arr, override, depth + 1);
        if (c) arr.children!.push(c);
        else {
          const is = override ?? { offset: s.offset + s.length, length: 0 };
          arr.children!.push({ type: 'null', offset: is.offset, length: is.length, parent: arr, value: null });
        }
      }
    }
  }

  private noteMultiline(node: unknown): void {
    if (!isScalar(node) || node.type !== Scalar.PLAIN || !node.range) return;
    const t = this.text;
    for (let i = node.range[0]; i < node.range[1]; i++) {
      if (t.charCodeAt(i) === 10) {
        this.sawMultilinePlain = true;
        return;
      }
    }
  }

  private scalar(node: Scalar, s: Span, parent: ASTNode | undefined): ASTNode {
    this.noteMultiline(node);
    const v = node.value as unknown;
    const quoted =
      node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    const base = { offset: s.offset, length: s.length, parent, quoted };
    if (v === null || v === undefined) return { type: 'null', ...base, value: null };
    if (typeof v === 'number') return { type: 'number', ...base, value: v };
    if (typeof v === 'bigint') return { type: 'number', ...base, value: Number(v) };
    if (typeof v === 'boolean') return { type: 'boolean', ...base, value: v };
    if (typeof v === 'string') return { type: 'string', ...base, value: v };
    if (typeof v === 'symbol') return { type: 'string', ...base, value: v.description ?? '' };
    if (v instanceof Date) return { type: 'string', ...base, value: node.source ?? v.toISOString() };
    return { type: 'string', ...base, value: typeof node.source === 'string' ? node.source : String(v) };
  }

  private pairSpan(pair: YPair, override: Span | undefined): Span {
    if (override) return override;
    const k = pair.key as YNode | null;
    const v = pair.value as YNode | null;
    const start = k?.range ? k.range[0] : v?.range ? v.range[0] : 0;
    const end = v?.range ? v.range[1] : k?.range ? k.range[1] : start;
    return { offset: start, length: Math.max(0, end - start) };
  }

  private isMergeKey(key: unknown): boolean {
    if (!isScalar(key)) return false;
    const v = key.value as unknown;
    if (typeof v === 'symbol') return v.description === '<<';
    return v === '<<' && key.type === Scalar.PLAIN;
  }

  private keyString(key: unknown): string {
    if (key === null || key === undefined) return '';
    if (isScalar(key)) {
      const v = key.value as unknown;
      if (v === null || v === undefined) return '';
      if (typeof v === 'symbol') return v.description ?? '';
      return String(v);
    }
    if (isAlias(key)) {
      this.sawAlias = true;
      const target = this.index.aliases.get(key);
      if (target && !this.expanding.has(target)) {
        this.expanding.add(target);
        try {
          return this.keyString(target);
        } finally {
          this.expanding.delete(target);
        }
      }
      return '';
    }
    const r = (key as YNode).range;
    if (r) return this.text.slice(r[0], r[1]).replace(/\s+/g, ' ').trim();
    return String(key);
  }

  /** Offset of the ':' after a key (skipping blanks, line breaks and comments), if before `limit`. */
  private findColon(from: number, limit: number): number | undefined {
    const t = this.text;
    let i = from;
    while (i < limit && i < t.length) {
      const c = t[i];
      if (c === ':') return i;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        i++;
        continue;
      }
      if (c === '#') {
        while (i < t.length && t[i] !== '\n') i++;
        continue;
      }
      if (c === '"' || c === "'") {
        i++; // closing quote of the key when the key range ends early
        continue;
      }
      return undefined;
    }
    return undefined;
  }

  private mapItems(items: YPair[], obj: ASTNode, override: Span | undefined, depth: number): void {
    const children = obj.children!;
    // Explicit keys win over merged ones.
    const explicit = new Set<string>();
    let hasMerge = false;
    for (const it of items) {
      if (!isPair(it)) continue;
      if (this.isMergeKey(it.key)) hasMerge = true;
      else explicit.add(this.keyString(it.key));
    }
    const merged = new Set<string>();
    for (const it of items) {
      if (!isPair(it)) continue;
      if (hasMerge && this.isMergeKey(it.key)) {
        this.merge(it.value, obj, explicit, merged, override, depth);
        continue;
      }
      children.push(this.pair(it, obj, override, depth));
    }
  }

  private merge(src: unknown, obj: ASTNode, explicit: Set<string>, merged: Set<string>, override: Span | undefined, depth: number): void {
    const sources: unknown[] = isSeq(src) ? src.items : [src];
    for (const s of sources) {
      // Diagnostics for merged properties land on the alias (or inline map) that brought them in.
      const srcSpan = override ?? (s && (s as YNode).range ? this.span(s as YNode, undefined) : undefined);
      const converted = this.convert(s, obj, srcSpan, depth + 1);
      if (!converted || converted.type !== 'object') continue; // the library reports invalid merge sources
      for (const p of converted.children ?? []) {
        const k = String(p.children?.[0]?.value ?? '');
        if (explicit.has(k) || merged.has(k)) continue;
        merged.add(k);
        p.parent = obj;
        obj.children!.push(p);
      }
    }
  }

  private pair(it: YPair, obj: ASTNode, override: Span | undefined, depth: number): ASTNode {
    const keyNode = it.key as YNode | null;
    const valueNode = it.value as YNode | null;
    this.noteMultiline(keyNode);
    const ps = this.pairSpan(it, override);
    const prop: ASTNode = { type: 'property', offset: ps.offset, length: ps.length, parent: obj, children: [] };
    let ks: Span;
    if (override) ks = override;
    else if (keyNode && keyNode.range) ks = this.span(keyNode, undefined);
    else ks = { offset: ps.offset, length: 0 };
    const key: ASTNode = {
      type: 'string',
      offset: ks.offset,
      length: ks.length,
      parent: prop,
      value: this.keyString(keyNode),
      quoted: isScalar(keyNode) && (keyNode.type === Scalar.QUOTE_DOUBLE || keyNode.type === Scalar.QUOTE_SINGLE),
    };
    prop.children!.push(key);
    if (!override) {
      const limit = valueNode?.range ? valueNode.range[0] : this.text.length;
      const colon = this.findColon(keyNode?.range ? keyNode.range[1] : ps.offset, limit);
      if (colon !== undefined) {
        prop.colonOffset = colon;
        if (!valueNode) prop.length = colon + 1 - prop.offset;
      }
    } else prop.colonOffset = override.offset;
    if (valueNode) {
      const v = this.convert(valueNode, prop, override, depth + 1);
      if (v) {
        prop.children!.push(v);
        if (!override) prop.length = Math.max(prop.length, v.offset + v.length - prop.offset);
      }
    }
    return prop;
  }
}

interface DocumentIndex {
  /** Each alias's anchored node, as yaml's `Alias.resolve` finds it (the last such anchor before the alias). */
  aliases: Map<Alias, YNode | undefined>;
  /** Start offsets of repeated mapping keys, in document order. */
  duplicateKeys: number[];
}

/**
 * One pre-order walk per document instead of yaml's per-alias and per-key scans: `Alias.resolve` walks the
 * whole document for every alias, and `uniqueKeys` compares every key with every earlier key of its mapping,
 * both quadratic (issue 10, defect 5: 10k aliases took 38 s, a 40k-key mapping 14 s). The walk visits nodes
 * in `visit()` order (node, then items; pairs key before value), so "last anchor before the alias" is the
 * library's answer; keys are equal as in yaml's `mapIncludes` (same node, or scalars with `===` values, so
 * NaN never repeats and each merge key `<<` is its own symbol). Iterative: no path copies, no recursion.
 */
function indexDocument(doc: Document.Parsed): DocumentIndex {
  const aliases = new Map<Alias, YNode | undefined>();
  const duplicateKeys: number[] = [];
  const anchors = new Map<string, YNode>();
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (isAlias(n)) {
      aliases.set(n, anchors.get(n.source));
      continue;
    }
    if (!isScalar(n) && !isCollection(n)) continue;
    if (n.anchor) anchors.set(n.anchor, n);
    if (!isCollection(n)) continue;
    if (isMap(n)) {
      const seen = new Set<unknown>();
      for (const it of n.items) {
        const k = it.key as unknown;
        const id = isScalar(k) && !(typeof k.value === 'number' && Number.isNaN(k.value)) ? k.value : k;
        if (seen.has(id)) duplicateKeys.push((k as YNode | null)?.range?.[0] ?? 0);
        else seen.add(id);
      }
    }
    for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  return { aliases, duplicateKeys };
}

/**
 * Nesting the library is given at all: it composes recursively and its stack runs out near 900 levels in
 * our converter. CST objects per YAML nesting level are at most four (collection, items, item, value).
 */
const MAX_NESTING = 400;
const MAX_TOKEN_DEPTH = 4 * MAX_NESTING;

/**
 * Offset where more than 5 × MAX_NESTING brackets are open at once, counting every `[`/`{` (even inside
 * strings or comments, so this over-counts and only catches the absurd): a megabyte of `{` costs yaml's
 * CST parser seconds before deepAt could see it.
 */
function unclosedBracketsAt(text: string): number | undefined {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++open > 5 * MAX_NESTING) return i;
    } else if ((c === 93 || c === 125) && open > 0) open--;
  }
  return undefined;
}

/**
 * One iterative walk over a CST token: collects comment ranges (source tokens of type 'comment') and
 * answers the offset of a token nested deeper than MAX_TOKEN_DEPTH objects, if any (then the comments are
 * moot: the document is not checked). One walk, not two: on a megabyte of tiny tokens each walk cost ~0.6 s.
 */
function scanCst(token: unknown, comments: { offset: number; length: number }[]): number | undefined {
  const stack: [unknown, number][] = [[token, 0]];
  let lastOffset = 0;
  while (stack.length) {
    const [t, d] = stack.pop()!;
    const o = (t as { offset?: unknown }).offset;
    if (typeof o === 'number') lastOffset = o;
    if (d > MAX_TOKEN_DEPTH) return lastOffset;
    const rec = t as Record<string, unknown>;
    if (rec.type === 'comment' && typeof o === 'number' && typeof rec.source === 'string') {
      comments.push({ offset: o, length: rec.source.length });
      continue;
    }
    for (const k in rec) {
      const v = rec[k];
      if (v && typeof v === 'object') stack.push([v, d + 1]);
    }
  }
  return undefined;
}

/** Errors and warnings the library may report before we stop listening: a line of 10^6 `"` makes 524,289. */
const MAX_LIBRARY_ERRORS = 1000;
class TooManyErrors extends Error {}

/**
 * Tokens the library may make of a text, over-estimated: every quote, flow or block indicator and line
 * break can start one. The library cannot be interrupted and spends ~1.5 µs per token (a 1 MB ordinary
 * file took 1.4 s, a 1 MB line of `"` 2 s even with the fixes above), so past MAX_YAML_TOKENS it is not called.
 * Ordinary YAML has one such character per ~8 characters: the cap is ~1.2 MB of real config.
 */
export const MAX_YAML_TOKENS = 150_000;

function tokenEstimateOver(text: string, max: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 10: // \n
      case 34: // "
      case 39: // '
      case 44: // ,
      case 45: // -
      case 58: // :
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case 35: // #
      case 38: // &
      case 42: // *
      case 33: // !
        if (++n > max) return true;
    }
  }
  return false;
}

/** Parses YAML (all documents) into the common AST. `root` is the first document's root. Never throws. */
export function parseYaml(text: string): ParseResult & { documents: (ASTNode | undefined)[] } {
  if (text.length > MAX_YAML_TOKENS && tokenEstimateOver(text, MAX_YAML_TOKENS)) {
    const limited = `This file has more than ${MAX_YAML_TOKENS.toLocaleString('en-US')} YAML tokens, too many to check on every keystroke, so it was not checked. Is it really a config file?`;
    return { root: undefined, errors: [], comments: [], documents: [], limited };
  }
  if (text.length >= INCREMENTAL_MIN_LENGTH) {
    const r = parseYamlIncremental(text);
    if (r) return r;
  }
  return parseYamlFull(text);
}

/** Whole-text parse (the reference behaviour; the incremental path must give exactly the same result). */
export function parseYamlFull(text: string): ParseResult & { documents: (ASTNode | undefined)[] } {
  return parseWhole(text).result;
}

function parseWhole(text: string): { result: ParseResult & { documents: (ASTNode | undefined)[] }; sawAlias: boolean; sawMultilinePlain: boolean; range?: [number, number, number] } {
  const errors: ParseError[] = [];
  const comments: { offset: number; length: number }[] = [];
  const documents: (ASTNode | undefined)[] = [];
  let sawAlias = false;
  let sawMultilinePlain = false;
  let range: [number, number, number] | undefined;
  // The library's errors are Error objects: capturing a stack for each of half a million cost ~7 s.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const parser = new Parser();
    // uniqueKeys: false: duplicate keys are found by indexDocument in one pass, with the library's message.
    const composer = new Composer({ merge: true, prettyErrors: false, keepSourceTokens: false, strict: true, uniqueKeys: false });
    const docs: Document.Parsed[] = [];
    const open = unclosedBracketsAt(text);
    if (open !== undefined) {
      errors.push({ code: 'yaml', message: `Nesting deeper than ${MAX_NESTING} levels is not supported; the document was not checked`, offset: open, length: 1 });
      return { result: { root: undefined, errors, comments, documents: [] }, sawAlias, sawMultilinePlain, range };
    }
    const tokens = [...parser.parse(text)];
    for (const tok of tokens) {
      const deep = scanCst(tok, comments);
      if (deep !== undefined) {
        // yaml composes recursively: 65k nested `[` overflow the stack, and when that happens while V8
        // compiles a regular expression the process dies (a fatal "RegExpCompiler" OOM, not a RangeError).
        errors.push({ code: 'yaml', message: `Nesting deeper than ${MAX_NESTING} levels is not supported; the document was not checked`, offset: deep, length: 1 });
        return { result: { root: undefined, errors, comments: [], documents: [] }, sawAlias, sawMultilinePlain, range };
      }
    }
    // Past MAX_LIBRARY_ERRORS the composer is stopped: its errors so far are reported with a notice, and
    // the document gets no tree (nothing is checked beyond syntax in a file that broken).
    const listen = (composer as unknown as { onError: (...args: unknown[]) => void }).onError;
    let heard = 0;
    (composer as unknown as { onError: (...args: unknown[]) => void }).onError = (...args: unknown[]) => {
      if (++heard > MAX_LIBRARY_ERRORS) throw new TooManyErrors();
      listen(...args);
    };
    try {
      for (const d of composer.compose(tokens, true, text.length)) docs.push(d as Document.Parsed);
    } catch (e) {
      if (!(e instanceof TooManyErrors)) throw e;
      for (const e of [...(composer as unknown as { errors: { message: string; pos?: [number, number] }[] }).errors, ...docs.flatMap((d) => d.errors)].slice(0, MAX_LIBRARY_ERRORS)) {
        errors.push({ code: 'yaml', message: e.message, offset: e.pos?.[0] ?? 0, length: Math.max(0, (e.pos?.[1] ?? 0) - (e.pos?.[0] ?? 0)) });
      }
      errors.sort((a, b) => a.offset - b.offset);
      errors.push({ code: 'yaml', message: `More than ${MAX_LIBRARY_ERRORS} YAML errors; the document was not checked further`, offset: errors[errors.length - 1]?.offset ?? 0, length: 0 });
      comments.sort((a, b) => a.offset - b.offset);
      return { result: { root: undefined, errors, comments, documents: [] }, sawAlias, sawMultilinePlain, range };
    }
    for (const d of docs) {
      const index = indexDocument(d);
      const found = d.errors.map((e) => ({ code: 'yaml' as const, message: e.message, offset: e.pos?.[0] ?? 0, length: Math.max(0, (e.pos?.[1] ?? 0) - (e.pos?.[0] ?? 0)) }));
      for (const e of withDuplicateKeys(found, index.duplicateKeys)) errors.push(e);
      for (const e of d.warnings) {
        const [start, end] = e.pos ?? [0, 0];
        errors.push({ code: 'yaml', message: e.message, offset: start, length: Math.max(0, end - start) });
      }
      const conv = new Converter(text, index, errors);
      const c = d.contents;
      // An empty document (`---` with nothing, or only comments) has a zero-length null scalar: no root.
      const empty = !c || (isScalar(c) && c.value === null && (!c.range || c.range[1] === c.range[0]));
      documents.push(empty ? undefined : conv.convert(c, undefined, undefined));
      if (conv.sawAlias) sawAlias = true;
      if (conv.sawMultilinePlain) sawMultilinePlain = true;
      if (!range && c?.range) range = c.range;
    }
  } catch (e) {
    errors.push({ code: 'yaml', message: `Internal YAML parser error: ${String(e)}`, offset: 0, length: 0 });
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  comments.sort((a, b) => a.offset - b.offset);
  return { result: { root: documents[0], errors, comments, documents }, sawAlias, sawMultilinePlain, range };
}

/**
 * The library reports a repeated key while composing, in document order among its other errors; merging by
 * offset puts ours where it would have (an error at the same offset raised earlier stays first).
 */
function withDuplicateKeys(errors: ParseError[], duplicates: number[]): ParseError[] {
  if (!duplicates.length) return errors;
  const out: ParseError[] = [];
  let j = 0;
  for (const e of errors) {
    while (j < duplicates.length && duplicates[j] < e.offset) out.push(duplicateKeyError(duplicates[j++]));
    out.push(e);
  }
  while (j < duplicates.length) out.push(duplicateKeyError(duplicates[j++]));
  return out;
}

function duplicateKeyError(offset: number): ParseError {
  return { code: 'yaml', message: 'Map keys must be unique', offset, length: 1 };
}

// ---------------------------------------------------------------------------------------------
// Incremental parsing: an edit re-parses only the entry it touched.
//
// A large config is a mapping of sections (`receivers:`, `processors:` …) whose values are mappings of
// entries (one component each). Each section entry (level 2), or a whole section when it cannot be split,
// is parsed on its own and cached by its exact text; an edit then costs one small parse plus copying the
// cached, offset-shifted trees. This is only done where it provably gives the whole-text result:
//  - a single document (no `---`/`...`/directives), no tabs in indentation, no CR, no BOM;
//  - top-level lines start with a plain or quoted key; section entries sit at one indentation and every
//    other non-comment line of the section is indented deeper, so no YAML construct crosses a boundary
//    except comments and blank lines, which have no meaning;
//  - every piece parses without any error or warning into a one-pair mapping, uses no alias (aliases may
//    point into another piece) and no multi-line plain scalar (one may run on into the next piece's first
//    line), and keys are unique at both levels (what `uniqueKeys` would report).
//  test/unit/parser/yaml-incremental.test.ts compares both paths on thousands of randomly edited configs.
// Anything else (including any syntax error while typing) re-parses the whole text as before, so errors
// and their positions are always the library's own.
// ---------------------------------------------------------------------------------------------

const INCREMENTAL_MIN_LENGTH = 8 * 1024;
const CACHE_MAX_ENTRIES = 20_000;

interface Piece {
  /** The cache key: a copy of the piece's text, not a slice of any document. */
  key: string;
  /** The piece's single property, offsets relative to the piece's start, no parent. */
  prop: ASTNode;
  comments: { offset: number; length: number }[];
  /**
   * The piece's one-pair mapping ends (yaml's node range): `valueEnd` (= its value's node end, what an
   * enclosing mapping's value end becomes when this is its last entry) and `nodeEnd` (with trailing comments).
   */
  valueEnd: number;
  nodeEnd: number;
}

const pieceCache = new Map<string, Piece>();
/**
 * Characters of piece text held: bounded too, since one piece can be megabytes. Each cached character keeps
 * ~17 bytes of tree alive, so 1 M characters (several large configs open at once) is ~17 MB of heap; at 8 M the
 * fuzzer saw the live heap climb past 60 MB.
 */
const CACHE_MAX_CHARS = 1024 * 1024;
let pieceCacheChars = 0;

function parsePiece(slice: string): Piece | undefined {
  const hit = pieceCache.get(slice);
  if (hit) {
    // keep recently used pieces at the end (LRU by insertion order), under the entry's own flat key: the
    // lookup key is cut from this document and would keep the whole of it alive
    pieceCache.delete(slice);
    pieceCache.set(hit.key, hit);
    return hit;
  }
  // Parsed from a copy, so neither the key nor the tree's strings keep the whole document alive.
  const src = slice.length > CACHE_MAX_CHARS / 4 ? slice : flatCopy(slice);
  const { result, sawAlias, sawMultilinePlain, range } = parseWhole(src);
  const root = result.root;
  if (sawAlias || sawMultilinePlain || !range || result.errors.length || result.documents.length !== 1 || root?.type !== 'object' || root.children?.length !== 1) return undefined;
  const prop = root.children[0];
  prop.parent = undefined;
  const piece: Piece = { key: src, prop, comments: result.comments, valueEnd: range[1], nodeEnd: range[2] };
  if (src.length > CACHE_MAX_CHARS / 4) return piece;
  if (pieceCache.size >= CACHE_MAX_ENTRIES || pieceCacheChars + src.length > CACHE_MAX_CHARS) {
    let drop = Math.max(pieceCache.size >> 2, 1);
    for (const k of pieceCache.keys()) {
      pieceCache.delete(k);
      pieceCacheChars -= k.length;
      if (--drop <= 0 && pieceCacheChars + src.length <= CACHE_MAX_CHARS) break;
    }
  }
  pieceCache.set(src, piece);
  pieceCacheChars += src.length;
  return piece;
}

/** Deep copy of a cached node with offsets moved by `delta` (cached trees are never handed out). */
function shifted(n: ASTNode, parent: ASTNode | undefined, delta: number): ASTNode {
  const c: ASTNode = { type: n.type, offset: n.offset + delta, length: n.length, parent };
  if (n.children) c.children = n.children.map((ch) => shifted(ch, c, delta));
  if ('value' in n) c.value = n.value;
  if (n.colonOffset !== undefined) c.colonOffset = n.colonOffset + delta;
  if ('quoted' in n) c.quoted = n.quoted;
  return c;
}

/** Plain keys whose scalar value is the key text itself (not a bool/null/number of the core schema). */
const PLAIN_SECTION_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):[ ]*(?:#.*)?$/;
const CORE_SCALAR_WORDS = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** A line that can start a mapping entry: a plain key starting with a letter/underscore, or a quoted key. */
const ENTRY_START = /[A-Za-z_"']/;

function isBlankOrComment(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) continue;
    return c === 35; // '#'
  }
  return true;
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

export function parseYamlIncremental(text: string): (ParseResult & { documents: (ASTNode | undefined)[] }) | undefined {
  if (text.charCodeAt(0) === 0xfeff || text.includes('\r') || /^(?:---|\.\.\.)(?:\s|$)|^%|^ *\t/m.test(text)) return undefined;
  const lines = text.split('\n');
  const starts: number[] = new Array(lines.length);
  for (let i = 0, o = 0; i < lines.length; i++) {
    starts[i] = o;
    o += lines[i].length + 1;
  }
  const lineEnd = (i: number) => (i < lines.length ? starts[i] : text.length); // start of line i = end of the piece before it

  // Level 1: sections start at column-0 keys; `-` at column 0 continues the previous section's value.
  const sections: number[] = []; // line index of each section's key line
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlankOrComment(line)) continue;
    if (line.charCodeAt(0) === 32) {
      if (!sections.length) return undefined; // content before the first top-level key
      continue;
    }
    if (line[0] === '-' && sections.length && (line.length === 1 || line[1] === ' ')) continue;
    if (!ENTRY_START.test(line[0])) return undefined;
    sections.push(i);
  }
  if (!sections.length) return undefined;
  // A repeated top-level key sends the text to the whole parse anyway: find it before parsing any piece
  // (a first open parsed 10,000 pieces cold, then the whole text).
  const plainKeys = new Set<string>();
  for (const i of sections) {
    const k = PLAIN_SECTION_KEY.exec(lines[i])?.[1];
    if (k === undefined) continue;
    if (plainKeys.has(k)) return undefined;
    plainKeys.add(k);
  }

  const props: ASTNode[] = [];
  const comments: { offset: number; length: number }[] = [];
  const root: ASTNode = { type: 'object', offset: 0, length: 0, children: props };
  const topKeys = new Set<string>();
  let valueEnd = 0;
  for (let s = 0; s < sections.length; s++) {
    const from = s === 0 ? 0 : sections[s];
    const keyLine = sections[s];
    const to = s + 1 < sections.length ? sections[s + 1] : lines.length;
    const sec = section(lines, starts, lineEnd, text, from, keyLine, to, comments);
    if (!sec) return undefined;
    const prop = sec.prop;
    valueEnd = sec.valueEnd;
    const key = String(prop.children![0].value);
    if (topKeys.has(key)) return undefined;
    topKeys.add(key);
    prop.parent = root;
    props.push(prop);
  }
  root.offset = props[0].offset;
  // yaml's mapping ends where its last value's node ends (see resolve-block-map: range[1] = last value's range[2]).
  root.length = valueEnd - root.offset;
  comments.sort((a, b) => a.offset - b.offset);
  return { root, errors: [], comments, documents: [root] };
}

/** One top-level entry (lines from..to, key on keyLine): split into its own entries when possible. */
function section(
  lines: string[],
  starts: number[],
  lineEnd: (i: number) => number,
  text: string,
  from: number,
  keyLine: number,
  to: number,
  comments: { offset: number; length: number }[],
): { prop: ASTNode; valueEnd: number } | undefined {
  const whole = (): { prop: ASTNode; valueEnd: number } | undefined => {
    const base = starts[from];
    const piece = parsePiece(text.slice(base, lineEnd(to)));
    if (!piece) return undefined;
    for (const c of piece.comments) comments.push({ offset: c.offset + base, length: c.length });
    return { prop: shifted(piece.prop, undefined, base), valueEnd: base + piece.valueEnd };
  };
  const m = PLAIN_SECTION_KEY.exec(lines[keyLine]);
  if (!m || CORE_SCALAR_WORDS.test(m[1])) return whole();
  // Entries: lines at the indentation of the first content line; everything else deeper (or comments).
  let indent = -1;
  const entries: number[] = [];
  for (let i = keyLine + 1; i < to; i++) {
    const line = lines[i];
    if (isBlankOrComment(line)) continue;
    const ind = indentOf(line);
    if (indent < 0) {
      if (ind === 0 || !ENTRY_START.test(line[ind])) return whole();
      indent = ind;
    }
    if (ind < indent) return whole();
    if (ind === indent) {
      if (line[ind] === '-' && entries.length && (line.length === ind + 1 || line[ind + 1] === ' ')) continue; // `key:\n  - item`
      if (!ENTRY_START.test(line[ind])) return whole();
      entries.push(i);
    }
  }
  if (entries.length < 2) return whole();
  // Comments on the section's own lines (before the first entry) belong to the first entry's piece.
  for (let i = from; i <= keyLine; i++) {
    const line = lines[i];
    const hash = i === keyLine ? line.indexOf('#') : isBlankOrComment(line) ? line.indexOf('#') : -1;
    if (hash >= 0) comments.push({ offset: starts[i] + hash, length: line.length - hash });
  }
  const keyStart = starts[keyLine];
  const key: ASTNode = { type: 'string', offset: keyStart, length: m[1].length, value: m[1], quoted: false };
  const obj: ASTNode = { type: 'object', offset: 0, length: 0, children: [] };
  const prop: ASTNode = { type: 'property', offset: keyStart, length: 0, children: [key, obj], colonOffset: keyStart + m[1].length };
  key.parent = prop;
  obj.parent = prop;
  const seen = new Set<string>();
  let end1 = 0;
  let end2 = 0;
  for (let e = 0; e < entries.length; e++) {
    const a = e === 0 ? keyLine + 1 : entries[e];
    const b = e + 1 < entries.length ? entries[e + 1] : to;
    const base = starts[a];
    // The next entry's indentation is part of this entry's context (yaml lets a node end after the blanks
    // that precede the next token), so the piece includes it.
    const piece = parsePiece(text.slice(base, lineEnd(b) + (b < to ? indent : 0)));
    if (!piece) return undefined;
    const k = String(piece.prop.children![0].value);
    if (seen.has(k)) return undefined;
    seen.add(k);
    for (const c of piece.comments) comments.push({ offset: c.offset + base, length: c.length });
    obj.children!.push(shifted(piece.prop, obj, base));
    end1 = base + piece.valueEnd;
    end2 = base + piece.nodeEnd;
  }
  obj.offset = obj.children![0].offset;
  obj.length = end1 - obj.offset;
  prop.length = end1 - keyStart;
  return { prop, valueEnd: end2 };
}
