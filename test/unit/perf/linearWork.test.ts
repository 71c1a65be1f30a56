/**
 * Every rule, the schema walk and navigation must do work linear (or n log n) in the document. The project
 * forbids timed tests, so this counts work instead of timing it: every read of an AST node's structure
 * (`children`, `parent`, `value`, `type`) and every keyed lookup (Map/Set get, has, set, add) made while one rule
 * runs alone. Counts are exact and repeatable, so the test cannot flake on a busy machine. The same shape is
 * generated at n and 4n; a linear rule does about 4× the work, n log n a little more, a quadratic one 16×.
 * The bound (6×) sits between the two with room for fixed costs. Lookups are counted because graph searches
 * (the old per-store ref_store search) are quadratic in Map/Set traffic without touching the AST more often.
 */
import * as assert from 'node:assert';
import { join } from 'node:path';
import type { ASTNode } from '../../../server/src/parser/ast';
import { parseJson5 } from '../../../server/src/parser/json5';
import { parseYaml } from '../../../server/src/parser/yaml';
import { validateSchema } from '../../../server/src/schema/validate';
import { engines } from '../../../server/src/service/engines';
import type { LanguageEngine } from '../../../server/src/service/engine';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import type { DocKind, Rule } from '../../../server/src/service/rules';
import { defaultSettings } from '../../../server/src/service/settings';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO_ROOT } from '../../sharedPaths';

const MAX_RATIO = 6;

interface Generators {
  generateNativeLink(o: { lines: number }): string;
  generateCollector(o: { components: number; pipelines: number }): string;
  generateRefChain(o: { stores: number }): string;
  generateManyStores(o: { stores: number }): string;
  generateDeepNesting(o: { depth: number }): string;
}

// The bench generators are ES modules; mocha runs CommonJS, whose transpiled import() would become require().
const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<Generators>;

let work = 0;
const COUNTED = ['children', 'parent', 'value', 'type'] as const;

/** Parse, then turn the structural fields of every node into counting getters (identity is kept). */
function instrument(root: ASTNode | undefined): void {
  const stack = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    for (const c of node.children ?? []) stack.push(c);
    for (const field of COUNTED) {
      let v = (node as unknown as Record<string, unknown>)[field];
      Object.defineProperty(node, field, {
        get: () => (work++, v),
        set: (x) => (v = x),
        enumerable: true,
        configurable: true,
      });
    }
  }
}

