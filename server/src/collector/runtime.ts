/**
 * `${env:VAR}`, `${VAR}`, `${env:VAR:-default}`, `${file:path}`, `${http(s)://...}` and `$$` escapes:
 * values the collector expands at load time, so they are never type errors.
 */
import type { ASTNode } from '../parser/ast';

const REF_RE = /\$\{[^{}]*\}/;
const WHOLE_REF_RE = /^\s*\$\{[^{}]+\}\s*$/;

/** True when the string contains a provider/env reference (or an escaped `$$`). */
export function hasRuntimeReference(s: string): boolean {
  return REF_RE.test(s) || s.includes('$$');
}

/** True when the whole value is one reference: its type is decided by the expanded text. */
export function isWholeReference(s: string): boolean {
  return WHOLE_REF_RE.test(s);
}

export function isRuntimeNode(node: ASTNode | undefined): boolean {
  return !!node && node.type === 'string' && typeof node.value === 'string' && hasRuntimeReference(node.value);
}

/** Port of an `endpoint`-like value (host:port, scheme://host:port/path); undefined when absent or runtime. */
export function endpointPort(value: string): { port: string; offset: number } | undefined {
  if (hasRuntimeReference(value)) {
    // A literal port after the last reference is still checkable: ${env:HOST}:4317
    const m = /\}:(\d+)(?:\/.*)?$/.exec(value);
    if (m) return { port: m[1], offset: value.lastIndexOf(':' + m[1]) + 1 };
    return undefined;
  }
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\[[^\]]*\]|[^/:]*):(\d+|[^/]*)(?:\/.*)?$/i.exec(value);
  if (!m) return undefined;
  const idx = value.indexOf(':' + m[1], value.indexOf('://') >= 0 ? value.indexOf('://') + 3 : 0);
  return { port: m[1], offset: idx + 1 };
}
