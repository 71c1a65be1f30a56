/**
 * The basics of Go `text/template` syntax that promtool checks on alert labels and annotations (it runs
 * `ParseTest`, `prometheus/prometheus@v3.14.0:model/rulefmt/rulefmt.go` testTemplateParsing): every `{{` closed,
 * no empty action, balanced parentheses and quotes inside an action, `if`/`range`/`with`/`define`/`block` closed by
 * `end`, `else` only inside them. Function names and field access are not checked: Prometheus adds its own
 * functions (`humanize`, `query`, …) and we do not claim to know them all.
 */
export interface TemplateError {
  /** Offset in the template string. */
  offset: number;
  length: number;
  message: string;
}

const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

export function checkGoTemplate(src: string): TemplateError | undefined {
  const stack: { word: string; offset: number }[] = [];
  let i = 0;
  while (i < src.length) {
    const start = src.indexOf('{{', i);
    if (start < 0) break;
    let j = start + 2;
    if (src[j] === '-' && /\s/.test(src[j + 1] ?? '')) j++;
    // Comments may hold anything up to `*/}}`.
    if (src.startsWith('/*', src.slice(j).search(/\S/) + j)) {
      const end = src.indexOf('*/', j);
      const close = end < 0 ? -1 : src.indexOf('}}', end);
      if (close < 0) return { offset: start, length: 2, message: 'unclosed comment' };
      i = close + 2;
      continue;
    }
    let depth = 0;
    let quote: string | undefined;
    let close = -1;
    for (; j < src.length; j++) {
      const ch = src[j];
      if (quote) {
        if (ch === '\\' && quote !== '`') j++;
        else if (ch === quote) quote = undefined;
        else if (ch === '\n' && quote !== '`') return { offset: start, length: j - start, message: 'unterminated quoted string in action' };
        continue;
      }
      if (ch === '"' || ch === '`' || ch === "'") quote = ch;
      else if (ch === '(') depth++;
      else if (ch === ')') {
        if (--depth < 0) return { offset: j, length: 1, message: 'unexpected ")" in action' };
      } else if (ch === '}' && src[j + 1] === '}') {
        close = j;
        break;
      }
    }
    if (quote) return { offset: start, length: src.length - start, message: 'unterminated quoted string in action' };
    if (close < 0) return { offset: start, length: 2, message: 'unclosed action: "{{" without "}}"' };
    if (depth > 0) return { offset: start, length: close + 2 - start, message: 'unclosed left paren in action' };
    const body = src.slice(start + 2, close).replace(/^-\s/, '').replace(/\s-$/, '').trim();
    if (!body) return { offset: start, length: close + 2 - start, message: 'missing value for command (empty action)' };
    const word = /^[a-z]+\b/.exec(body)?.[0];
    if (word && OPENERS.has(word)) stack.push({ word, offset: start });
    else if (word === 'else') {
      if (!stack.some((s) => s.word !== 'define')) return { offset: start, length: close + 2 - start, message: 'unexpected {{else}}' };
    } else if (word === 'end') {
      if (!stack.pop()) return { offset: start, length: close + 2 - start, message: 'unexpected {{end}}' };
    }
    i = close + 2;
  }
  const open = stack.pop();
  if (open) return { offset: open.offset, length: 2, message: `unexpected EOF: {{${open.word}}} has no {{end}}` };
  return undefined;
}
