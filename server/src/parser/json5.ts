/**
 * Error-tolerant JSON5 parser for NativeLink configs, producing the common AST of `./ast`.
 *
 * Dialect: exactly what serde_json5's pest grammar accepts (see reference nativelink-config.md §1.2):
 *  - `//` and `/* *\/` comments wherever whitespace is allowed;
 *  - whitespace: TAB, VT, FF, SP, NBSP, BOM, any Unicode Zs, LF, CR, U+2028, U+2029;
 *  - keys: ECMAScript identifiers (Unicode letters, `$`, `_`, `\uXXXX` escapes; digits/marks/connectors
 *    after the first character) or quoted strings;
 *  - strings: "…" or '…' with escapes \' \" \\ \b \f \n \r \t \v \0 \xHH \uHHHH, line continuations
 *    (backslash + line terminator), any other non-digit char escapes to itself; raw line terminators
 *    (including U+2028/U+2029, which the pest grammar excludes from char_literal) are not allowed;
 *  - numbers: optional `+`/`-`, hex `0x…` (serde_json5 parses hex into a u32, so > 0xFFFFFFFF is an error),
 *    `0`/non-zero-leading integers, `.5`, `5.`, exponents, `Infinity`, `NaN`;
 *  - trailing commas in objects and arrays.
 *
 * Duplicate keys: serde_json5's grammar does NOT reject them (reference §1.2: "Duplicate keys are not
 * rejected by the parser"; a duplicated struct field fails later in serde with `duplicate field`, while
 * free-form maps silently keep the last value). Since the rejection depends on the schema position, this
 * parser reports no 'duplicate-key' error; schema-aware validation is the place to flag them.
 *
 * Error tolerance: never throws, always terminates (every loop iteration consumes a token or exits;
 * nesting deeper than MAX_DEPTH is skipped iteratively), and keeps as much of the tree as possible:
 * properties without value, missing commas/colons, stray tokens, unclosed containers and strings.
 */
import type { ASTNode, ParseError, ParseErrorCode, ParseResult } from './ast';

const enum T {
  OpenBrace,
  CloseBrace,
  OpenBracket,
  CloseBracket,
  Colon,
  Comma,
  String,
  Number,
  Ident,
  Invalid,
  EOF,
}

interface Token {
  kind: T;
  offset: number;
  length: number;
  /** String: decoded value; Ident: decoded name; Number: numeric value. */
  value?: string | number;
}

const MAX_DEPTH = 400;
const MAX_ERRORS = 1000;
/**
 * Values (and properties) in one document before the parser gives up: an ordinary config has one per ~30
 * characters, so this is ~6 MB of config, but a megabyte of `x:x:` is 260,000 properties and their tree
 * alone cost a second. Past it the document gets its syntax errors so far and a notice, no rules.
 */
export const MAX_VALUES = 200_000;

class TooManyValues extends Error {
  constructor(readonly offset: number) {
    super('too many values');
  }
}

/**
 * More than MAX_ERRORS syntax errors: the text is not a config being edited but junk (the fuzzer's 262 KB line of
 * `x:x:` in an array was 131,000 error values, 1 s of server CPU for a document-symbol request), so the parser
 * stops there and no rule runs on what it built.
 */
class TooManyErrors extends Error {
  constructor(readonly offset: number) {
    super('too many errors');
  }
}

// Character classes (serde_json5 pest grammar).
const RE_ID_START = /[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}$_]/u;
const RE_ID_PART = /[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}$_\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200C\u200D]/u;
const RE_ZS = /\p{Zs}/u;
const RE_NUMBER = /[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)/y;

function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

function isWhitespace(c: number): boolean {
  if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c) return true;
  if (c < 0x80) return false;
  return c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || RE_ZS.test(String.fromCharCode(c));
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isAsciiIdStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x24 || c === 0x5f;
}

function isAsciiIdPart(c: number): boolean {
  return isAsciiIdStart(c) || (c >= 0x30 && c <= 0x39);
}

/** Characters that end a run of junk (so one error covers e.g. a block of binary bytes). */
function isDelimiter(c: number): boolean {
  return (
    isWhitespace(c) ||
    c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x3a || c === 0x2c ||
    c === 0x22 || c === 0x27 || c === 0x2f
  );
}

function describeChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0xfffd) {
    return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${ch}'`;
}

function tokenName(t: Token, text: string): string {
  switch (t.kind) {
    case T.EOF:
      return 'end of input';
    case T.String:
      return 'string';
    case T.Number:
      return `number ${text.substr(t.offset, Math.min(t.length, 20))}`;
    case T.Ident:
      return `'${text.substr(t.offset, Math.min(t.length, 40))}'`;
    default:
      return `'${text.substr(t.offset, Math.min(t.length, 20))}'`;
  }
}

class Json5Parser {
  private pos = 0;
  private tok: Token = { kind: T.EOF, offset: 0, length: 0 };
  /** End offset of the last consumed token. */
  private prevEnd = 0;
  readonly errors: ParseError[] = [];
  readonly comments: { offset: number; length: number }[] = [];
  private lineStarts: number[] | undefined;
  private depth = 0;
  private values = 0;
  private depthErrorReported = false;
  /** Kinds of the currently open containers (T.OpenBrace / T.OpenBracket), innermost last. */
  private readonly open: T[] = [];

  constructor(private readonly text: string) {}

  // ---------------------------------------------------------------- errors

  private error(code: ParseErrorCode, message: string, offset: number, length: number): void {
    const last = this.errors[this.errors.length - 1];
    // Avoid cascades: one error per position is enough (unclosed containers at EOF are all reported).
    if (last && last.offset === offset && code !== 'missing-close') return;
    if (this.errors.length >= MAX_ERRORS) throw new TooManyErrors(offset);
    this.errors.push({ code, message, offset, length });
  }

