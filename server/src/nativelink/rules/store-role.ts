import type { Rule } from '../../service/rules';
import { resolveStoreName, resolveStoreSpec, serviceEntries, storeMap, str, valueOf } from '../util';
import { DOCS } from './common';

const CAS_ONLY = new Set(['size_partitioning', 'existence_cache', 'dedup', 'ontap_s3_existence_cache']);

export const storeRole: Rule = {
  id: 'nativelink/store-role',
  docs: DOCS.stores,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-config/src/stores.rs'],
  description: 'A store kind used in the wrong role: CAS-only wrappers behind the AC, or completeness_checking behind the CAS.',
  check(ctx) {
    const stores = storeMap(ctx.root);
    for (const e of serviceEntries(ctx.root)) {
      const field = e.service === 'ac' ? 'ac_store' : e.service === 'cas' ? 'cas_store' : undefined;
      if (!field) continue;
      const node = valueOf(e.body, field);
      const name = str(node);
      if (!node || name === undefined || !stores.has(name)) continue;
      let r = resolveStoreName(name, stores);
      // cache_metrics only observes; look at what it wraps.
      for (let d = 0; d < 8 && r?.kind === 'cache_metrics'; d++) r = resolveStoreSpec(valueOf(r.value, 'backend'), stores);
      if (!r) continue;
      let message: string | undefined;
      if (e.service === 'ac' && CAS_ONLY.has(r.kind)) {
        message = `AC store "${name}" is a ${r.kind} store, which only makes sense for content-addressed blobs (AC keys are not sized by content).`;
      } else if (e.service === 'ac' && r.kind === 'verify' && valueOf(r.value, 'verify_hash')?.value === true) {
        message = `AC store "${name}" verifies hashes; action results are not stored under their own hash, so uploads would be rejected. Use verify_hash: false for the AC.`;
      } else if (e.service === 'cas' && r.kind === 'completeness_checking') {
        message = `CAS store "${name}" is a completeness_checking store, which is meant for the action cache, not for blobs.`;
      }
      if (message) ctx.report({ code: 'nativelink/store-role', severity: 'warning', message, node });
    }
  },
};