/** Counts keyed lookups while `fn` runs (restored afterwards, even on a throw). */
function counting<T>(fn: () => T): { result: T; work: number } {
  const patched: [object, string, unknown][] = [];
  for (const proto of [Map.prototype, Set.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
    for (const m of ['get', 'has', 'set', 'add']) {
      const orig = proto[m];
      if (!orig) continue;
      patched.push([proto, m, orig]);
      proto[m] = function (this: unknown, ...a: unknown[]) {
        work++;
        return orig.apply(this, a);
      };
    }
  }
  work = 0;
  try {
    const result = fn();
    return { result, work };
  } finally {
    for (const [proto, m, orig] of patched) (proto as Record<string, unknown>)[m] = orig;
  }
}

interface Parsed {
  text: string;
  root: ASTNode;
}

interface Shape {
  name: string;
  kind: DocKind;
  small: Parsed;
  large: Parsed;
}

/** Parsed and instrumented once per shape: rules and the schema walk only read the tree. */
function parsed(kind: DocKind, text: string): Parsed {
  const parse = kind === 'nativelink' ? parseJson5(text) : parseYaml(text);
  assert.ok(parse.root, 'generated config parses');
  instrument(parse.root);
  return { text, root: parse.root };
}

function ruleWork(rule: Rule, kind: DocKind, { text, root }: Parsed): number {
  return counting(() => rule.check({ uri: 'file:///bench', text, root, kind, settings: defaultSettings, report: () => undefined })).work;
}

function schemaWork(engine: LanguageEngine, { text, root }: Parsed): number {
  return counting(() => validateSchema(root, engine, text)).work;
}

function assertLinear(what: string, small: number, large: number): void {
  const ratio = large / Math.max(small, 1);
  assert.ok(ratio <= MAX_RATIO, `${what}: 4× the input took ${ratio.toFixed(1)}× the work (${small} → ${large}); linear would be about 4×`);
}

describe('every rule, the schema walk and navigation do linear work', function () {
  this.timeout(120_000);
  const shapes: Shape[] = [];

  before(async () => {
    const g = await importEsm(join(REPO_ROOT, 'test', 'bench', 'generate.mjs'));
    const shape = (name: string, kind: DocKind, small: string, large: string) => shapes.push({ name, kind, small: parsed(kind, small), large: parsed(kind, large) });
    shape('generated NativeLink config', 'nativelink', g.generateNativeLink({ lines: 1250 }), g.generateNativeLink({ lines: 5000 }));
    shape('ref_store chain', 'nativelink', g.generateRefChain({ stores: 95 }), g.generateRefChain({ stores: 380 }));
    shape('many stores under one shard', 'nativelink', g.generateManyStores({ stores: 250 }), g.generateManyStores({ stores: 1000 }));
    shape('deep nesting', 'nativelink', g.generateDeepNesting({ depth: 30 }), g.generateDeepNesting({ depth: 120 }));
    shape('generated collector config', 'collector', g.generateCollector({ components: 50, pipelines: 5 }), g.generateCollector({ components: 200, pipelines: 20 }));
    shape('collector with many pipelines', 'collector', g.generateCollector({ components: 403, pipelines: 100 }), g.generateCollector({ components: 1612, pipelines: 400 }));
  });

  it('counts work that a quadratic search would show (self-check of the instrument)', () => {
    const quadratic = (text: string) => {
      const root = parseJson5(text).root;
      instrument(root);
      return counting(() => {
        const stores = root!.children!.find((p) => p.children![0].value === 'stores')!.children![1].children!;
        for (const a of stores) for (const b of stores) void (a.type === b.type);
      }).work;
    };
    assert.throws(() => assertLinear('pairwise', quadratic('{ stores: [' + '{},'.repeat(100) + '] }'), quadratic('{ stores: [' + '{},'.repeat(400) + '] }')));
  });

  for (const kind of ['nativelink', 'collector'] as DocKind[]) {
    for (const rule of engines[kind].rules) {
      it(`${rule.id} alone`, () => {
        for (const s of shapes.filter((x) => x.kind === kind)) assertLinear(`${rule.id} on ${s.name}`, ruleWork(rule, kind, s.small), ruleWork(rule, kind, s.large));
      });
    }
    it(`the ${kind} schema walk`, () => {
      for (const s of shapes.filter((x) => x.kind === kind)) assertLinear(`schema walk on ${s.name}`, schemaWork(engines[kind], s.small), schemaWork(engines[kind], s.large));
    });
  }

  it('prepareRename, references and definition on a 3,000-store ref_store chain (analysis included)', async () => {
    const g = await importEsm(join(REPO_ROOT, 'test', 'bench', 'generate.mjs'));
    const nav = (text: string) => {
      const doc = TextDocument.create('file:///chain.json5', 'json5', 1, text);
      const name = /"(CHAIN_\d+)"/g;
      const names = [...text.matchAll(name)];
      const mid = names[Math.floor(names.length / 2)];
      const pos = doc.positionAt(mid.index! + 2);
      const service = new ConfigLanguageService(engines);
      return counting(() => {
        service.prepareRename(doc, pos, defaultSettings);
        service.references(doc, pos, true, defaultSettings);
        service.definition(doc, pos, defaultSettings);
      }).work;
    };
    assertLinear('navigation on a ref_store chain', nav(g.generateRefChain({ stores: 750 })), nav(g.generateRefChain({ stores: 3000 })));
  });
});