  lineOf(offset: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 0x0a || c === 0x2028 || c === 0x2029 || (c === 0x0d && t.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  // ---------------------------------------------------------------- scanner

  /** Skips whitespace and comments (collecting comments). */
  private skipTrivia(): void {
    const t = this.text;
    const n = t.length;
    let i = this.pos;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      if (c === 0x2f /* / */) {
        const d = t.charCodeAt(i + 1);
        if (d === 0x2f) {
          const start = i;
          i += 2;
          while (i < n && !isLineTerminator(t.charCodeAt(i))) i++;
          this.comments.push({ offset: start, length: i - start });
          continue;
        }
        if (d === 0x2a) {
          const start = i;
          const end = t.indexOf('*/', i + 2);
          if (end < 0) {
            i = n;
            this.error('unterminated-comment', 'Unterminated block comment: missing \'*/\'', start, 2);
          } else i = end + 2;
          this.comments.push({ offset: start, length: i - start });
          continue;
        }
      }
      break;
    }
    this.pos = i;
  }

  /** Scans the next token into this.tok. */
  private next(): Token {
    this.prevEnd = this.tok.offset + this.tok.length;
    this.skipTrivia();
    this.tok = this.scanToken();
    return this.tok;
  }

  private scanToken(): Token {
    const t = this.text;
    const start = this.pos;
    if (start >= t.length) return { kind: T.EOF, offset: t.length, length: 0 };
    const c = t.charCodeAt(start);
    switch (c) {
      case 0x7b:
        this.pos++;
        return { kind: T.OpenBrace, offset: start, length: 1 };
      case 0x7d:
        this.pos++;
        return { kind: T.CloseBrace, offset: start, length: 1 };
      case 0x5b:
        this.pos++;
        return { kind: T.OpenBracket, offset: start, length: 1 };
      case 0x5d:
        this.pos++;
        return { kind: T.CloseBracket, offset: start, length: 1 };
      case 0x3a:
        this.pos++;
        return { kind: T.Colon, offset: start, length: 1 };
      case 0x2c:
        this.pos++;
        return { kind: T.Comma, offset: start, length: 1 };
      case 0x22:
      case 0x27:
        return this.scanString(c);
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d) return this.scanNumber();
    if (isAsciiIdStart(c) || c === 0x5c || (c >= 0x80 && RE_ID_START.test(String.fromCodePoint(t.codePointAt(start)!)))) {
      const id = this.scanIdentifier();
      if (id) {
        // Infinity / NaN are numbers, not identifiers.
        if (id.value === 'Infinity' || id.value === 'NaN') {
          if (id.length === (id.value as string).length) return { kind: T.Number, offset: id.offset, length: id.length, value: id.value === 'NaN' ? NaN : Infinity };
        }
        return id;
      }
    }
    // Junk: consume a run of non-delimiters so binary garbage produces one error per run.
    let i = start;
    const cp = t.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    while (i < t.length && !isDelimiter(t.charCodeAt(i))) i++;
    this.pos = i;
    const first = String.fromCodePoint(cp);
    this.error('syntax', `Unexpected character ${describeChar(first)}`, start, i - start);
    return { kind: T.Invalid, offset: start, length: i - start };
  }

  private scanString(quote: number): Token {
    const t = this.text;
    const n = t.length;
    const start = this.pos;
    let i = start + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) {
        out += t.slice(chunk, i);
        this.error('unterminated-string', 'Unterminated string', start, i - start);
        this.pos = i;
        return { kind: T.String, offset: start, length: i - start, value: out };
      }
      const c = t.charCodeAt(i);
      if (c === quote) {
        out += t.slice(chunk, i);
        i++;
        break;
      }
      if (c === 0x0a || c === 0x0d) {
        out += t.slice(chunk, i);
        this.error('unterminated-string', 'Unterminated string', start, i - start);
        this.pos = i;
        return { kind: T.String, offset: start, length: i - start, value: out };
      }
      if (c === 0x2028 || c === 0x2029) {
        this.error(
          'syntax',
          `Raw line separator U+${c.toString(16).toUpperCase()} is not allowed in a string; write \\u${c.toString(16)}`,
          i,
          1,
        );
        i++;
        continue;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      // escape
      out += t.slice(chunk, i);
      const escStart = i;
      i++;
      if (i >= n) {
        chunk = i;
        continue; // unterminated, reported above on next iteration
      }
      const e = t.charCodeAt(i);
      i++;
      switch (e) {
        case 0x27: out += "'"; break;
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x76: out += '\v'; break;
        case 0x30: out += '\0'; break;
        case 0x0d:
          if (t.charCodeAt(i) === 0x0a) i++;
          break; // line continuation
        case 0x0a:
        case 0x2028:
        case 0x2029:
          break; // line continuation
        case 0x78: /* x */ {
          if (isHex(t.charCodeAt(i)) && isHex(t.charCodeAt(i + 1))) {
            out += String.fromCharCode(parseInt(t.substr(i, 2), 16));
            i += 2;
          } else {
            this.error('invalid-escape', 'Invalid escape: \\x must be followed by 2 hex digits', escStart, Math.min(i, n) - escStart);
            out += 'x';
          }
          break;
        }
        case 0x75: /* u */ {
          if (isHex(t.charCodeAt(i)) && isHex(t.charCodeAt(i + 1)) && isHex(t.charCodeAt(i + 2)) && isHex(t.charCodeAt(i + 3))) {
            out += String.fromCharCode(parseInt(t.substr(i, 4), 16));
            i += 4;
          } else {
            this.error('invalid-escape', 'Invalid escape: \\u must be followed by 4 hex digits', escStart, Math.min(i, n) - escStart);
            out += 'u';
          }
          break;
        }
        default:
          if (e >= 0x31 && e <= 0x39) {
            this.error('invalid-escape', `Invalid escape '\\${String.fromCharCode(e)}': digits cannot be escaped`, escStart, 2);
            out += String.fromCharCode(e);
          } else {
            // non-escape char: escapes to itself (take a whole surrogate pair)
            if (e >= 0xd800 && e <= 0xdbff && i < n) {
              const lo = t.charCodeAt(i);
              if (lo >= 0xdc00 && lo <= 0xdfff) i++;
            }
            out += t.slice(escStart + 1, i);
          }
      }
      chunk = i;
    }
    this.pos = i;
    return { kind: T.String, offset: start, length: i - start, value: out };
  }

