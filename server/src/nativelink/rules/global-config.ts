import type { Rule } from '../../service/rules';
import { num, str, valueOf } from '../util';
import { DOCS, replaceFix } from './common';

export const globalConfig: Rule = {
  id: 'nativelink/global-max-open-files',
  docs: DOCS.server,
  upstream: [
    'TraceMachina/nativelink@v1.6.6:nativelink-config/src/cas_server.rs',
    'TraceMachina/nativelink@v1.6.6:nativelink-util/src/fs.rs',
  ],
  description: 'global.max_open_files must be larger than 10 (values below 24576 log a startup warning).',
  check(ctx) {
    const global = valueOf(ctx.root, 'global');
    if (!global || global.type !== 'object') return;
    const node = valueOf(global, 'max_open_files');
    if (!node) return; // a missing key is the schema walker's `missing-required`
    const v = num(node) ?? (str(node) !== undefined && /^\s*\d+\s*$/.test(str(node)!) ? Number(str(node)) : undefined);
    if (v !== undefined && v !== 0 && v <= 10) {
      ctx.report({
        code: 'nativelink/global-max-open-files',
        severity: 'warning',
        message: `max_open_files is ${v}; it must be larger than 10, and values below 24576 log a startup warning.`,
        node,
        fixes: [replaceFix('Use 24576', node, 24576)],
      });
    }
  },
};
