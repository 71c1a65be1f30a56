import type { Rule } from '../../service/rules';
import { num, str, valueOf } from '../util';
import { DOCS, insertFix, replaceFix } from './common';

export const globalConfig: Rule = {
  id: 'nativelink/global-max-open-files',
  docs: DOCS.server,
  description: 'When `global` is present, max_open_files is required (despite its documented default) and should be above 10.',
  check(ctx) {
    const global = valueOf(ctx.root, 'global');
    if (!global || global.type !== 'object') return;
    const node = valueOf(global, 'max_open_files');
    if (!node) {
      ctx.report({
        code: 'nativelink/global-max-open-files',
        severity: 'error',
        message: '`global` is present but has no max_open_files; serde requires it here (the "default 24576" only applies when `global` is omitted entirely).',
        node: global.parent!.children![0],
        fixes: [insertFix(ctx, 'Add max_open_files: 24576', global, 'max_open_files', 24576)],
      });
      return;
    }
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