  private scanNumber(): Token {
    const t = this.text;
    const start = this.pos;
    RE_NUMBER.lastIndex = start;
    const m = RE_NUMBER.exec(t);
    let end = m ? start + m[0].length : start;
    const following = t.charCodeAt(end);
    const clean = m && !(end < t.length && (isAsciiIdPart(following) || following === 0x2e || following === 0x5c || (following >= 0x80 && RE_ID_PART.test(t[end]))));
    if (clean) {
      this.pos = end;
      const raw = m[0];
      let value: number;
      const sign = raw[0] === '-' ? -1 : 1;
      const body = raw[0] === '-' || raw[0] === '+' ? raw.slice(1) : raw;
      if (body[0] === '0' && (body[1] === 'x' || body[1] === 'X')) {
        value = parseInt(body.slice(2), 16);
        if (value > 0xffffffff) {
          this.error('invalid-number', `Hex number ${raw.length > 30 ? raw.slice(0, 30) + '…' : raw} is out of range: serde_json5 reads hex literals as u32 (max 0xFFFFFFFF)`, start, raw.length);
        }
        value *= sign;
      } else value = Number(raw);
      return { kind: T.Number, offset: start, length: raw.length, value };
    }
    // Invalid number: consume the whole word (e.g. `01`, `1abc`, `0x`, `1e`, `+`, `1.2.3`).
    end = start + 1;
    while (end < t.length) {
      const c = t.charCodeAt(end);
      if (isAsciiIdPart(c) || c === 0x2e) end++;
      else if ((c === 0x2b || c === 0x2d) && (t.charCodeAt(end - 1) | 0x20) === 0x65) end++;
      else break;
    }
    this.pos = end;
    const raw = t.slice(start, end);
    let msg = `Invalid number '${raw.length > 30 ? raw.slice(0, 30) + '…' : raw}'`;
    if (/^[+-]?0[0-9]/.test(raw)) msg += ': leading zeros are not allowed';
    else if (/^[+-]$/.test(raw)) msg = `Invalid number: '${raw}' must be followed by digits, Infinity or NaN`;
    this.error('invalid-number', msg, start, end - start);
    const v = parseFloat(raw);
    return { kind: T.Number, offset: start, length: end - start, value: Number.isNaN(v) ? NaN : v };
  }

