import type { ASTNode } from '../../parser/ast';
import type { Rule, RuleContext } from '../../service/rules';
import { items, valueOf, visitSchedulerSpecs, visitStoreSpecs, workers } from '../util';
import { DOCS, insertFix } from './common';

function check(ctx: RuleContext, tls: ASTNode | undefined) {
  if (!tls || tls.type !== 'object') return;
  const native = valueOf(tls, 'use_native_roots');
  if (native?.value === true) return;
  const key = tls.parent?.children?.[0] ?? tls;
  if (!valueOf(tls, 'ca_file')) {
    ctx.report({
      code: 'nativelink/client-tls',
      severity: 'error',
      message: 'This tls_config has no ca_file and does not set use_native_roots: true; the client cannot verify the server.',
      node: key,
      fixes: [insertFix(ctx, 'Use the system root certificates', tls, 'use_native_roots', true)],
    });
  }
  const cert = valueOf(tls, 'cert_file');
  const keyFile = valueOf(tls, 'key_file');
  if (!!cert !== !!keyFile) {
    ctx.report({
      code: 'nativelink/client-tls',
      severity: 'error',
      message: cert ? 'cert_file is set without key_file; a client certificate needs its key.' : 'key_file is set without cert_file; a client key needs its certificate.',
      node: (cert ?? keyFile)!.parent!.children![0],
    });
  }
}

export const clientTls: Rule = {
  id: 'nativelink/client-tls',
  docs: DOCS.tls,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-util/src/tls_utils.rs'],
  description: 'Client tls_config needs ca_file (or use_native_roots: true), and cert_file/key_file only as a pair.',
  check(ctx) {
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind === 'grpc') for (const ep of items(valueOf(value, 'endpoints'))) check(ctx, valueOf(ep, 'tls_config'));
    });
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind === 'grpc') check(ctx, valueOf(valueOf(value, 'endpoint'), 'tls_config'));
    });
    for (const w of workers(ctx.root)) check(ctx, valueOf(valueOf(w.local, 'worker_api_endpoint'), 'tls_config'));
  },
};
