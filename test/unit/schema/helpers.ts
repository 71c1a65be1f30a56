/**
 * Shared set-up for the two schema test files (NativeLink and OTel collector): both load a schema from
 * schemas/, compile it with ajv the same strict way, and walk schema objects the same way. Only the
 * keywords each file enforces (the walker's checks it mirrors) differ, so those are passed in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { customKeywordNames, editorKeywordNames } from '../../../server/src/schema/keywords';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export type KeywordDefinition = Parameters<Ajv['addKeyword']>[0];

/** Anchors of x-guide links point into this page. */
export const GUIDE_BASE = 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting#';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`repo root not found above ${start}`);
    dir = up;
  }
}

/** Reads schemas/<file>; the root is searched upwards so this works from test/ and from out/test/. */
export function loadSchema(file: string): Json {
  return JSON.parse(readFileSync(join(findRepoRoot(__dirname), 'schemas', file), 'utf8'));
}

/**
 * Strict ajv with every custom and editor keyword registered (strict mode rejects unknown keywords).
 * Keywords in `enforced` get the given definition so fixtures are checked the way the walker checks
 * them; the rest are annotations only.
 */
export function makeAjv(enforced: Record<string, KeywordDefinition> = {}): Ajv {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  for (const name of new Set([...customKeywordNames, ...editorKeywordNames])) {
    ajv.addKeyword(enforced[name] ?? { keyword: name });
  }
  return ajv;
}

/** Visit every schema object inside `node` (not following $ref), with its JSON path. */
export function walk(node: Json, path: string, visit: (n: Json, path: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((c, i) => walk(c, `${path}[${i}]`, visit));
    return;
  }
  visit(node, path);
  for (const [k, v] of Object.entries(node)) {
    if (k === 'defaultSnippets' || k === 'enum' || k === 'default' || k === 'const' || k.startsWith('x-')) continue;
    walk(v, `${path}/${k}`, visit);
  }
}