  /** Scans an identifier (with \uXXXX escapes). Returns undefined (consuming nothing) if none starts here. */
  private scanIdentifier(): Token | undefined {
    const t = this.text;
    const n = t.length;
    const start = this.pos;
    let i = start;
    let name = '';
    let first = true;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c < 0x80 && c !== 0x5c) {
        if (first ? isAsciiIdStart(c) : isAsciiIdPart(c)) {
          let j = i + 1;
          while (j < n) {
            const d = t.charCodeAt(j);
            if (d < 0x80 && isAsciiIdPart(d)) j++;
            else break;
          }
          name += t.slice(i, j);
          i = j;
          first = false;
          continue;
        }
        break;
      }
      if (c === 0x5c) {
        if (t.charCodeAt(i + 1) === 0x75 && isHex(t.charCodeAt(i + 2)) && isHex(t.charCodeAt(i + 3)) && isHex(t.charCodeAt(i + 4)) && isHex(t.charCodeAt(i + 5))) {
          name += String.fromCharCode(parseInt(t.substr(i + 2, 4), 16));
          i += 6;
          first = false;
          continue;
        }
        if (first) return undefined;
        this.error('invalid-escape', 'Invalid escape in identifier: expected \\uXXXX', i, Math.min(2, n - i));
        i++;
        continue;
      }
      const cp = t.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (first ? RE_ID_START.test(ch) : RE_ID_PART.test(ch)) {
        name += ch;
        i += ch.length;
        first = false;
        continue;
      }
      break;
    }
    if (i === start) return undefined;
    this.pos = i;
    return { kind: T.Ident, offset: start, length: i - start, value: name };
  }

  /** Peeks at the token after the current one without consuming anything (no errors/comments recorded). */
  private peek(): Token {
    const savePos = this.pos;
    const saveErrors = this.errors.length;
    const saveComments = this.comments.length;
    this.skipTrivia();
    const tok = this.scanToken();
    this.pos = savePos;
    this.errors.length = saveErrors;
    this.comments.length = saveComments;
    return tok;
  }

  // ---------------------------------------------------------------- parser

  parse(): ASTNode | undefined {
    this.next();
    if (this.tok.kind === T.EOF) {
      this.error('unexpected-end', 'Expected a JSON5 value but found end of input', this.tok.offset, 0);
      return undefined;
    }
    let root: ASTNode | undefined;
    if ((this.tok.kind === T.Ident || this.tok.kind === T.String) && this.peek().kind === T.Colon) {
      // `key: value` at top level: the outer braces are missing. Parse an implicit object.
      this.error('syntax', "Expected '{' at the start of the document", this.tok.offset, 0);
      root = this.parseObjectBody({ type: 'object', offset: this.tok.offset, length: 0, children: [] }, true);
    } else {
      root = this.parseValue(undefined);
      // Leading junk: report it once, then skip to the first token that can start a value.
      let reported = false;
      while (!root && this.kind() !== T.EOF) {
        if (!reported && this.kind() !== T.Invalid) {
          this.error('syntax', `Expected a JSON5 value but found ${tokenName(this.tok, this.text)}`, this.tok.offset, this.tok.length);
          reported = true;
        }
        this.next();
        root = this.parseValue(undefined);
      }
    }
    // Trailing content.
    if (this.kind() !== T.EOF) {
      if (root) this.error('syntax', `Unexpected ${tokenName(this.tok, this.text)} after the end of the document`, this.tok.offset, this.tok.length);
      // Keep scanning only to collect comments/lexical errors; bounded by text length.
      let guard = 0;
      while (this.kind() !== T.EOF && guard++ < this.text.length + 1) this.next();
    }
    return root;
  }

  /** The text as one container at nesting `depth` (see parseJson5Container); undefined on anything else or any error. */
  containerAt(depth: number): ASTNode | undefined {
    this.depth = depth;
    this.next();
    if (this.tok.kind !== T.OpenBrace && this.tok.kind !== T.OpenBracket) return undefined;
    const node = this.parseValue(undefined);
    return node && this.errors.length === 0 && this.kind() === T.EOF && node.offset + node.length === this.text.length ? node : undefined;
  }

  /** Current token kind (a method so TypeScript does not keep stale narrowing across next()). */
  private kind(): T {
    return this.tok.kind;
  }

  private isValueStart(kind: T): boolean {
    return kind === T.OpenBrace || kind === T.OpenBracket || kind === T.String || kind === T.Number || kind === T.Ident;
  }

  private isLiteralIdent(tok: Token): boolean {
    const v = tok.value;
    return v === 'true' || v === 'false' || v === 'null';
  }

  /** Parses a value at the current token; returns undefined (consuming nothing) if no value starts here. */
  private parseValue(parent: ASTNode | undefined): ASTNode | undefined {
    const tok = this.tok;
    if (++this.values > MAX_VALUES) throw new TooManyValues(tok.offset);
    switch (tok.kind) {
      case T.OpenBrace:
      case T.OpenBracket: {
        if (this.depth >= MAX_DEPTH) return this.skipDeep(parent);
        this.depth++;
        this.open.push(tok.kind);
        const node: ASTNode = { type: tok.kind === T.OpenBrace ? 'object' : 'array', offset: tok.offset, length: 0, parent, children: [] };
        this.next();
        const res = tok.kind === T.OpenBrace ? this.parseObjectBody(node, false) : this.parseArrayBody(node);
        this.open.pop();
        this.depth--;
        return res;
      }
      case T.String: {
        this.next();
        return { type: 'string', offset: tok.offset, length: tok.length, parent, value: tok.value as string, quoted: true };
      }
      case T.Number: {
        this.next();
        return { type: 'number', offset: tok.offset, length: tok.length, parent, value: tok.value as number };
      }
      case T.Ident: {
        this.next();
        const v = tok.value as string;
        if (tok.length === v.length) {
          if (v === 'true' || v === 'false') return { type: 'boolean', offset: tok.offset, length: tok.length, parent, value: v === 'true' };
          if (v === 'null') return { type: 'null', offset: tok.offset, length: tok.length, parent, value: null };
        }
        // Unquoted word in value position: keep it as an unquoted string node so completion/hover still work.
        this.error('syntax', `Invalid value '${v.length > 40 ? v.slice(0, 40) + '…' : v}': strings must be quoted`, tok.offset, tok.length);
        return { type: 'string', offset: tok.offset, length: tok.length, parent, value: v, quoted: false };
      }
      default:
        return undefined;
    }
  }

  /** Too deeply nested: skip the balanced region iteratively, return an empty placeholder container. */
  private skipDeep(parent: ASTNode | undefined): ASTNode {
    const open = this.tok;
    if (!this.depthErrorReported) {
      this.depthErrorReported = true;
      this.error('syntax', `Nesting deeper than ${MAX_DEPTH} levels is not supported; content skipped`, open.offset, 1);
    }
    let level = 0;
    let end = open.offset + 1;
    for (;;) {
      const k = this.tok.kind;
      if (k === T.EOF) {
        end = this.text.length;
        break;
      }
      if (k === T.OpenBrace || k === T.OpenBracket) level++;
      else if (k === T.CloseBrace || k === T.CloseBracket) level--;
      end = this.tok.offset + this.tok.length;
      this.next();
      if (level <= 0) break;
    }
    return { type: open.kind === T.OpenBrace ? 'object' : 'array', offset: open.offset, length: end - open.offset, parent, children: [] };
  }

  /** True when an enclosing (not the innermost) container was opened with `kind`. */
  private enclosingOpen(kind: T): boolean {
    for (let i = this.open.length - 2; i >= 0; i--) if (this.open[i] === kind) return true;
    return false;
  }

  private lastErrorAt(offset: number): boolean {
    const last = this.errors[this.errors.length - 1];
    return !!last && last.offset === offset;
  }

  /** Closes a container at EOF or at a mismatched close token. */
  private unclosed(node: ASTNode, openChar: string): ASTNode {
    const tok = this.tok;
    const closeChar = openChar === '{' ? '}' : ']';
    const line = this.lineOf(node.offset);
    if (tok.kind === T.EOF) {
      this.error('missing-close', `Unexpected end of input: missing '${closeChar}' opened at line ${line}`, tok.offset, 0);
      node.length = this.text.length - node.offset;
    } else {
      this.error('missing-close', `Expected '${closeChar}' to close '${openChar}' opened at line ${line} but found ${tokenName(tok, this.text)}`, tok.offset, tok.length);
      node.length = Math.max(this.prevEnd, node.offset + 1) - node.offset;
    }
    return node;
  }

  /**
   * Loop over properties. `implicit` = the document's outer braces are missing (ends only at EOF).
   * The container stack is implicit in the recursion; a closing token of the wrong kind ends this
   * container (reported) and is left for the enclosing one.
   */
  private parseObjectBody(node: ASTNode, implicit: boolean): ASTNode {
    const children = node.children!;
    for (;;) {
      const tok = this.tok;
      switch (tok.kind) {
        case T.CloseBrace:
          if (implicit) {
            this.error('syntax', "Unexpected '}'", tok.offset, 1);
            this.next();
            if (this.kind() === T.Comma) this.next();
            continue;
          }
          this.next();
          node.length = tok.offset + 1 - node.offset;
          return node;
        case T.EOF:
          if (implicit) {
            node.length = this.text.length - node.offset;
            return node;
          }
          return this.unclosed(node, '{');
        case T.CloseBracket:
          if (implicit || !this.enclosingOpen(T.OpenBracket)) {
            this.error('syntax', "Unexpected ']'", tok.offset, 1);
            this.next();
            if (this.kind() === T.Comma) this.next();
            continue;
          }
          return this.unclosed(node, '{');
        case T.Comma:
          this.error('syntax', `Property key expected but found ','`, tok.offset, 1);
          this.next();
          continue;
        case T.Colon: {
          this.error('syntax', 'Property key expected before \':\'', tok.offset, 1);
          this.next();
          // Parse and drop the value so its tokens do not cause more errors.
          if (this.isValueStart(this.tok.kind) && !(this.tok.kind === T.Ident && !this.isLiteralIdent(this.tok) && this.peek().kind === T.Colon)) {
            this.parseValue(undefined);
          }
          this.afterProperty(node, '}');
          continue;
        }
        case T.OpenBrace:
        case T.OpenBracket:
          this.error('syntax', `Property key expected but found '${tok.kind === T.OpenBrace ? '{' : '['}'`, tok.offset, 1);
          this.parseValue(undefined);
          this.afterProperty(node, '}');
          continue;
        case T.Invalid:
          this.next(); // already reported by the scanner
          continue;
        case T.Number:
          if (this.lastErrorAt(tok.offset)) {
            // e.g. `{ a: 1 2 }`: the missing comma is already reported; drop the stray value.
            this.next();
            this.afterProperty(node, '}');
            continue;
          }
        // falls through
        case T.String:
        case T.Ident: {
          const prop = this.parseProperty(node);
          children.push(prop);
          // A half-typed property (no value) already has its error; do not add "missing ','" noise.
          if (prop.children!.length < 2 && this.tok.kind !== T.Comma) continue;
          this.afterProperty(node, '}');
          continue;
        }
      }
    }
  }

  /** After a property / element: consume ',' or report a missing one (without consuming). */
  private afterProperty(node: ASTNode, close: '}' | ']'): void {
    const tok = this.tok;
    if (tok.kind === T.Comma) {
      this.next();
      return;
    }
    const closeKind = close === '}' ? T.CloseBrace : T.CloseBracket;
    if (tok.kind === closeKind || tok.kind === T.EOF || tok.kind === T.CloseBrace || tok.kind === T.CloseBracket) return;
    if (tok.kind === T.Invalid || this.lastErrorAt(tok.offset)) return;
    const what = node.type === 'object' ? 'property' : 'array element';
    this.error('missing-comma', `Expected ',' or '${close}' after ${what}`, tok.offset, tok.length);
  }

  private parseProperty(obj: ASTNode): ASTNode {
    const tok = this.tok;
    if (++this.values > MAX_VALUES) throw new TooManyValues(tok.offset);
    const prop: ASTNode = { type: 'property', offset: tok.offset, length: tok.length, parent: obj, children: [] };
    let keyValue: string;
    if (tok.kind === T.Number) {
      keyValue = this.text.substr(tok.offset, tok.length);
      this.error('syntax', `Property key expected: numeric keys must be quoted ("${keyValue}")`, tok.offset, tok.length);
    } else keyValue = tok.value as string;
    const key: ASTNode = { type: 'string', offset: tok.offset, length: tok.length, parent: prop, value: keyValue, quoted: tok.kind === T.String };
    prop.children!.push(key);
    this.next();

    // ':'
    if (this.tok.kind === T.Colon) {
      prop.colonOffset = this.tok.offset;
      prop.length = this.tok.offset + 1 - prop.offset;
      this.next();
    } else {
      const t2 = this.tok;
      // `key value` with the colon forgotten: take the value unless it looks like the next property.
      const looksLikeValue =
        t2.kind === T.OpenBrace ||
        t2.kind === T.OpenBracket ||
        t2.kind === T.Number ||
        ((t2.kind === T.String || t2.kind === T.Ident) && this.peek().kind !== T.Colon);
      if (looksLikeValue && this.onSameLine(key.offset + key.length, t2.offset)) {
        this.error('missing-colon', `Expected ':' after property key '${keyValue}'`, t2.offset, t2.length);
      } else {
        this.error('missing-colon', `Expected ':' after property key '${keyValue}'`, key.offset, key.length);
        return prop;
      }
    }

    // value (junk tokens were already reported by the scanner: skip them)
    while (this.kind() === T.Invalid) this.next();
    const vt = this.tok;
    // `key:` followed on a later line by `other: …` means the value is missing (typing in progress).
    const nextIsKey =
      ((vt.kind === T.Ident && !this.isLiteralIdent(vt)) || vt.kind === T.String) &&
      !this.onSameLine(this.prevEnd, vt.offset) &&
      this.peek().kind === T.Colon;
    if (!this.isValueStart(vt.kind) || nextIsKey) {
      if (vt.kind === T.EOF) this.error('missing-value', `Unexpected end of input: value expected for '${keyValue}'`, vt.offset, 0);
      else this.error('missing-value', `Value expected for '${keyValue}'`, vt.offset, vt.length);
      return prop;
    }
    const value = this.parseValue(prop)!;
    prop.children!.push(value);
    prop.length = value.offset + value.length - prop.offset;
    return prop;
  }

  private onSameLine(a: number, b: number): boolean {
    for (let i = a; i < b; i++) if (isLineTerminator(this.text.charCodeAt(i))) return false;
    return true;
  }

  private parseArrayBody(node: ASTNode): ASTNode {
    const children = node.children!;
    let expectingValue = true; // true at start and after a comma
    for (;;) {
      const tok = this.tok;
      switch (tok.kind) {
        case T.CloseBracket:
          this.next();
          node.length = tok.offset + 1 - node.offset;
          return node;
        case T.EOF:
          return this.unclosed(node, '[');
        case T.CloseBrace:
          if (!this.enclosingOpen(T.OpenBrace)) {
            this.error('syntax', "Unexpected '}'", tok.offset, 1);
            this.next();
            if (this.kind() === T.Comma) this.next();
            continue;
          }
          return this.unclosed(node, '[');
        case T.Comma:
          if (expectingValue) this.error('missing-value', "Value expected before ','", tok.offset, 1);
          expectingValue = true;
          this.next();
          continue;
        case T.Colon:
          this.error('syntax', "Unexpected ':' in array", tok.offset, 1);
          this.next();
          continue;
        case T.Invalid:
          this.next();
          continue;
        default: {
          if (!expectingValue) this.error('missing-comma', "Expected ',' or ']' after array element", tok.offset, tok.length);
          const v = this.parseValue(node);
          if (v) children.push(v);
          else this.next(); // defensive: cannot happen (all value-start kinds handled), but never loop
          expectingValue = false;
          if (this.tok.kind === T.Comma) {
            this.next();
            expectingValue = true;
          }
        }
      }
    }
  }
}

