import type { Rule } from '../../service/rules';
import type { ASTNode } from '../../parser/ast';
import { keyName, props } from '../util';
import { removeProperty } from '../edits';
import { DOCS } from './common';

/** Accepted old spellings (serde `alias`) and the current key. */
export const ALIASES: Record<string, string> = {
  persist_stream_on_disconnect_timeout: 'persist_stream_on_disconnect_timeout_s',
  experimental_http2_keep_alive_timeout: 'experimental_http2_keep_alive_timeout_s',
  max_action_timeout: 'max_action_timeout_s',
  max_upload_timeout: 'max_upload_timeout_s',
};

/**
 * Subtrees walked whole without an alias key. A node the next parse keeps keeps its subtree (json5Reuse.ts),
 * so on a keystroke only the edited entry and the nodes above it are walked again.
 */
const aliasFree = new WeakSet<ASTNode>();

/** Calls `cb` on every object that has an alias key; true when the whole subtree was walked and had none. */
function walk(node: ASTNode | undefined, cb: (obj: ASTNode) => void, depth = 0): boolean {
  if (!node) return true;
  if (depth > 64) return false;
  if (aliasFree.has(node)) return true;
  // Most objects have no legacy key at all: look before allocating anything (this runs on every object).
  let free = !(node.type === 'object' && (node.children ?? []).some((p) => Object.prototype.hasOwnProperty.call(ALIASES, String(p.children?.[0]?.value))));
  if (!free) cb(node);
  for (const c of node.children ?? []) if (!walk(c.type === 'property' ? c.children?.[1] : c, cb, depth + 1)) free = false;
  if (free) aliasFree.add(node);
  return free;
}

export const aliasConflict: Rule = {
  id: 'nativelink/alias-conflict',
  docs: DOCS.server,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-config/src/cas_server.rs'],
  description: 'An object sets both a legacy alias and its current key (serde reports a duplicate field).',
  check(ctx) {
    walk(ctx.root, (obj) => {
      const ps = props(obj);
      const keys = new Map(ps.map((p) => [keyName(p), p]));
      for (const [alias, current] of Object.entries(ALIASES)) {
        const a = keys.get(alias);
        if (!a || !keys.has(current)) continue;
        ctx.report({
          code: 'nativelink/alias-conflict',
          severity: 'error',
          message: `"${alias}" is the old spelling of "${current}", and both are set; the binary rejects this as a duplicate field.`,
          node: a.children![0],
          fixes: [{ title: `Remove "${alias}"`, edits: removeProperty(ctx.text, a), isPreferred: true }],
        });
      }
    });
  },
};
