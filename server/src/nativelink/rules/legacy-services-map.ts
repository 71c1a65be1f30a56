import type { Rule } from '../../service/rules';
import type { OffsetEdit } from '../../service/rules';
import { INSTANCE_SERVICES, keyName, propValue, props, servers } from '../util';
import { formatKey, keyStyle } from '../edits';
import { DOCS } from './common';

export const legacyServicesMap: Rule = {
  id: 'nativelink/legacy-services-map',
  docs: DOCS.backcompat,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-config/src/backcompat.rs'],
  description: 'Services written as a map keyed by instance name (deprecated); the current form is a list of {instance_name, …}.',
  check(ctx) {
    for (const s of servers(ctx.root)) {
      for (const svc of props(s.services)) {
        const name = keyName(svc);
        if (name === 'bytestream' || !(INSTANCE_SERVICES as readonly string[]).includes(name)) continue;
        const map = propValue(svc);
        if (!map || map.type !== 'object') continue;
        const entries = props(map);
        if (!entries.every((p) => propValue(p)?.type === 'object')) continue;
        const sample = entries.map((p) => propValue(p)!).find((b) => (b.children ?? []).length > 0);
        const style = keyStyle(ctx.text, sample);
        const edits: OffsetEdit[] = [
          { offset: map.offset, length: 1, newText: '[' },
          { offset: map.offset + map.length - 1, length: 1, newText: ']' },
        ];
        for (const p of entries) {
          const body = propValue(p)!;
          const hasFields = (body.children ?? []).length > 0;
          const head = `{ ${formatKey('instance_name', style)}: ${JSON.stringify(keyName(p))}${hasFields ? ',' : ''}`;
          // Replace `"key": {` with `{ instance_name: "key",` keeping the rest of the body as written.
          const afterBrace = body.offset + 1;
          edits.push({ offset: p.offset, length: afterBrace - p.offset, newText: hasFields ? head : `${head} ` });
        }
        ctx.report({
          code: 'nativelink/legacy-services-map',
          severity: 'hint',
          message: `"${name}" uses the deprecated map form keyed by instance name; NativeLink still reads it but logs a warning. Use a list of { instance_name, … } entries.`,
          node: svc.children![0],
          tags: ['deprecated'],
          fixes: [{ title: `Convert "${name}" to the list form`, edits, isPreferred: true }],
        });
      }
    }
  },
};
