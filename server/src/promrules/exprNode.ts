/** One PromQL scalar in a YAML or JSON document: parse, check, and report at document offsets. */
import type { ASTNode } from '../parser/ast';
import { flatCopy } from '../parser/flat';
import { registerCache } from '../cacheFill';
import { checkNativeLinkExpr, type ExprContext, type ExprFinding } from '../promql/nativelinkChecks';
import { parsePromQL } from '../promql/parse';
import { mapScalar, type MappedString } from '../promql/sourceMap';
import type { Family } from '../service/detect';
import type { Finding } from '../service/rules';

export interface ExprNodeContext extends ExprContext {
  /** Grafana targets: `$var`, `${var}`, `[[var]]` are replaced by same-length placeholders before parsing. */
  grafana?: boolean;
}

/** The expression text of a scalar node (YAML may give `expr: 1` as a number). */
export function exprSource(text: string, node: ASTNode, family: Family): MappedString | undefined {
  if (node.type === 'number' || node.type === 'boolean') {
    const value = text.slice(node.offset, node.offset + node.length);
    return { value, exact: true, at: (i) => node.offset + Math.min(i, value.length) };
  }
  return mapScalar(text, node, family);
}

/**
 * Findings in expression coordinates, by expression text. Typing changes one expression at a time, so a
 * 1,000-rule file re-parses one expression per keystroke instead of all of them.
 */
const cache = new Map<string, ExprFinding[]>();
const CACHE_MAX = 20_000;
/** Expressions are keys: a megabyte `expr` must not stay in memory 20,000 times over. */
const CACHE_MAX_CHARS = 2 * 1024 * 1024;
let cacheChars = 0;
let evictions = 0;
registerCache(
  () => ({ name: 'PromQL findings', entries: cache.size, maxEntries: CACHE_MAX, chars: cacheChars, maxChars: CACHE_MAX_CHARS, evictions }),
  () => {
    cache.clear();
    cacheChars = 0;
  },
);

function findingsFor(expr: string): ExprFinding[] {
  let hit = cache.get(expr);
  if (hit) return hit;
  if (expr.length > CACHE_MAX_CHARS / 64) return checkNativeLinkExpr(parsePromQL(expr));
  // Parsed from a copy: neither the key nor the findings' strings keep the whole document alive.
  const key = flatCopy(expr);
  hit = checkNativeLinkExpr(parsePromQL(key));
  while (cache.size && (cache.size >= CACHE_MAX || cacheChars + expr.length > CACHE_MAX_CHARS)) {
    evictions++;
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    cacheChars -= oldest.length;
  }
  cache.set(key, hit);
  cacheChars += expr.length;
  return hit;
}

export function checkExprNode(text: string, node: ASTNode, family: Family, ctx: ExprNodeContext, report: (f: Finding) => void): void {
  const value = node.type === 'string' && typeof node.value === 'string' ? node.value : node.type === 'number' || node.type === 'boolean' ? text.slice(node.offset, node.offset + node.length) : undefined;
  if (value === undefined) return;
  const expr = ctx.grafana ? withoutGrafanaVariables(value) : value;
  const found = findingsFor(expr).filter((f) => !(f.unknownName && ctx.recorded?.has(f.unknownName)));
  if (!found.length) return;
  // The source map is built only for expressions with something to report.
  const src = exprSource(text, node, family);
  if (!src) return;
  const raw = text[node.offset];
  const escapeFor = (s: string) => (raw === '"' ? JSON.stringify(s).slice(1, -1) : s);
  for (const f of found) {
    // Grafana placeholders stand for values we cannot know: no value findings on them.
    if (ctx.grafana && /\$|\[\[/.test(src.value.slice(f.from, f.to)) && f.code !== 'promql/syntax') continue;
    // An error "at the end" belongs after the last character, not on the line after a block scalar's final newline.
    const last = expr.trimEnd().length;
    const offset = src.at(Math.min(f.from, last));
    const end = src.at(Math.min(f.to, last));
    report({
      code: f.code,
      severity: f.severity,
      message: f.message,
      docs: f.docs,
      range: { offset, length: Math.max(end - offset, src.exact ? 0 : node.length) },
      fixes:
        f.fix && src.exact
          ? [{ title: f.fix.title, isPreferred: true, edits: [{ offset: src.at(f.fix.span.from), length: src.at(f.fix.span.to) - src.at(f.fix.span.from), newText: escapeFor(f.fix.newText) }] }]
          : undefined,
    });
  }
}

/**
 * Grafana template variables are not PromQL. Same-length stand-ins keep every offset: a duration inside a range
 * (`[$__rate_interval]`), an identifier elsewhere; inside strings they stay as they are.
 */
export function withoutGrafanaVariables(expr: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) {
      out += ch;
      if (ch === '\\') out += expr[++i] ?? '';
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
      out += ch;
      continue;
    }
    const m = /^(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]*\]\])/.exec(expr.slice(i));
    if (m && !(ch === '[' && !m[0].startsWith('[['))) {
      const len = m[0].length;
      const before = out.trimEnd().slice(-1);
      const inRange = before === '[' || before === ':';
      out += inRange ? ('1m' + ' '.repeat(len)).slice(0, Math.max(len, 2)) : ('v' + '_'.repeat(len)).slice(0, len);
      i += len - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
