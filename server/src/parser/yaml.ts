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
import { registerCache } from '../cacheFill';

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

/**
 * Parses YAML (all documents) into the common AST. `root` is the first document's root. Never throws.
 */
export function parseYaml(text: string, lineage?: ParseLineage): ParseResult & { documents: (ASTNode | undefined)[] } {
  if (lineage?.last?.text === text) return lineage.last.result;
  missedChars = 0;
  if (text.length > MAX_YAML_TOKENS && tokenEstimateOver(text, MAX_YAML_TOKENS)) {
    lineage?.reset();
    const limited = `This file has more than ${MAX_YAML_TOKENS.toLocaleString('en-US')} YAML tokens, too many to check on every keystroke, so it was not checked. Is it really a config file?`;
    return { root: undefined, errors: [], comments: [], documents: [], limited };
  }
  let result = text.length >= INCREMENTAL_MIN_LENGTH && !wholeFirst(text, lineage) ? parseYamlIncremental(text, lineage) : undefined;
  if (!result) {
    lineage?.reset();
    result = parseYamlFull(text);
  }
  if (lineage) lineage.last = { text, result };
  return result;
}

/**
 * The split parse gives up at the first piece with a syntax error and the whole parse decides, so a broken text
 * costs the pieces before the error plus the whole text. Bound one parse to one whole parse: while the previous
 * version in this lineage had errors the text goes to the whole parse directly (its pieces were cached before
 * the error appeared, so typing is incremental again one version after the fix), and so does the first version of a large
 * text, where nothing is cached to make pieces cheaper (the fuzzer found a first open of a 138 KB text with an
 * error near its end at 1.3 s of CPU). The first edit of a large clean file then parses its pieces once.
 */
const WHOLE_FIRST_MIN_LENGTH = 64 * 1024;

