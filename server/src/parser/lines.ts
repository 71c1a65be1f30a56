/**
 * Line arithmetic on raw text. `text.lastIndexOf('\n', offset - 1)` alone is wrong at offset 0: a negative
 * fromIndex is clamped to 0, so a document starting with a blank line answers 0 and the "line start" lands
 * after the offset. A backwards line walk built on it never advances (issue 10, defect 1).
 */

/** Offset of the first character of the line containing `offset` (always <= offset). */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Start of the line before the one starting at `lineStart`, or -1 on the first line; always < lineStart. */
export function previousLineStart(text: string, lineStart: number): number {
  return lineStart <= 0 ? -1 : lineStartAt(text, lineStart - 1);
}
