import type { Rule } from '../../service/rules';
import { resolveStoreName, resolveStoreSpec, storeMap, str, valueOf, workers } from '../util';
import { hasEnvRef } from '../grammars';
import { DOCS } from './common';

export const workerStore: Rule = {
  id: 'nativelink/worker-store-kind',
  docs: DOCS.runningActions,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-worker/src/local_worker.rs'],
  description: "A worker's cas_fast_slow_store must be a fast_slow store whose fast tier is a filesystem store (ref_store hops are followed).",
  check(ctx) {
    const stores = storeMap(ctx.root);
    for (const w of workers(ctx.root)) {
      const node = valueOf(w.local, 'cas_fast_slow_store');
      const name = str(node);
      if (!node || name === undefined || hasEnvRef(name) || !stores.has(name)) continue;
      const resolved = resolveStoreName(name, stores);
      if (!resolved) continue; // cycle or dangling ref: other rules report it
      if (resolved.kind !== 'fast_slow') {
        ctx.report({
          code: 'nativelink/worker-store-kind',
          severity: 'error',
          message: `Worker store "${name}" is a ${resolved.kind} store, but workers need a fast_slow store (startup fails with "Expected store for LocalWorker's store to be a FastSlowStore").`,
          node,
        });
        continue;
      }
      const fast = resolveStoreSpec(valueOf(resolved.value, 'fast'), stores);
      if (fast && fast.kind !== 'filesystem') {
        ctx.report({
          code: 'nativelink/worker-store-kind',
          severity: 'error',
          message: `The fast tier of worker store "${name}" is a ${fast.kind} store; it must be a filesystem store because the worker hardlinks inputs from it.`,
          node: valueOf(resolved.value, 'fast')?.parent?.children?.[0] ?? node,
        });
      }
    }
  },
};