/** Parses JSON5 text (serde_json5 dialect) into the common AST. Never throws. */
export function parseJson5(text: string): ParseResult {
  const p = new Json5Parser(text);
  let root: ASTNode | undefined;
  try {
    root = p.parse();
  } catch (e) {
    if (e instanceof TooManyValues) {
      const limited = `This file has more than ${MAX_VALUES.toLocaleString('en-US')} values, too many to check on every keystroke, so only its syntax up to offset ${e.offset} was checked. Is it really a config file?`;
      return { root: undefined, errors: p.errors, comments: p.comments, limited };
    }
    if (e instanceof TooManyErrors) {
      const limited = `This file has more than ${MAX_ERRORS.toLocaleString('en-US')} syntax errors, so the parser stopped at offset ${e.offset} and no other check ran. Is it really a NativeLink config?`;
      return { root: undefined, errors: p.errors, comments: p.comments, limited };
    }
    // Defensive only: the parser is written not to throw (e.g. stack exhaustion is prevented by MAX_DEPTH).
    p.errors.push({ code: 'syntax', message: `Internal parser error: ${String(e)}`, offset: 0, length: 0 });
  }
  return { root, errors: p.errors, comments: p.comments };
}

/**
 * Parses `text`, one object or array, as the whole-document parse would parse it at nesting `depth` (containers
 * above it), for reusing the rest of an unchanged document (json5Reuse.ts); offsets are relative to `text`.
 * Undefined unless the container spans exactly all of `text` without a single error: the scanner has no state
 * beyond its position and, without errors, the parser's decisions inside a container depend only on the
 * container's own tokens, so that is exactly the subtree the whole parse builds there. The node has no parent.
 */
export function parseJson5Container(text: string, depth: number): { node: ASTNode; comments: { offset: number; length: number }[] } | undefined {
  const p = new Json5Parser(text);
  try {
    const node = p.containerAt(depth);
    return node && { node, comments: p.comments };
  } catch {
    return undefined;
  }
}
