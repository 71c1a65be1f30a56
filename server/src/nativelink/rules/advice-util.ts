import type { ASTNode } from '../../parser/ast';
import { parseDuration, hasEnvRef } from '../grammars';
import { num, str } from '../util';

/** Seconds of a duration-typed node, or undefined when unknown (env var, invalid). */
export function durationSeconds(node: ASTNode | undefined): number | undefined {
  const n = num(node);
  if (n !== undefined) return n;
  const s = str(node);
  if (s === undefined || hasEnvRef(s)) return undefined;
  const r = parseDuration(s);
  return r.ok ? r.value : undefined;
}
