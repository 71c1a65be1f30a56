import type { Rule } from '../../service/rules';
import { num, str, valueOf, visitStoreSpecs, workers } from '../util';
import { hasEnvRef, parseDurationExact } from '../grammars';
import { DOCS, replaceFix } from './common';

export const unitTrap: Rule = {
  id: 'nativelink/unit-trap',
  docs: DOCS.serdeUtils,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/cas_server.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/stores.rs',
  ],
  description: 'Fields whose unit differs from what their name or docs suggest (max_cleanup_backoff_ms strings, GCS timeouts in seconds).',
  advice: true,
  check(ctx) {
    for (const w of workers(ctx.root)) {
      const n = valueOf(w.local, 'max_cleanup_backoff_ms');
      const s = str(n);
      if (!n || s === undefined || hasEnvRef(s)) continue;
      const r = parseDurationExact(s);
      if (!r.ok) continue;
      const intended = Math.round(r.value * 1000);
      ctx.report({
        code: 'nativelink/unit-trap',
        severity: 'warning',
        message: `max_cleanup_backoff_ms is parsed as a duration in seconds but used as milliseconds: "${s}" becomes ${Math.floor(r.value)} ms, not ${intended} ms. Write the number of milliseconds as an integer.`,
        node: n,
        fixes: [replaceFix(`Use ${intended} (milliseconds)`, n, intended)],
      });
    }
    visitStoreSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'experimental_cloud_object_store' || str(valueOf(value, 'provider')) !== 'gcs') return;
      for (const f of ['connection_timeout_s', 'read_timeout_s']) {
        const n = valueOf(value, f);
        const v = num(n);
        if (!n || v === undefined || v < 1000) continue;
        ctx.report({
          code: 'nativelink/unit-trap',
          severity: 'warning',
          message: `${f} is in seconds (despite older docs saying milliseconds): ${v} means ${Math.round(v / 60)} minutes.`,
          node: n,
          fixes: [replaceFix(`Use ${Math.max(1, Math.round(v / 1000))} seconds`, n, Math.max(1, Math.round(v / 1000)))],
        });
      }
    });
  },
};
