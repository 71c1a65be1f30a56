/** Docs links and small helpers shared by the NativeLink rules. */
import type { ASTNode } from '../../parser/ast';
import type { Fix, RuleContext } from '../../service/rules';
import { insertProperty, keyStyle, formatValue, replaceValue, setProperty } from '../edits';

const SRC = 'https://github.com/TraceMachina/nativelink/blob/v1.6.6/';
export const DOCS = {
  stores: `${SRC}nativelink-config/src/stores.rs`,
  schedulers: `${SRC}nativelink-config/src/schedulers.rs`,
  server: `${SRC}nativelink-config/src/cas_server.rs`,
  backcompat: `${SRC}nativelink-config/src/backcompat.rs`,
  serdeUtils: `${SRC}nativelink-config/src/serde_utils.rs`,
  main: `${SRC}src/bin/nativelink.rs`,
  worker: `${SRC}nativelink-worker/src/local_worker.rs`,
  runningActions: `${SRC}nativelink-worker/src/running_actions_manager.rs`,
  tls: `${SRC}nativelink-util/src/tls_utils.rs`,
};

export const GUIDE_BASE = 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting';

/** Guide link from a section title: lower-case, spaces to '-'. */
export function guide(section: string): string {
  return `${GUIDE_BASE}#${section.toLowerCase().replace(/\s+/g, '-')}`;
}

/** Fix that sets `key` to a JS value in `obj` (insert or replace), formatted in the file's style. */
export function setFix(ctx: RuleContext, title: string, obj: ASTNode, key: string, value: unknown, preferred = true): Fix {
  return { title, edits: setProperty(ctx.text, obj, key, formatValue(value, keyStyle(ctx.text, obj))), isPreferred: preferred };
}

export function insertFix(ctx: RuleContext, title: string, obj: ASTNode, key: string, value: unknown, preferred = true): Fix {
  return { title, edits: insertProperty(ctx.text, obj, key, formatValue(value, keyStyle(ctx.text, obj))), isPreferred: preferred };
}

export function replaceFix(title: string, node: ASTNode, value: unknown, preferred = true): Fix {
  return { title, edits: replaceValue(node, formatValue(value)), isPreferred: preferred };
}
