import type { ASTNode } from '../../parser/ast';
import type { Rule, RuleContext } from '../../service/rules';
import { items, str, valueOf, visitSchedulerSpecs, visitStoreSpecs, workers } from '../util';
import { hasEnvRef, uriScheme } from '../grammars';
import { DOCS } from './common';

function checkEndpoint(ctx: RuleContext, uriNode: ASTNode | undefined, tls: ASTNode | undefined) {
  const uri = str(uriNode);
  if (!uriNode || uri === undefined) return;
  const scheme = uriScheme(uri);
  if (!scheme || hasEnvRef(uri.slice(0, uri.indexOf('://')))) return;
  const secure = scheme === 'https' || scheme === 'grpcs';
  const rest = uri.slice(uri.indexOf('://'));
  if (tls && !secure && (scheme === 'grpc' || scheme === 'http')) {
    const to = scheme === 'grpc' ? 'grpcs' : 'https';
    ctx.report({
      code: 'nativelink/tls-scheme',
      severity: 'error',
      message: `A tls_config is set but "${uri}" uses the plaintext scheme "${scheme}"; use ${to}:// (or remove tls_config).`,
      node: uriNode,
      fixes: [{ title: `Use ${to}://`, edits: [{ offset: uriNode.offset, length: uriNode.length, newText: JSON.stringify(to + rest) }], isPreferred: true }],
    });
  } else if (!tls && secure) {
    const to = scheme === 'grpcs' ? 'grpc' : 'http';
    ctx.report({
      code: 'nativelink/tls-scheme',
      severity: 'error',
      message: `"${uri}" asks for TLS (${scheme}) but this endpoint has no tls_config; add one (e.g. { use_native_roots: true }) or use ${to}://.`,
      node: uriNode,
      fixes: [{ title: `Use ${to}://`, edits: [{ offset: uriNode.offset, length: uriNode.length, newText: JSON.stringify(to + rest) }] }],
    });
  }
}

export const tlsScheme: Rule = {
  id: 'nativelink/tls-scheme',
  docs: DOCS.tls,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/tls_utils.rs'],
  description: 'A tls_config requires an https/grpcs endpoint, and https/grpcs requires a tls_config.',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'grpc') return;
      for (const ep of items(valueOf(value, 'endpoints'))) checkEndpoint(ctx, valueOf(ep, 'address'), valueOf(ep, 'tls_config'));
    });
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'grpc') return;
      const ep = valueOf(value, 'endpoint');
      checkEndpoint(ctx, valueOf(ep, 'address'), valueOf(ep, 'tls_config'));
    });
    for (const w of workers(ctx.root)) {
      const ep = valueOf(w.local, 'worker_api_endpoint');
      checkEndpoint(ctx, valueOf(ep, 'uri'), valueOf(ep, 'tls_config'));
    }
  },
};