function wholeFirst(text: string, lineage: ParseLineage | undefined): boolean {
  // Without a lineage only the piece cache makes pieces pay, and a text larger than the cache cannot be held
  // there: each parse would pay every piece's own cost again (the fuzzer's 2.1 MB collector file above
  // maxFileSize: 1.6 s of CPU per version in pieces, 0.4 s whole). A lineage reuses its pieces by place instead.
  if (!lineage) return text.length > CACHE_MAX_CHARS;
  if (!lineage.last) return text.length >= WHOLE_FIRST_MIN_LENGTH;
  return lineage.last.result.errors.length > 0;
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
// A large config is a mapping of sections (`receivers:`, `processors:`, `groups:` …) whose values are
// block collections: mappings of entries (one component each) or sequences of items (one rule group each),
// nested further where they are large (a group's `rules:`, a PrometheusRule's `spec:` → `groups:`). Each
// entry or item, or a whole section when it cannot be split, is parsed on its own and cached by its exact
// text; an edit then costs one small parse plus copying the cached, offset-shifted trees. This is only done
// where it provably gives the whole-text result:
//  - a single document (no `---`/`...`/directives), no tabs in indentation, no CR, no BOM;
//  - top-level lines start with a plain or quoted key; the entries (or `- ` items) of a split collection
//    sit at one indentation and every other non-comment line of it is indented deeper, so no YAML construct
//    crosses a boundary except comments and blank lines, which have no meaning;
//  - a split below the top level has no trailing comment indented less than its entries (column 0 aside):
//    the library moves such comments to an enclosing collection, whose end then lies past the last piece's;
//  - every piece parses without any error or warning into a one-pair mapping or one-item sequence, uses no
//    alias (aliases may point into another piece) and no multi-line plain scalar (one may run on into the
//    next piece's first line), and keys are unique in every split mapping (what `uniqueKeys` would report).
//  test/unit/parser/yaml-incremental.test.ts compares both paths on thousands of randomly edited configs.
// Anything else (including any syntax error while typing) re-parses the whole text as before, so errors
// and their positions are always the library's own.
// ---------------------------------------------------------------------------------------------

const INCREMENTAL_MIN_LENGTH = 8 * 1024;
/** Below the top level, an entry or item is split further only when it is at least this long. */
const SPLIT_MIN_CHARS = 2048;
const MAX_SPLIT_DEPTH = 12;
const CACHE_MAX_ENTRIES = 20_000;

interface Piece {
  /** The piece's single pair (a one-pair mapping) or item (a one-item sequence), offsets relative to the piece's start, no parent. */
  node: ASTNode;
  kind: 'object' | 'array';
  /** Where the piece's collection starts: the key, or the item's `-`. */
  start: number;
  comments: { offset: number; length: number }[];
  /**
   * The piece's collection ends (yaml's node range): `valueEnd` (= its last node's end, what an enclosing
   * collection's end becomes when this is its last entry) and `nodeEnd` (with trailing comments).
   */
  valueEnd: number;
  nodeEnd: number;
  /** `clock` when last used, for eviction. */
  used: number;
}

const pieceCache = new Map<string, Piece>();
/**
 * Characters of piece text held: bounded too, since one piece can be megabytes. Each cached character keeps
 * ~17 bytes of tree alive, so 1 M characters (several large configs open at once) is ~17 MB of heap; at 8 M the
 * fuzzer saw the live heap climb past 60 MB.
 */
const CACHE_MAX_CHARS = 1024 * 1024;
let pieceCacheChars = 0;
let pieceEvictions = 0;
registerCache(
  () => ({ name: 'yaml pieces', entries: pieceCache.size, maxEntries: CACHE_MAX_ENTRIES, chars: pieceCacheChars, maxChars: CACHE_MAX_CHARS, evictions: pieceEvictions }),
  () => {
    pieceCache.clear();
    pieceCacheChars = 0;
  },
);
/** Characters the last incremental parse had to parse (cache misses): how much of the text one edit costs. */
let missedChars = 0;

export function lastIncrementalParsedChars(): number {
  return missedChars;
}

/** Use stamps instead of re-inserting on every hit: a 1,000-rule file has thousands of hits per keystroke. */
let clock = 0;

function parsePiece(slice: string): Piece | undefined {
  const hit = pieceCache.get(slice);
  if (hit) {
    hit.used = ++clock;
    return hit;
  }
  missedChars += slice.length;
  // Parsed from a copy, so neither the cache key nor the tree's strings keep the whole document alive (V8 keeps
  // a slice as a pointer into its parent).
  const src = slice.length > CACHE_MAX_CHARS / 4 ? slice : flatCopy(slice);
  const { result, sawAlias, sawMultilinePlain, range } = parseWhole(src);
  const root = result.root;
  if (sawAlias || sawMultilinePlain || !range || result.errors.length || result.documents.length !== 1) return undefined;
  if ((root?.type !== 'object' && root?.type !== 'array') || root.children?.length !== 1) return undefined;
  const node = root.children[0];
  node.parent = undefined;
  const piece: Piece = { node, kind: root.type, start: root.offset, comments: result.comments, valueEnd: range[1], nodeEnd: range[2], used: ++clock };
  if (src.length > CACHE_MAX_CHARS / 4) return piece;
  if (pieceCache.size >= CACHE_MAX_ENTRIES || pieceCacheChars + src.length > CACHE_MAX_CHARS) evict(src.length);
  pieceCache.set(src, piece);
  pieceCacheChars += src.length;
  return piece;
}

/** Drops the least recently used quarter of the pieces (or more, until `room` characters fit). */
function evict(room: number): void {
  pieceEvictions++;
  const byAge = [...pieceCache].sort((a, b) => a[1].used - b[1].used);
  let drop = Math.max(pieceCache.size >> 2, 1);
  for (const [k] of byAge) {
    pieceCache.delete(k);
    pieceCacheChars -= k.length;
    if (--drop <= 0 && pieceCacheChars + room <= CACHE_MAX_CHARS) break;
  }
}

/** Moves a subtree by `delta`, in place (a copy handed out by the previous parse of the same lineage). */
function moveBy(n: ASTNode, delta: number): void {
  n.offset += delta;
  if (n.colonOffset !== undefined) n.colonOffset += delta;
  const kids = n.children;
  if (kids) for (let i = 0; i < kids.length; i++) moveBy(kids[i], delta);
}

/**
 * Successive parses of one document. Copying every cached piece on every keystroke is most of the cost on a
 * 1,000-rule file (and its garbage most of the rest), so a parse in a lineage takes the copies the previous
 * parse of that lineage handed out, moves them in place and links them into the new tree. A parse therefore
 * invalidates the previous result of its lineage: pass one only where the previous version's tree is no longer
 * read (the language service replaces a document's analysis with each version). The same text again gets
 * the same result.
 */
export class ParseLineage {
  /** @internal Copies handed out by the previous parse, by piece. */
  prev = new Map<Piece, ASTNode[]>();
  /** @internal Copies handed out by this parse. */
  next = new Map<Piece, ASTNode[]>();
  /** @internal */
  last?: { text: string; result: ParseResult & { documents: (ASTNode | undefined)[] } };
  /**
   * @internal The previous parse's pieces by start offset. One edit leaves the pieces before it where they were
   * and moves those after it by the change in length, so most pieces are found by comparing their text with the
   * one piece at that place instead of hashing every piece's text for the cache.
   */
  prevAt = new Map<number, { src: string; piece: Piece }>();
  nextAt = new Map<number, { src: string; piece: Piece }>();
  prevLength = 0;

  /** @internal A parse that did not finish left moved copies behind: none of them is reused. */
  reset(): void {
    this.prev = new Map();
    this.next = new Map();
    this.prevAt = new Map();
    this.nextAt = new Map();
    this.last = undefined;
  }

  /** @internal The previous parse's piece with exactly this text at this place (or moved by the edit), if any. */
  find(start: number, src: string, textLength: number): Piece | undefined {
    const here = this.prevAt.get(start);
    const hit = here && here.src === src ? here : this.prevAt.get(start - (textLength - this.prevLength));
    if (!hit || hit.src !== src) return undefined;
    hit.piece.used = ++clock;
    return hit.piece;
  }

  /** @internal */
  remember(start: number, src: string, piece: Piece): void {
    this.nextAt.set(start, { src, piece });
  }

  /** @internal */
  copy(p: Piece, base: number): ASTNode {
    const old = this.prev.get(p)?.pop();
    let node: ASTNode;
    if (old) {
      const delta = base + p.node.offset - old.offset;
      if (delta) moveBy(old, delta);
      node = old;
    } else node = shifted(p.node, undefined, base);
    const list = this.next.get(p);
    if (list) list.push(node);
    else this.next.set(p, [node]);
    return node;
  }

  /** @internal */
  finish(textLength: number): void {
    this.prev = this.next;
    this.next = new Map();
    this.prevAt = this.nextAt;
    this.nextAt = new Map();
    this.prevLength = textLength;
  }
}

/** Deep copy of a cached node with offsets moved by `delta` (cached trees are never handed out). Leaves are scalars, which always carry `value`. */
function shifted(n: ASTNode, parent: ASTNode | undefined, delta: number): ASTNode {
  const kids = n.children;
  if (!kids) {
    const leaf: ASTNode = { type: n.type, offset: n.offset + delta, length: n.length, parent, value: n.value };
    if (n.quoted !== undefined) leaf.quoted = n.quoted;
    return leaf;
  }
  const c: ASTNode = { type: n.type, offset: n.offset + delta, length: n.length, parent, children: [] };
  if (n.colonOffset !== undefined) c.colonOffset = n.colonOffset + delta;
  const out = c.children!;
  for (let i = 0; i < kids.length; i++) out.push(shifted(kids[i], c, delta));
  return c;
}

/** Plain keys whose scalar value is the key text itself (not a bool/null/number of the core schema). */
/** A plain mapping key at the start of a line (after its indentation), where it certainly is one. */
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?:[ \t]|$)/;
/** Thrown inside the splitter when a mapping repeats a plain key: the whole parse decides then. */
const REPEATED_KEY = Symbol('repeated key');
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

