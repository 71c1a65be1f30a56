/**
 * PromQL through Prometheus' own grammar (`@prometheus-io/lezer-promql`, the parser of Prometheus' web UI): syntax
 * errors, and the selectors with the context a NativeLink-aware check needs (range or instant, the function or
 * aggregation that consumes them). Offsets are indices into the expression string; callers map them into the
 * document.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

export interface Span {
  from: number;
  to: number;
}

export interface LabelMatcher extends Span {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  /** Where the value's string literal sits (quotes included). */
  valueSpan: Span;
  labelSpan: Span;
}

export interface Selector extends Span {
  /** Metric name, from the identifier or a Prometheus 3 quoted name; undefined for `{job="x"}`. */
  name?: string;
  nameSpan?: Span;
  matchers: LabelMatcher[];
  /** Directly inside `x[5m]`. */
  range: boolean;
  /** Inside a subquery `(...)[1h:5m]` somewhere above. */
  inSubquery: boolean;
  /** Lower-case name of the nearest function or aggregation that takes this selector (through parens/offset/@). */
  consumer?: string;
}

/** Label names an expression groups or matches on (`by`, `without`, `on`, `ignoring`, `group_left(...)`). */
export interface GroupingLabel extends Span {
  label: string;
  /** `by` of an aggregation, with the aggregation's span; other clauses (`without`, `on`, `ignoring`, `group_*`) are not kept. */
  scope: Span;
}

export interface ParsedPromQL {
  errors: (Span & { message: string })[];
  selectors: Selector[];
  grouping: GroupingLabel[];
  /** True when the top-level expression is a comparison (an alert that fires only on a condition). */
  comparison: boolean;
  /** Set when the expression was too large to parse safely: nothing was checked. */
  tooComplex?: boolean;
}

const TRANSPARENT = new Set(['ParenExpr', 'OffsetExpr', 'StepInvariantExpr', 'MatrixSelector', 'SubqueryExpr', 'AnchoredExpr', 'SmoothedExpr']);
const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Gte', 'Lss', 'Lte']);
const MATCH_OPS: Record<string, LabelMatcher['op']> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** The value of a PromQL string literal: double/single quotes with Go escapes, or a raw backtick string. */
export function unquote(raw: string): string {
  if (raw.length < 2) return raw;
  const q = raw[0];
  const body = raw.endsWith(q) ? raw.slice(1, -1) : raw.slice(1);
  if (q === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'x') return e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
  });
}

/**
 * Operator characters in one expression before it is not handed to lezer: its tree building recurses once per
 * nested operand, and a 30,000-character chain of `a - b - c …` (found by the fuzzer) overflowed the stack. Real
 * expressions have tens. Past the cap nothing is claimed about the expression (no error, no selector).
 */
const MAX_OPERATOR_CHARS = 1000;
/**
 * Characters of one expression handed to lezer: its error recovery costs ~5 µs per junk character, and a 283 KB
 * `expr` of backslashes (the fuzzer again) took 1.6 s in one rule step. Real expressions stay under a few KB.
 */
const MAX_EXPR_CHARS = 16 * 1024;

function tooManyOperators(expr: string): boolean {
  let n = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr.charCodeAt(i);
    // + - * / % ^ < > = ! ( ,
    if ((c === 43 || c === 45 || c === 42 || c === 47 || c === 37 || c === 94 || c === 60 || c === 62 || c === 61 || c === 33 || c === 40 || c === 44) && ++n > MAX_OPERATOR_CHARS) return true;
  }
  return false;
}

