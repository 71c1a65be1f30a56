/**
 * Renders a defaultSnippets body (a JSON value whose strings may hold "${1:x}" placeholders) as
 * snippet text in the target language's style: JSON5 with unquoted keys, or block YAML.
 */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isPlaceholder(s: string): boolean {
  return /^\$\{?\d/.test(s);
}

export function renderJson5(value: unknown, indent: string, unit = '  '): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = value.map((v) => indent + unit + renderJson5(v, indent + unit, unit));
    return `[\n${inner.join(',\n')},\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = entries.map(([k, v]) => `${indent}${unit}${IDENT.test(k) ? k : JSON.stringify(k)}: ${renderJson5(v, indent + unit, unit)}`);
    return `{\n${inner.join(',\n')},\n${indent}}`;
  }
  if (typeof value === 'string') {
    // "^${1:0}" bodies mean "insert the placeholder bare" (numbers, booleans); everything else is a string
    if (value.startsWith('^')) return value.slice(1);
    return `"${value.replace(/"/g, '\\"')}"`;
  }
  return String(value);
}

export function renderYaml(value: unknown, indent: string, unit = '  '): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value
      .map((v) => {
        const body = renderYaml(v, indent + unit, unit);
        return `\n${indent}- ${v && typeof v === 'object' && !Array.isArray(v) ? body.replace(/^\n\s*/, '') : body}`;
      })
      .join('');
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, v]) => {
        const body = renderYaml(v, indent + unit, unit);
        const sep = body.startsWith('\n') ? '' : ' ';
        return `\n${indent}${k}:${sep}${body}`;
      })
      .join('');
  }
  if (typeof value === 'string') {
    if (value.startsWith('^')) return value.slice(1);
    if (isPlaceholder(value) || /^[A-Za-z0-9_./:${}-][^#]*$/.test(value)) return value;
    return JSON.stringify(value);
  }
  return String(value);
}