/** `- ` (or a lone `-`) at column `at`. */
function isItemAt(line: string, at: number): boolean {
  return line.charCodeAt(at) === 45 && (line.length === at + 1 || line.charCodeAt(at + 1) === 32);
}

/** One split entry or item, offsets into the whole text; its ends as in `Piece`. */
interface Part {
  node: ASTNode;
  start: number;
  valueEnd: number;
  nodeEnd: number;
}

class Splitter {
  readonly lines: string[];
  readonly starts: number[];
  /** Each line's indentation, -1 for a blank or comment line: the splitter walks the lines once per level. */
  readonly indents: Int32Array;
  readonly comments: { offset: number; length: number }[] = [];

  constructor(
    readonly text: string,
    private readonly lineage: ParseLineage | undefined,
  ) {
    this.lines = text.split('\n');
    this.starts = new Array(this.lines.length);
    this.indents = new Int32Array(this.lines.length);
    for (let i = 0, o = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      this.starts[i] = o;
      o += line.length + 1;
      const ind = indentOf(line);
      this.indents[i] = ind === line.length || line.charCodeAt(ind) === 35 ? -1 : ind;
    }
  }

  /**
   * Where a region ending before line `to` ends: the start of line `to` plus its indentation. The next
   * entry's indentation is part of this entry's context (yaml lets a node end after the blanks that precede
   * the next token), so the piece includes it.
   */
  endOf(to: number): number {
    return to < this.lines.length ? this.starts[to] + indentOf(this.lines[to]) : this.text.length;
  }

