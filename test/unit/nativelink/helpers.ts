import { parseJson5 } from '../../../server/src/parser/json5';
import type { Finding, Rule, RuleContext } from '../../../server/src/service/rules';
import { defaultSettings } from '../../../server/src/service/settings';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { applyEdits } from '../../../server/src/nativelink/edits';

export interface Located extends Finding {
  offset: number;
  length: number;
}

export function runRules(text: string, rules: Rule[] = nativelinkRules): Located[] {
  const parsed = parseJson5(text);
  if (!parsed.root) return [];
  const out: Located[] = [];
  for (const rule of rules) {
    const ctx: RuleContext = {
      uri: 'file:///test.json5',
      text,
      root: parsed.root,
      kind: 'nativelink',
      settings: defaultSettings,
      report(f) {
        const offset = f.range?.offset ?? f.node?.offset ?? 0;
        const length = f.range?.length ?? f.node?.length ?? 0;
        out.push({ ...f, offset, length });
      },
    };
    rule.check(ctx);
  }
  return out;
}

export function syntaxErrors(text: string): string[] {
  return parseJson5(text).errors.map((e) => `${e.code}: ${e.message} @${e.offset}`);
}

/** Text with «…» markers: returns the clean text and the marked range. */
export function marked(src: string): { text: string; offset: number; length: number } {
  const a = src.indexOf('«');
  const b = src.indexOf('»');
  if (a < 0 || b < a) throw new Error('fixture needs «…» markers');
  const text = src.slice(0, a) + src.slice(a + 1, b) + src.slice(b + 1);
  return { text, offset: a, length: b - a - 1 };
}

export { applyEdits };
