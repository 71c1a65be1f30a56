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

function walk(node: ASTNode | undefined, cb: (obj: ASTNode) => void, depth = 0) {
  if (!node || depth > 64) return;
  if (node.type === 'object') cb(node);
  for (const c of node.children ?? []) walk(c.type === 'property' ? c.children?.[1] : c, cb, depth + 1);
}

export const aliasConflict: Rule = {
  id: 'nativelink/alias-conflict',
  docs: DOCS.server,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-config/src/cas_server.rs'],
  description: 'An object sets both a legacy alias and its current key (serde reports a duplicate field).',
  check(ctx) {
    walk(ctx.root, (obj) => {
      // Most objects have no legacy key at all: look before allocating anything (this runs on every object).
      if (!(obj.children ?? []).some((p) => Object.prototype.hasOwnProperty.call(ALIASES, String(p.children?.[0]?.value)))) return;
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
