/**
 * Text from the document quoted in a message is cut to a readable length: a 4 MB key must not become
 * 8 MB of diagnostics (issue 10, defect 6). The cut never splits a surrogate pair.
 */
export const MAX_QUOTED = 80;
const MAX_MESSAGE = 1000;

/** `s` cut to `max` characters, with an ellipsis when cut. */
export function clip(s: string, max = MAX_QUOTED): string {
  if (s.length <= max) return s;
  const end = isHighSurrogate(s.charCodeAt(max - 1)) ? max - 1 : max;
  return s.slice(0, end) + '…';
}

/** `"s"` (no escaping, as messages have always shown keys), cut to `max` characters. */
export function quote(s: string, max = MAX_QUOTED): string {
  return `"${clip(s, max)}"`;
}

/** JSON.stringify(v), with a string value cut to `max` characters first. */
export function jsonQuote(v: unknown, max = MAX_QUOTED): string {
  return JSON.stringify(typeof v === 'string' ? clip(v, max) : v);
}

/**
 * Safety net applied to every diagnostic: any rule that quotes document text unbounded still yields a
 * short message. Long unbroken runs are cut where they are (so the rule's own words survive), then the whole.
 */
export function boundMessage(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  return clip(message.replace(/\S{81,}/g, (run) => clip(run)), MAX_MESSAGE);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