  /** Lines from..to parsed as one piece: a one-pair mapping or a one-item sequence. */
  piece(from: number, to: number, kind: 'object' | 'array'): Part | undefined {
    const base = this.starts[from];
    const src = this.text.slice(base, this.endOf(to));
    const lineage = this.lineage;
    const p = lineage?.find(base, src, this.text.length) ?? parsePiece(src);
    if (!p || p.kind !== kind) return undefined;
    lineage?.remember(base, src, p);
    for (const c of p.comments) this.comments.push({ offset: c.offset + base, length: c.length });
    return { node: this.lineage ? this.lineage.copy(p, base) : shifted(p.node, undefined, base), start: base + p.start, valueEnd: base + p.valueEnd, nodeEnd: base + p.nodeEnd };
  }

  /** Comments on lines from..last (blank or comment lines, then `last`'s own trailing comment), which no piece covers. */
  headComments(from: number, last: number): void {
    for (let i = from; i <= last; i++) {
      const line = this.lines[i];
      const hash = i === last || isBlankOrComment(line) ? line.indexOf('#') : -1;
      if (hash >= 0) this.comments.push({ offset: this.starts[i] + hash, length: line.length - hash });
    }
  }

  /**
   * The mapping entry on line `keyLine` (its region is lines from..to): split into its value's entries or
   * items when `key:` stands alone on its line and the value is large, else one piece.
   */
  entry(from: number, keyLine: number, to: number, depth: number, top: boolean): Part | undefined {
    const m = PLAIN_SECTION_KEY.exec(this.lines[keyLine].slice(indentOf(this.lines[keyLine])));
    if (m && !CORE_SCALAR_WORDS.test(m[1]) && depth < MAX_SPLIT_DEPTH && (top || this.endOf(to) - this.starts[keyLine] >= SPLIT_MIN_CHARS)) {
      const value = this.collection(keyLine, to, indentOf(this.lines[keyLine]), depth + 1, top);
      if (value) {
        this.headComments(from, keyLine);
        const keyStart = this.starts[keyLine] + indentOf(this.lines[keyLine]);
        const key: ASTNode = { type: 'string', offset: keyStart, length: m[1].length, value: m[1], quoted: false };
        const prop: ASTNode = { type: 'property', offset: keyStart, length: value.node.offset + value.node.length - keyStart, children: [key, value.node], colonOffset: keyStart + m[1].length };
        key.parent = prop;
        value.node.parent = prop;
        // The one-pair mapping ends where its value's node ends (trailing comments included).
        return { node: prop, start: keyStart, valueEnd: value.nodeEnd, nodeEnd: value.nodeEnd };
      }
    }
    return this.piece(from, to, 'object');
  }

