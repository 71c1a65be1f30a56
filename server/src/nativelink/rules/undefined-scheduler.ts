import type { Rule } from '../../service/rules';
import { collectReferences, schedulerMap } from '../util';
import { hasEnvRef } from '../grammars';
import { DOCS, replaceFix } from './common';
import { suggestions } from '../../service/similar';

export const undefinedScheduler: Rule = {
  id: 'nativelink/undefined-scheduler',
  docs: DOCS.schedulers,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:src/bin/nativelink.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-service/src/execution_server.rs',
  ],
  description: 'A scheduler name is referenced but no entry in `schedulers` has that name.',
  check(ctx) {
    const scheds = schedulerMap(ctx.root);
    const names = [...scheds.keys()];
    for (const ref of collectReferences(ctx.root)) {
      if (ref.kind !== 'scheduler' || scheds.has(ref.name) || hasEnvRef(ref.name)) continue;
      const { near: close, offer } = suggestions(ref.name, names);
      const near = close[0];
      ctx.report({
        code: 'nativelink/undefined-scheduler',
        severity: 'error',
        message:
          `No scheduler named "${ref.name}" is defined in \`schedulers\` (referenced by ${ref.field}).` +
          (near ? ` Did you mean "${near}"?` : names.length ? ` Defined schedulers: ${names.map((n) => `"${n}"`).join(', ')}.` : ''),
        node: ref.node,
        fixes: offer.length ? offer.map((n, i) => ({ ...replaceFix(`Change to "${n}"`, ref.node, n), isPreferred: i === 0 && n === near })) : undefined,
      });
    }
  },
};
