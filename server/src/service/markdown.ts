/**
 * Text from configs and metrics is user-controlled: escape it before it becomes Markdown so a key
 * or label value cannot inject links, images or HTML into a hover or report.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Inline code that survives backticks inside the value. */
export function inlineCode(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  return `${fence}${clean.includes('`') ? ` ${clean} ` : clean}${fence}`;
}
