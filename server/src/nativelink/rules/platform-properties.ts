import type { Rule } from '../../service/rules';
import { items, keyName, propValue, props, str, valueOf, visitSchedulerSpecs, workers } from '../util';
import { hasEnvRef } from '../grammars';
import { DOCS } from './common';

export const platformProperties: Rule = {
  id: 'nativelink/platform-properties',
  docs: DOCS.schedulers,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-scheduler/src/platform_property_manager.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/schedulers.rs',
  ],
  description: 'Worker platform_properties must agree with the types the schedulers declare (e.g. numeric values for "minimum").',
  check(ctx) {
    // Property types declared by simple schedulers in this file.
    const declared = new Map<string, string>();
    visitSchedulerSpecs(ctx.root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      for (const p of props(valueOf(value, 'supported_platform_properties'))) {
        const t = str(propValue(p));
        if (t) declared.set(keyName(p), t);
      }
    });
    for (const w of workers(ctx.root)) {
      if (!w.local) continue;
      const pp = valueOf(w.local, 'platform_properties');
      if (!pp) continue; // missing key: reported by the schema walker
      for (const p of props(pp)) {
        const name = keyName(p);
        const type = declared.get(name);
        const values = items(valueOf(propValue(p), 'values'));
        if (type === 'minimum') {
          for (const v of values) {
            const s = str(v);
            if (s !== undefined && !hasEnvRef(s) && !/^\s*\d+\s*$/.test(s)) {
              ctx.report({
                code: 'nativelink/platform-properties',
                severity: 'warning',
                message: `The scheduler declares "${name}" as a minimum (numeric) property, but this worker advertises "${s}", which is not a whole number; it can never satisfy a request.`,
                node: v,
              });
            }
          }
        }
        if (type && type !== 'priority' && values.length > 1) {
          ctx.report({
            code: 'nativelink/platform-properties',
            severity: 'warning',
            message: `"${name}" is declared as "${type}"; only "priority" properties are meant to carry several values on a worker.`,
            node: p.children![0],
          });
        }
      }
    }
  },
};
