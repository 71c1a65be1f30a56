import type { Rule } from '../../service/rules';
import { keyName, num, propValue, props, servers, str, valueOf } from '../util';
import { formatKey, indentUnit, keyStyle } from '../edits';
import { DOCS } from './common';

function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

export const legacyBytestream: Rule = {
  id: 'nativelink/legacy-bytestream',
  docs: DOCS.backcompat,
  upstream: ['TraceMachina/nativelink@v1.6.6:nativelink-config/src/backcompat.rs'],
  description: 'bytestream written as the old single object with cas_stores (deprecated); the current form is a list of {instance_name, cas_store, …}.',
  check(ctx) {
    for (const s of servers(ctx.root)) {
      const bs = valueOf(s.services, 'bytestream');
      if (!bs || bs.type !== 'object') continue;
      const casStores = valueOf(bs, 'cas_stores');
      const style = keyStyle(ctx.text, bs);
      const k = (n: string) => formatKey(n, style);
      const unit = indentUnit(ctx.text);
      const base = lineIndent(ctx.text, bs.parent!.offset);
      const i1 = base + unit;
      const i2 = i1 + unit;
      const shared = props(bs).filter((p) => !['cas_stores', 'max_decoding_message_size'].includes(keyName(p)));
      const entries = props(casStores)
        .filter((p) => str(propValue(p)) !== undefined)
        .map((p) => {
          const lines = [`${k('instance_name')}: ${JSON.stringify(keyName(p))}`, `${k('cas_store')}: ${JSON.stringify(str(propValue(p)))}`];
          for (const sp of shared) {
            const v = propValue(sp);
            if (!v) continue;
            const key = keyName(sp) === 'persist_stream_on_disconnect_timeout' ? 'persist_stream_on_disconnect_timeout_s' : keyName(sp);
            lines.push(`${k(key)}: ${ctx.text.slice(v.offset, v.offset + v.length)}`);
          }
          return `${i1}{\n${lines.map((l) => `${i2}${l},`).join('\n')}\n${i1}},`;
        });
      const newText = entries.length ? `[\n${entries.join('\n')}\n${base}]` : '[]';
      const mdms = valueOf(bs, 'max_decoding_message_size');
      const dropped = mdms && (num(mdms) ?? 1) !== 0 ? ' Its max_decoding_message_size is ignored now; set it on the HTTP listener instead.' : '';
      ctx.report({
        code: 'nativelink/legacy-bytestream',
        severity: 'hint',
        message: `This bytestream block uses the deprecated single-object form with cas_stores; NativeLink converts it with a warning. Use a list of { instance_name, cas_store } entries.${dropped}`,
        node: bs.parent!.children![0],
        tags: ['deprecated'],
        fixes: casStores ? [{ title: 'Convert bytestream to the list form', edits: [{ offset: bs.offset, length: bs.length, newText }], isPreferred: true }] : undefined,
      });
    }
  },
};
