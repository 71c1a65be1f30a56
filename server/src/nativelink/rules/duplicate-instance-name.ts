import type { Rule } from '../../service/rules';
import { serviceEntries } from '../util';
import { DOCS } from './common';

export const duplicateInstanceName: Rule = {
  id: 'nativelink/duplicate-instance-name',
  docs: DOCS.server,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-service/src/cas_server.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-service/src/ac_server.rs',
  ],
  description: 'A service list has two entries with the same instance_name; only the last one takes effect.',
  check(ctx) {
    const seen = new Set<string>();
    for (const e of serviceEntries(ctx.root)) {
      if (e.legacy) continue; // map keys: the parser/walker handles duplicate keys
      const key = `${e.server.index}\u0000${e.service}\u0000${e.instanceName}`;
      if (seen.has(key)) {
        ctx.report({
          code: 'nativelink/duplicate-instance-name',
          severity: 'warning',
          message: `"${e.service}" already has an entry for instance "${e.instanceName}" on this server; the binary keeps only the last one.`,
          node: e.instanceNode,
          range: e.instanceNode ? undefined : { offset: e.body.offset, length: 1 },
        });
      } else seen.add(key);
    }
  },
};
