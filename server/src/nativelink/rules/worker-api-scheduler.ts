import type { Rule } from '../../service/rules';
import { schedulerBase, schedulerMap, servers, str, valueOf } from '../util';
import { DOCS } from './common';

export const workerApiScheduler: Rule = {
  id: 'nativelink/worker-api-scheduler',
  docs: DOCS.main,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/default_scheduler_factory.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-service/src/worker_api_server.rs',
  ],
  description: 'worker_api needs a scheduler that can manage workers: `simple`, or a wrapper around a simple scheduler (not grpc).',
  check(ctx) {
    const scheds = schedulerMap(ctx.root);
    for (const s of servers(ctx.root)) {
      const node = valueOf(valueOf(s.services, 'worker_api'), 'scheduler');
      const name = str(node);
      if (!node || name === undefined) continue;
      const entry = scheds.get(name);
      if (!entry) continue;
      const base = schedulerBase(entry.entry);
      if (base === 'grpc') {
        ctx.report({
          code: 'nativelink/worker-api-scheduler',
          severity: 'error',
          message: `Scheduler "${name}" forwards to a remote scheduler (grpc) and cannot accept workers; point worker_api at a simple scheduler (or a wrapper around one).`,
          node,
        });
      }
    }
  },
};
