import type { Rule } from '../../service/rules';
import { workers } from '../util';
import { hasEnvRef } from '../grammars';
import { DOCS } from './common';

export const duplicateWorkerName: Rule = {
  id: 'nativelink/duplicate-worker-name',
  docs: DOCS.main,
  upstream: ['TraceMachina/nativelink@v1.6.6:src/bin/nativelink.rs'],
  description: 'Two local workers share a name; startup fails with "Duplicate worker name".',
  check(ctx) {
    const seen = new Set<string>();
    for (const w of workers(ctx.root)) {
      if (!w.nameNode || w.name === undefined || w.name === '' || hasEnvRef(w.name)) continue;
      if (seen.has(w.name)) {
        ctx.report({
          code: 'nativelink/duplicate-worker-name',
          severity: 'error',
          message: `Worker name "${w.name}" is used by an earlier worker; names must be unique (leave it empty to get worker_<index>).`,
          node: w.nameNode,
        });
      } else seen.add(w.name);
    }
  },
};
