import type { Rule } from '../../service/rules';
import { valueOf, workers } from '../util';
import { DOCS, setFix } from './common';

export const workerNamespaces: Rule = {
  id: 'nativelink/worker-namespaces',
  docs: DOCS.worker,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-worker/src/local_worker.rs'],
  description: 'use_mount_namespace requires use_namespaces: true.',
  check(ctx) {
    for (const w of workers(ctx.root)) {
      const mount = valueOf(w.local, 'use_mount_namespace');
      if (mount?.value !== true || valueOf(w.local, 'use_namespaces')?.value === true) continue;
      ctx.report({
        code: 'nativelink/worker-namespaces',
        severity: 'error',
        message: 'use_mount_namespace needs use_namespaces: true; otherwise startup fails with "Mount namespaces not supported".',
        node: mount.parent!.children![0],
        fixes: [setFix(ctx, 'Set use_namespaces: true', w.local!, 'use_namespaces', true)],
      });
    }
  },
};
