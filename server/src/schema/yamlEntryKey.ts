import type { ASTNode } from '../parser/ast';

/**
 * The key under which validate.ts remembers a clean YAML entry (issue 15: a 2,000-line collector config was walked
 * whole on every keystroke). A JSON5 entry's text alone decides its tree; a YAML entry's tree also depends on
 *  - the column its first line starts at (its text begins at the first key, after the indentation, and block
 *    scalar indentation counts from there): so the key is the column and the text;
 *  - anchors elsewhere that an alias in it names: an entry holding `*` anywhere is not remembered;
 *  - directives (`%YAML 1.1` reads yes/no as booleans everywhere): a document with a directive line is not either.
 * Undefined for a document whose entries cannot be keyed at all.
 */
export function yamlEntryKeys(text: string): ((entry: ASTNode) => string | undefined) | undefined {
  if (/^%/m.test(text)) return undefined;
  return (entry) => {
    const source = text.slice(entry.offset, entry.offset + entry.length);
    if (source.includes('*')) return undefined;
    return `${entry.offset - (text.lastIndexOf('\n', entry.offset - 1) + 1)}:${source}`;
  };
}