  /**
   * The block collection on lines after..to (after line `after`, the key line or item line that holds it),
   * split at its entries or items; `outer` is the indentation of that key. undefined when it cannot be split.
   * `top`: the value of a top-level section, whose trailing comments the library moves out to the document.
   */
  collection(after: number, to: number, outer: number, depth: number, top: boolean): Part | undefined {
    const lines = this.lines;
    let indent = -1;
    let seq = false;
    const heads: number[] = [];
    let lastContent = -1;
    for (let i = after + 1; i < to; i++) {
      const ind = this.indents[i];
      if (ind < 0) continue;
      const line = lines[i];
      lastContent = i;
      if (indent < 0) {
        seq = isItemAt(line, ind);
        // A sequence may sit at its key's indentation; a mapping must be deeper.
        if (seq ? ind < outer : ind <= outer || !ENTRY_START.test(line[ind])) return undefined;
        indent = ind;
      }
      if (ind < indent) return undefined;
      if (ind > indent) continue;
      if (seq) {
        if (!isItemAt(line, ind)) return undefined;
        heads.push(i);
      } else {
        if (isItemAt(line, ind) && heads.length) continue; // `key:\n  - item` at the key's indentation
        if (!ENTRY_START.test(line[ind])) return undefined;
        heads.push(i);
      }
    }
    if (!heads.length) return undefined;
    if (!top && this.commentsEscape(lastContent, to, indent)) return undefined;
    if (!seq) {
      // A repeated key sends the whole text to the whole parse: find it before parsing any entry (a first open of
      // a 10,000-key section with a repeat at its end parsed every piece cold, then the whole text).
      const keys = new Set<string>();
      for (const h of heads) {
        const k = PLAIN_KEY.exec(lines[h].slice(indent))?.[1];
        if (k === undefined) continue;
        if (keys.has(k)) throw REPEATED_KEY;
        keys.add(k);
      }
    }
    const node: ASTNode = { type: seq ? 'array' : 'object', offset: 0, length: 0, children: [] };
    const seen = new Set<string>();
    let first: Part | undefined;
    let last: Part | undefined;
    for (let e = 0; e < heads.length; e++) {
      const from = e === 0 ? after + 1 : heads[e];
      const end = e + 1 < heads.length ? heads[e + 1] : to;
      const part = seq ? this.item(from, heads[e], end, indent, depth) : this.entry(from, heads[e], end, depth, false);
      if (!part) return undefined;
      if (!seq) {
        const k = String(part.node.children![0].value);
        if (seen.has(k)) return undefined;
        seen.add(k);
      }
      part.node.parent = node;
      node.children!.push(part.node);
      first ??= part;
      last = part;
    }
    node.offset = seq ? first!.start : first!.node.offset;
    node.length = last!.valueEnd - node.offset;
    return { node, start: node.offset, valueEnd: last!.valueEnd, nodeEnd: last!.nodeEnd };
  }

  /**
   * True when a comment line after the collection's last content line is indented less than its entries but
   * not at column 0: the library may hand such comments to an enclosing collection, whose end they then set.
   * Column-0 comments travel on to the document (yaml's Parser#pop), where they end nothing.
   */
  commentsEscape(lastContent: number, to: number, indent: number): boolean {
    for (let i = lastContent + 1; i < to; i++) {
      const line = this.lines[i];
      const ind = indentOf(line);
      if (ind < line.length && ind > 0 && ind < indent) return true;
    }
    return false;
  }