export function parsePromQL(expr: string): ParsedPromQL {
  const out: ParsedPromQL = { errors: [], selectors: [], grouping: [], comparison: false };
  if (expr.length > MAX_EXPR_CHARS || tooManyOperators(expr)) return { ...out, tooComplex: true };
  let tree: ReturnType<typeof parser.parse>;
  try {
    tree = parser.parse(expr);
  } catch (e) {
    // The cap above should keep lezer's recursion shallow; should some other shape still overflow, say nothing.
    if (e instanceof RangeError) return { ...out, tooComplex: true };
    throw e;
  }
  const text = (n: SyntaxNode | Span) => expr.slice(n.from, n.to);
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) {
      out.errors.push({ from: cursor.from, to: cursor.to, message: errorMessage(expr, cursor.from, cursor.to) });
      continue;
    }
    const name = cursor.name;
    if (name === 'VectorSelector') out.selectors.push(selectorOf(cursor.node, text));
    else if (name === 'GroupingLabels') {
      const mod = cursor.node.parent;
      const agg = mod?.parent;
      if (mod?.name !== 'AggregateModifier' || agg?.name !== 'AggregateExpr' || !mod.getChild('By')) continue;
      const scope = { from: agg.from, to: agg.to };
      for (let c = cursor.node.firstChild; c; c = c.nextSibling) {
        if (c.name === 'LabelName') out.grouping.push({ from: c.from, to: c.to, label: text(c), scope });
        else if (c.name === 'QuotedLabelName') out.grouping.push({ from: c.from, to: c.to, label: unquote(text(c)), scope });
      }
    }
  } while (cursor.next());
  // Lezer recovers with zero-width error nodes, often two at one spot: one message per position is enough.
  const seen = new Set<number>();
  out.errors = out.errors.filter((e) => !seen.has(e.from) && (seen.add(e.from), true));
  let top = tree.topNode.firstChild;
  while (top?.name === 'ParenExpr') top = top.getChild('Expr') ?? top.firstChild?.nextSibling ?? null;
  if (top?.name === 'BinaryExpr') {
    for (let c = top.firstChild; c; c = c.nextSibling) if (COMPARISONS.has(c.name)) out.comparison = true;
  }
  return out;
}

function selectorOf(node: SyntaxNode, text: (n: SyntaxNode | Span) => string): Selector {
  const sel: Selector = { from: node.from, to: node.to, matchers: [], range: node.parent?.name === 'MatrixSelector', inSubquery: false };
  const ident = node.getChild('Identifier');
  if (ident) {
    sel.name = text(ident);
    sel.nameSpan = { from: ident.from, to: ident.to };
  }
  const matchers = node.getChild('LabelMatchers');
  for (let c = matchers?.firstChild; c; c = c.nextSibling) {
    if (c.name === 'QuotedLabelName' && !sel.name) {
      sel.name = unquote(text(c));
      sel.nameSpan = { from: c.from, to: c.to };
    } else if (c.name === 'UnquotedLabelMatcher' || c.name === 'QuotedLabelMatcher') {
      const labelNode = c.getChild('LabelName') ?? c.getChild('QuotedLabelName');
      const opNode = c.getChild('MatchOp')?.firstChild;
      const valueNode = c.getChild('StringLiteral');
      if (!labelNode || !opNode || !valueNode) continue;
      const label = labelNode.name === 'LabelName' ? text(labelNode) : unquote(text(labelNode));
      const m: LabelMatcher = {
        from: c.from,
        to: c.to,
        label,
        op: MATCH_OPS[opNode.name] ?? '=',
        value: unquote(text(valueNode)),
        valueSpan: { from: valueNode.from, to: valueNode.to },
        labelSpan: { from: labelNode.from, to: labelNode.to },
      };
      if (label === '__name__' && m.op === '=' && !sel.name) {
        sel.name = m.value;
        sel.nameSpan = m.valueSpan;
      } else sel.matchers.push(m);
    }
  }
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'SubqueryExpr') sel.inSubquery = true;
    if (TRANSPARENT.has(p.name) || p.name === 'FunctionCallBody') continue;
    if (p.name === 'FunctionCall') sel.consumer = text(p.getChild('FunctionIdentifier') ?? p).toLowerCase();
    else if (p.name === 'AggregateExpr') sel.consumer = text(p.getChild('AggregateOp') ?? p).toLowerCase();
    break;
  }
  return sel;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Lezer gives no error text: say what came instead, or which bracket is still open at the end. */
function errorMessage(expr: string, from: number, to: number): string {
  const rest = expr.slice(from).trimStart();
  if (!rest) {
    const open = unclosed(expr);
    return open ? `PromQL syntax error: unclosed "${open}" (expected "${CLOSERS[open]}")` : 'PromQL syntax error: unexpected end of expression';
  }
  const tok = (to > from ? expr.slice(from, to) : /^(\w+|"[^"]*"?|'[^']*'?|.)/.exec(rest)?.[0] ?? rest[0]).trim();
  return `PromQL syntax error: unexpected "${tok.length > 40 ? tok.slice(0, 40) + '…' : tok}"`;
}

function unclosed(expr: string): string | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#') while (i < expr.length && expr[i] !== '\n') i++;
    else if (CLOSERS[ch]) stack.push(ch);
    else if (ch === ')' || ch === ']' || ch === '}') stack.pop();
  }
  return stack[stack.length - 1];
}
