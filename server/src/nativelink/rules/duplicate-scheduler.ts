import type { Rule } from '../../service/rules';
import { topSchedulers } from '../util';
import { DOCS } from './common';

export const duplicateScheduler: Rule = {
  id: 'nativelink/duplicate-scheduler',
  docs: DOCS.schedulers,
  upstream: ['TraceMachina/nativelink@v1.6.6:src/bin/nativelink.rs'],
  description: 'Two schedulers share one name; the binary silently keeps only the later one.',
  check(ctx) {
    const seen = new Set<string>();
    for (const s of topSchedulers(ctx.root)) {
      if (seen.has(s.name)) {
        ctx.report({
          code: 'nativelink/duplicate-scheduler',
          severity: 'warning',
          message: `Scheduler name "${s.name}" is used twice; NativeLink does not complain but this later entry replaces the earlier one everywhere.`,
          node: s.nameNode,
        });
      } else seen.add(s.name);
    }
  },
};