  /**
   * The sequence item on line `dashLine` (region from..to, `-` at column `indent`): a large item whose value
   * is a block mapping starting on the dash line (`- name: x` / `  rules:`) is split at that mapping's
   * entries, the first one parsed together with the dash; anything else is one piece.
   */
  item(from: number, dashLine: number, to: number, indent: number, depth: number): Part | undefined {
    const whole = () => this.piece(from, to, 'array');
    if (depth >= MAX_SPLIT_DEPTH || this.endOf(to) - this.starts[dashLine] < SPLIT_MIN_CHARS) return whole();
    const lines = this.lines;
    const mapIndent = indentOf(lines[dashLine].slice(indent + 1)) + indent + 1;
    if (mapIndent === indent + 1 || !ENTRY_START.test(lines[dashLine][mapIndent] ?? '')) return whole();
    const heads = [dashLine];
    let lastContent = dashLine;
    for (let i = dashLine + 1; i < to; i++) {
      const ind = this.indents[i];
      if (ind < 0) continue;
      const line = lines[i];
      lastContent = i;
      if (ind < mapIndent) return whole();
      if (ind > mapIndent) continue;
      if (isItemAt(line, ind)) continue; // `key:\n  - item` at the key's indentation
      if (!ENTRY_START.test(line[ind])) return whole();
      heads.push(i);
    }
    if (heads.length < 2 || this.commentsEscape(lastContent, to, mapIndent)) return whole();
    // The first entry with its dash: a one-item sequence holding a one-pair mapping.
    const head = this.piece(from, heads[1], 'array');
    if (!head || head.node.type !== 'object' || head.node.children?.length !== 1) return undefined;
    // A new mapping around the head's pair: the head's own copy stays as cached (a lineage reuses it).
    const pair = head.node.children[0];
    const map: ASTNode = { type: 'object', offset: head.node.offset, length: 0, children: [pair] };
    pair.parent = map;
    const seen = new Set<string>([String(pair.children![0].value)]);
    let last: Part = head;
    for (let e = 1; e < heads.length; e++) {
      const part = this.entry(heads[e], heads[e], e + 1 < heads.length ? heads[e + 1] : to, depth, false);
      if (!part) return undefined;
      const k = String(part.node.children![0].value);
      if (seen.has(k)) return undefined;
      seen.add(k);
      part.node.parent = map;
      map.children!.push(part.node);
      last = part;
    }
    // The item's mapping ends where its last entry's one-pair mapping does; the item (and a sequence ending
    // with it) ends there too, trailing comments included.
    map.length = last.valueEnd - map.offset;
    return { node: map, start: head.start, valueEnd: last.nodeEnd, nodeEnd: last.nodeEnd };
  }
}

export function parseYamlIncremental(text: string, lineage?: ParseLineage): (ParseResult & { documents: (ASTNode | undefined)[] }) | undefined {
  missedChars = 0;
  const r = splitParse(text, lineage);
  if (r) lineage?.finish(text.length);
  else lineage?.reset();
  return r;
}

function splitParse(text: string, lineage: ParseLineage | undefined): (ParseResult & { documents: (ASTNode | undefined)[] }) | undefined {
  if (text.charCodeAt(0) === 0xfeff || text.includes('\r') || /^(?:---|\.\.\.)(?:\s|$)|^%|^ *\t/m.test(text)) return undefined;
  const sp = new Splitter(text, lineage);
  const lines = sp.lines;

  // Level 1: sections start at column-0 keys; `-` at column 0 continues the previous section's value.
  const sections: number[] = []; // line index of each section's key line
  for (let i = 0; i < lines.length; i++) {
    const ind = sp.indents[i];
    if (ind < 0) continue;
    const line = lines[i];
    if (ind > 0) {
      if (!sections.length) return undefined; // content before the first top-level key
      continue;
    }
    if (isItemAt(line, 0) && sections.length) continue;
    if (!ENTRY_START.test(line[0])) return undefined;
    sections.push(i);
  }
  if (!sections.length) return undefined;
  // A repeated top-level key sends the text to the whole parse anyway: find it before parsing any piece
  // (a first open parsed 10,000 pieces cold, then the whole text).
  const plainKeys = new Set<string>();
  for (const i of sections) {
    const k = PLAIN_KEY.exec(lines[i])?.[1];
    if (k === undefined) continue;
    if (plainKeys.has(k)) return undefined;
    plainKeys.add(k);
  }

  const props: ASTNode[] = [];
  const root: ASTNode = { type: 'object', offset: 0, length: 0, children: props };
  const topKeys = new Set<string>();
  let valueEnd = 0;
  try {
    for (let s = 0; s < sections.length; s++) {
      const to = s + 1 < sections.length ? sections[s + 1] : lines.length;
      const sec = sp.entry(s === 0 ? 0 : sections[s], sections[s], to, 0, true);
      if (!sec) return undefined;
      const prop = sec.node;
      valueEnd = sec.valueEnd;
      const key = String(prop.children![0].value);
      if (topKeys.has(key)) return undefined;
      topKeys.add(key);
      prop.parent = root;
      props.push(prop);
    }
  } catch (e) {
    if (e === REPEATED_KEY) return undefined;
    throw e;
  }
  root.offset = props[0].offset;
  // yaml's mapping ends where its last value's node ends (see resolve-block-map: range[1] = last value's range[2]).
  root.length = valueEnd - root.offset;
  const comments = sp.comments.sort((a, b) => a.offset - b.offset);
  return { root, errors: [], comments, documents: [root] };
}
