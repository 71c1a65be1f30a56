/** The NativeLink config language engine plugged into the shared language service. */
import type { ASTNode } from '../parser/ast';
import type { JSONSchema, LanguageEngine, ValueSuggestion } from '../service/engine';
import { nativelinkGrammars, EXPANDED_GRAMMARS, hasEnvRef } from './grammars';
import { nativelinkRules } from './rules';
import { nativelinkSymbols } from './symbols';
import { insertPropertyEdit } from './edits';
import { keyName, props, propValue, str, topSchedulers, topStores, valueOf, visitSchedulerSpecs } from './util';

import * as fs from 'node:fs';
import * as path from 'node:path';

/** esbuild inlines the JSON into the bundles; the transpiled test tree (out/) reads the source file instead. */
function loadSchema(): JSONSchema {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../../schemas/nativelink-config.schema.json') as JSONSchema;
  } catch {
    for (const rel of ['../../../schemas', '../../../../schemas']) {
      try {
        return JSON.parse(fs.readFileSync(path.join(__dirname, rel, 'nativelink-config.schema.json'), 'utf8')) as JSONSchema;
      } catch {
        /* next location */
      }
    }
    return {};
  }
}

const schema: JSONSchema = loadSchema();

const SIZE_EXAMPLES: ValueSuggestion[] = [
  { label: '"1gb"', detail: '1,000,000,000 bytes' },
  { label: '"10gb"', detail: '10,000,000,000 bytes' },
  { label: '"512mib"', detail: '536,870,912 bytes' },
  { label: '"64kb"', detail: '64,000 bytes' },
];
const DURATION_EXAMPLES: ValueSuggestion[] = [
  { label: '30', detail: '30 seconds' },
  { label: '"30s"', detail: '30 seconds' },
  { label: '"5m"', detail: '300 seconds' },
  { label: '"1h30m"', detail: '5,400 seconds' },
];

function grammarOf(s: JSONSchema | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s['x-grammar'] === 'string') return s['x-grammar'];
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(s[k])) for (const b of s[k]) if (typeof b?.['x-grammar'] === 'string') return b['x-grammar'];
  }
  return undefined;
}

function suggestValues(root: ASTNode, path: (string | number)[], propertySchema: JSONSchema | undefined): ValueSuggestion[] {
  const refKind = propertySchema?.['x-ref-kind'];
  if (refKind === 'store') {
    return topStores(root).map((s) => ({ label: s.name, detail: `${s.kind ?? 'store'} store` }));
  }
  if (refKind === 'scheduler') {
    return topSchedulers(root).map((s) => ({ label: s.name, detail: `${s.kind ?? ''} scheduler`.trim() }));
  }
  // A key inside a worker's platform_properties: property names declared by schedulers.
  const ppIndex = path.lastIndexOf('platform_properties');
  if (ppIndex >= 0 && path[0] === 'workers' && path.length === ppIndex + 1) {
    const out = new Map<string, ValueSuggestion>();
    visitSchedulerSpecs(root, (_h, kind, value) => {
      if (kind !== 'simple') return;
      for (const p of props(valueOf(value, 'supported_platform_properties'))) {
        const t = str(propValue(p));
        out.set(keyName(p), { label: keyName(p), detail: t ? `${t} property` : 'platform property' });
      }
    });
    return [...out.values()];
  }
  const g = grammarOf(propertySchema);
  if (g === 'size') return SIZE_EXAMPLES;
  if (g === 'duration' || g === 'duration-signed') return DURATION_EXAMPLES;
  return [];
}

function isRuntimeValue(node: ASTNode, s: JSONSchema | undefined): boolean {
  if (node.type !== 'string' || typeof node.value !== 'string' || !hasEnvRef(node.value)) return false;
  const g = grammarOf(s);
  return g !== undefined && EXPANDED_GRAMMARS.has(g);
}

export const nativelinkEngine: LanguageEngine = {
  kind: 'nativelink',
  schema,
  rules: nativelinkRules,
  grammars: nativelinkGrammars,
  symbols: nativelinkSymbols,
  suggestValues,
  isRuntimeValue,
  insertProperty: insertPropertyEdit,
};
