import type { Rule } from '../../service/rules';
import { serviceEntries, str, valueOf } from '../util';
import { DOCS } from './common';

export const casAcSameStore: Rule = {
  id: 'nativelink/cas-ac-same-store',
  docs: DOCS.server,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-config/src/cas_server.rs'],
  description: 'One instance of a server uses the same store for CAS and AC; the binary rejects this at parse time.',
  check(ctx) {
    const entries = serviceEntries(ctx.root);
    for (const ac of entries.filter((e) => e.service === 'ac')) {
      const acNode = valueOf(ac.body, 'ac_store');
      const acStore = str(acNode);
      if (!acNode || acStore === undefined) continue;
      const clash = entries.find(
        (e) => e.service === 'cas' && e.server === ac.server && e.instanceName === ac.instanceName && str(valueOf(e.body, 'cas_store')) === acStore,
      );
      if (!clash) continue;
      ctx.report({
        code: 'nativelink/cas-ac-same-store',
        severity: 'error',
        message: `CAS and AC of instance "${ac.instanceName}" both use store "${acStore}"; action results and blobs must live in different stores.`,
        node: acNode,
      });
    }
  },
};
