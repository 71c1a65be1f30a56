/**
 * Platform properties from a NativeLink config: what the simple scheduler declares (`supported_platform_properties`)
 * and which keys each local worker advertises (`platform_properties`). Used to explain actions no worker matches:
 * an action that requests a declared `minimum`, `exact` or `priority` property matches only workers that advertise the
 * key; `ignore` never restricts
 * (nativelink-util/src/platform_properties.rs, `is_satisfied_by`, at v1.6.6).
 */
import type { ConfigFacts } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function platformFacts(root: unknown, scheduler: Obj | undefined): Pick<ConfigFacts, 'supportedPlatformProperties' | 'workerPlatformProperties'> {
  const out: Pick<ConfigFacts, 'supportedPlatformProperties' | 'workerPlatformProperties'> = {};
  const declared = scheduler?.supported_platform_properties;
  if (isObj(declared)) {
    out.supportedPlatformProperties = Object.fromEntries(Object.entries(declared).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  if (isObj(root) && Array.isArray(root.workers)) {
    const keys: string[][] = [];
    for (const w of root.workers) {
      const pp = isObj(w) && isObj(w.local) ? w.local.platform_properties : undefined;
      if (isObj(pp)) keys.push(Object.keys(pp));
    }
    if (keys.length) out.workerPlatformProperties = keys;
  }
  return out;
}

/** Declared properties (other than `ignore`) that no local worker of the open configs advertises. */
export function unadvertised(facts: ConfigFacts | undefined): string[] {
  const declared = facts?.supportedPlatformProperties;
  const workers = facts?.workerPlatformProperties;
  if (!declared || !workers?.length) return [];
  const advertised = new Set(workers.flat());
  return Object.entries(declared)
    .filter(([k, t]) => t !== 'ignore' && !advertised.has(k))
    .map(([k]) => k)
    .sort();
}
