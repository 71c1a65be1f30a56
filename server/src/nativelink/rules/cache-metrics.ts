import type { Rule } from '../../service/rules';
import { resolveStoreName, serviceEntries, storeMap, str, valueOf, visitSpec } from '../util';
import { formatKey, keyStyle } from '../edits';
import { guide } from './common';

export const cacheMetrics: Rule = {
  id: 'nativelink/cache-metrics-missing',
  docs: guide('Cache Metrics Missing'),
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/cache_metrics_store.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-store/src/default_store_factory.rs',
  ],
  description: 'CAS/AC stores not wrapped in cache_metrics emit no nativelink_cache_* metrics, so cache dashboards stay empty.',
  advice: true,
  check(ctx) {
    const stores = storeMap(ctx.root);
    const done = new Set<string>();
    for (const e of serviceEntries(ctx.root)) {
      const field = e.service === 'ac' ? 'ac_store' : e.service === 'cas' ? 'cas_store' : undefined;
      if (!field) continue;
      const name = str(valueOf(e.body, field));
      if (name === undefined || done.has(name) || !stores.has(name)) continue;
      done.add(name);
      const top = stores.get(name)!;
      let wrapped = false;
      visitSpec(top.entry, top, (_h, kind) => {
        if (kind === 'cache_metrics') wrapped = true;
      }, 0);
      const resolved = resolveStoreName(name, stores);
      if (wrapped || !top.kindProp || resolved?.kind === 'cache_metrics' || top.kind === 'ref_store') continue;
      const style = keyStyle(ctx.text, top.entry);
      const k = (n: string) => formatKey(n, style);
      const kp = top.kindProp;
      ctx.report({
        code: 'nativelink/cache-metrics-missing',
        severity: 'information',
        message: `Store "${name}" serves the ${e.service.toUpperCase()} but is not wrapped in cache_metrics, so no nativelink_cache_* metrics (hit rate, latency) are recorded for it.`,
        node: top.nameNode,
        fixes: [
          {
            title: `Wrap "${name}" in cache_metrics`,
            edits: [
              { offset: kp.offset, length: 0, newText: `${k('cache_metrics')}: { ${k('cache_type')}: ${JSON.stringify(e.service)}, ${k('backend')}: { ` },
              { offset: kp.offset + kp.length, length: 0, newText: ' } }' },
            ],
            isPreferred: true,
          },
        ],
      });
    }
  },
};
