import * as assert from 'node:assert/strict';
import JSON5 from 'json5';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type Position } from 'vscode-languageserver-types';
import { assertWellNested, defaultSettings, doc, errorsOf, newService, occurrences, sig, textOf, at, offsetIn } from './helpers';

interface Names {
  cas: string;
  ac: string;
  alias: string;
  worker: string;
  sched: string;
}
const NAMES: Names = { cas: 'CAS_MAIN', ac: 'AC_MAIN', alias: 'CAS_ALIAS', worker: 'WORKER_FAST_SLOW', sched: 'MAIN_SCHEDULER' };

/**
 * A valid config using every kind of store/scheduler reference, with both quote styles. The comment,
 * the second server's name and the instance names are plain text that must never be renamed.
 */
function config(over: Partial<Names> = {}): string {
  const n = { ...NAMES, ...over };
  return `// CAS_MAIN holds blobs; AC_MAIN holds action results (MAIN_SCHEDULER runs them).
{
  stores: [
    { name: "${n.cas}", filesystem: { content_path: "/tmp/nl/cas", temp_path: "/tmp/nl/tmp", eviction_policy: { max_bytes: "10gb" } } },
    { name: '${n.ac}', memory: { eviction_policy: { max_bytes: "100mb" } } },
    { name: "${n.alias}", ref_store: { name: '${n.cas}' } },
    {
      name: "${n.worker}",
      fast_slow: {
        fast: { filesystem: { content_path: "/tmp/nl/w/cas", temp_path: "/tmp/nl/w/tmp", eviction_policy: { max_bytes: "1gb" } } },
        slow: { ref_store: { name: "${n.cas}" } },
      },
    },
  ],
  schedulers: [
    { name: "${n.sched}", simple: { supported_platform_properties: { cpu_count: "minimum" } } },
  ],
  servers: [{
    name: "public",
    listener: { http: { socket_address: "0.0.0.0:50051" } },
    services: {
      cas: [{ instance_name: "main", cas_store: "${n.cas}" }],
      ac: [{ instance_name: "main", ac_store: '${n.ac}' }],
      execution: [{ instance_name: "main", cas_store: "${n.alias}", scheduler: "${n.sched}" }],
      capabilities: [{ instance_name: "main", remote_execution: { scheduler: '${n.sched}' } }],
      bytestream: { cas_stores: { main: "${n.cas}" } },
    },
  }, {
    name: "CAS_MAIN",
    listener: { http: { socket_address: "0.0.0.0:50061" } },
    services: { worker_api: { scheduler: "${n.sched}" } },
  }],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" },
    cas_fast_slow_store: "${n.worker}",
    upload_action_result: { ac_store: "${n.ac}" },
    work_directory: "/tmp/nl/work",
    platform_properties: { cpu_count: { values: ["8"] } },
  } }],
}
`;
}

const TEXT = config();
const open = (text = TEXT) => doc(text, 'nativelink.json5', 'json5');


// Every reference site: [description, context, quoted name as written, defining context].
const DEF = {
  cas: ['name: "CAS_MAIN", filesystem', '"CAS_MAIN"'],
  ac: ["name: 'AC_MAIN', memory", "'AC_MAIN'"],
  alias: ['name: "CAS_ALIAS", ref_store', '"CAS_ALIAS"'],
  worker: ['name: "WORKER_FAST_SLOW"', '"WORKER_FAST_SLOW"'],
  sched: ['name: "MAIN_SCHEDULER", simple', '"MAIN_SCHEDULER"'],
} as const;
const SITES: [string, string, string, keyof typeof DEF][] = [
  ['cas service cas_store', 'cas: [{ instance_name: "main", cas_store: "CAS_MAIN" }]', '"CAS_MAIN"', 'cas'],
  ['ac service ac_store (single quotes)', "ac_store: 'AC_MAIN' }]", "'AC_MAIN'", 'ac'],
  ['top-level ref_store.name (single quotes)', "ref_store: { name: 'CAS_MAIN' }", "'CAS_MAIN'", 'cas'],
  ['fast_slow nested ref_store.name', 'slow: { ref_store: { name: "CAS_MAIN" } }', '"CAS_MAIN"', 'cas'],
  ['execution cas_store naming a ref_store', 'cas_store: "CAS_ALIAS"', '"CAS_ALIAS"', 'alias'],
  ['worker cas_fast_slow_store', 'cas_fast_slow_store: "WORKER_FAST_SLOW"', '"WORKER_FAST_SLOW"', 'worker'],
  ['worker upload_action_result.ac_store', 'upload_action_result: { ac_store: "AC_MAIN" }', '"AC_MAIN"', 'ac'],
  ['legacy bytestream cas_stores map', 'cas_stores: { main: "CAS_MAIN" }', '"CAS_MAIN"', 'cas'],
  ['execution scheduler', 'scheduler: "MAIN_SCHEDULER" }]', '"MAIN_SCHEDULER"', 'sched'],
  ['capabilities remote_execution.scheduler (single quotes)', "remote_execution: { scheduler: 'MAIN_SCHEDULER' }", "'MAIN_SCHEDULER'", 'sched'],
  ['worker_api scheduler', 'worker_api: { scheduler: "MAIN_SCHEDULER" }', '"MAIN_SCHEDULER"', 'sched'],
];

describe('navigation: NativeLink', () => {
  const s = newService();

  it('the fixture is a valid config (no errors), so rename results can be compared with it', () => {
    assert.deepEqual(errorsOf(s.diagnostics(open(), defaultSettings)).map((x) => `${x.code}: ${x.message}`), []);
  });

  describe('outline', () => {
    const d = open();
    const symbols = s.documentSymbols(d, defaultSettings);

    it('lists the top-level sections in order, with their keys as selection', () => {
      assert.deepEqual(symbols.map((x) => x.name), ['stores', 'schedulers', 'servers', 'workers']);
      for (const sec of symbols) {
        assert.equal(textOf(d, sec.selectionRange), sec.name);
        assert.ok(textOf(d, sec.range)!.startsWith(sec.name + ':'), `${sec.name} range starts at its key`);
        assert.ok(textOf(d, sec.range)!.endsWith(']'), `${sec.name} range ends with its list`);
      }
      assertWellNested(symbols);
    });

    it('nests stores and schedulers with their kind, whole-entry range and the name value as selection', () => {
      const [stores, schedulers] = symbols;
      assert.deepEqual(
        stores.children!.map((c) => [c.name, c.detail, c.kind]),
        [
          ['CAS_MAIN', 'filesystem', SymbolKind.Struct],
          ['AC_MAIN', 'memory', SymbolKind.Struct],
          ['CAS_ALIAS', 'ref_store', SymbolKind.Struct],
          ['WORKER_FAST_SLOW', 'fast_slow', SymbolKind.Struct],
        ],
      );
      assert.deepEqual(schedulers.children!.map((c) => [c.name, c.detail, c.kind]), [['MAIN_SCHEDULER', 'simple', SymbolKind.Class]]);
      for (const c of [...stores.children!, ...schedulers.children!]) {
        // The range is exactly the entry object: it parses on its own and carries this name.
        assert.equal(JSON5.parse(textOf(d, c.range)!).name, c.name);
        assert.equal(JSON5.parse(textOf(d, c.selectionRange)!), c.name);
        assert.deepEqual(c.children, [], 'nested anonymous store specs are not separate symbols');
      }
      // The multi-line entry spans its lines.
      const ws = stores.children![3];
      assert.equal(ws.range.end.line - ws.range.start.line, 6);
    });

    it('lists servers (by name) and workers (unnamed: worker_<index>) with their entries as ranges', () => {
      const [, , servers, workers] = symbols;
      assert.deepEqual(servers.children!.map((c) => c.name), ['public', 'CAS_MAIN']);
      assert.deepEqual(servers.children!.map((c) => c.kind), [SymbolKind.Interface, SymbolKind.Interface]);
      assert.equal(JSON5.parse(textOf(d, servers.children![1].range)!).listener.http.socket_address, '0.0.0.0:50061');
      assert.deepEqual(workers.children!.map((c) => c.name), ['worker_0']);
      assert.ok(JSON5.parse(textOf(d, workers.children![0].range)!).local, 'worker range is the whole entry');
    });

    it('still outlines a document with a syntax error elsewhere', () => {
      const broken = open(TEXT.replace('"/tmp/nl/work",', '"/tmp/nl/work"'));
      const names = s.documentSymbols(broken, defaultSettings).map((x) => [x.name, (x.children ?? []).map((c) => c.name)]);
      assert.deepEqual(names[0], ['stores', ['CAS_MAIN', 'AC_MAIN', 'CAS_ALIAS', 'WORKER_FAST_SLOW']]);
    });

    it('gives nothing for a JSON file that is not a NativeLink config', () => {
      assert.deepEqual(s.documentSymbols(doc('{ "name": "x", "version": "1.0.0" }', 'package.json', 'json'), defaultSettings), []);
    });
  });

  describe('go to definition', () => {
    const d = open();
    for (const [label, context, quoted, def] of SITES) {
      it(`from ${label} lands on the name value`, () => {
        const [defContext, defQuoted] = DEF[def];
        const want = offsetIn(TEXT, defContext, defQuoted);
        // cursor on the first character, the last character inside the quotes, and on the opening quote
        for (const delta of [1, quoted.length - 2, 0]) {
          const locs = s.definition(d, at(d, context, quoted, delta), defaultSettings);
          assert.equal(locs.length, 1, `${label} (cursor +${delta}) resolves once`);
          assert.equal(locs[0].uri, d.uri);
          assert.equal(d.offsetAt(locs[0].range.start), want, `${label} (cursor +${delta}) lands on the definition`);
          assert.equal(textOf(d, locs[0].range), defQuoted);
        }
      });
    }

    it('from the name value itself stays there', () => {
      const locs = s.definition(d, at(d, DEF.worker[0], DEF.worker[1]), defaultSettings);
      assert.deepEqual(locs.map((l) => textOf(d, l.range)), ['"WORKER_FAST_SLOW"']);
    });

    it('gives nothing on keys, instance names, comments, socket addresses and worker fields', () => {
      for (const p of [
        at(d, 'cas_store: "CAS_MAIN" }]', 'cas_store', 2),
        at(d, 'instance_name: "main"', '"main"'),
        at(d, '// CAS_MAIN holds', 'CAS_MAIN', 2),
        at(d, 'socket_address: "0.0.0.0:50051"', '"0.0.0.0'),
        at(d, 'work_directory: "/tmp/nl/work"', '"/tmp'),
        at(d, 'name: "CAS_MAIN",\n    listener', '"CAS_MAIN"'),
      ]) {
        assert.deepEqual(s.definition(d, p, defaultSettings), [], `no definition at ${JSON.stringify(p)}`);
      }
    });

    it('lists every definition of a duplicated name', () => {
      const dup = open(TEXT.replace(`name: "CAS_ALIAS", ref_store: { name: 'CAS_MAIN' }`, `name: "CAS_MAIN", ref_store: { name: 'AC_MAIN' }`));
      const locs = s.definition(dup, at(dup, 'cas: [{ instance_name: "main", cas_store: "CAS_MAIN"', '"CAS_MAIN"'), defaultSettings);
      assert.equal(locs.length, 2);
    });
  });

  describe('find references', () => {
    const d = open();
    const refsOf = (key: keyof typeof DEF) => SITES.filter((x) => x[3] === key).map(([, c, q]) => offsetIn(TEXT, c, q)).sort((a, b) => a - b);

    for (const key of Object.keys(DEF) as (keyof typeof DEF)[]) {
      it(`${NAMES[key]}: every use, with and without the declaration, from the definition and from a use`, () => {
        const declaration = offsetIn(TEXT, DEF[key][0], DEF[key][1]);
        const uses = refsOf(key);
        assert.ok(uses.length >= 1);
        for (const p of [d.positionAt(declaration + 1), d.positionAt(uses[uses.length - 1] + 1)]) {
          const without = s.references(d, p, false, defaultSettings).map((l) => d.offsetAt(l.range.start)).sort((a, b) => a - b);
          assert.deepEqual(without, uses);
          const withDecl = s.references(d, p, true, defaultSettings).map((l) => d.offsetAt(l.range.start)).sort((a, b) => a - b);
          assert.deepEqual(withDecl, [declaration, ...uses].sort((a, b) => a - b));
        }
      });
    }

    it('a name used by a store and as plain text elsewhere only finds the store uses', () => {
      const texts = s.references(d, at(d, DEF.cas[0], DEF.cas[1]), true, defaultSettings).map((l) => textOf(d, l.range));
      assert.equal(texts.length, 5);
      assert.ok(texts.every((t) => t === '"CAS_MAIN"' || t === "'CAS_MAIN'"));
    });

    it('finds uses of an undefined name too (so a typo can be renamed away)', () => {
      const typo = open(TEXT.replace(`ac_store: '${NAMES.ac}'`, `ac_store: 'AC_MIAN'`).replace(`ac_store: "${NAMES.ac}"`, `ac_store: "AC_MIAN"`));
      const locs = s.references(typo, at(typo, "ac_store: 'AC_MIAN'", "'AC_MIAN'"), true, defaultSettings);
      assert.equal(locs.length, 2);
    });
  });

  describe('prepareRename', () => {
    const d = open();
    it('returns the name without its quotes, on a definition and on references of either quote style', () => {
      for (const [context, quoted] of [DEF.cas, DEF.ac, ...SITES.map(([, c, q]) => [c, q] as const)]) {
        const r = s.prepareRename(d, at(d, context, quoted, 2), defaultSettings);
        assert.ok(r, `renamable at ${context}`);
        assert.equal(textOf(d, r), quoted.slice(1, -1));
        assert.equal(d.offsetAt(r!.start), offsetIn(TEXT, context, quoted) + 1);
      }
    });

    it('returns null everywhere else', () => {
      for (const [context, inner] of [
        ['cas_store: "CAS_MAIN" }]', 'cas_store'],
        ['instance_name: "main"', '"main"'],
        ['// CAS_MAIN holds', 'CAS_MAIN'],
        ['socket_address: "0.0.0.0:50051"', '0.0.0.0'],
        ['work_directory: "/tmp/nl/work"', 'work_directory'],
        ['work_directory: "/tmp/nl/work"', '/tmp'],
        ['name: "public"', '"public"'],
        ['filesystem: { content_path', 'filesystem'],
        ['max_bytes: "10gb"', '10gb'],
      ] as const) {
        assert.equal(s.prepareRename(d, at(d, context, inner, 1), defaultSettings), null, `not renamable at ${inner} in ${context}`);
      }
      assert.equal(s.prepareRename(d, { line: 0, character: 0 }, defaultSettings), null);
    });
  });

  describe('rename', () => {
    const d = open();
    const baseline = sig(s.diagnostics(d, defaultSettings).map((x) => ({ ...x, message: '' })));

    function renamed(pos: Position, newName: string): TextDocument {
      const edit = s.rename(d, pos, newName, defaultSettings);
      assert.ok(edit?.changes?.[d.uri], 'rename returns edits for this document');
      assert.deepEqual(Object.keys(edit!.changes!), [d.uri]);
      return open(TextDocument.applyEdits(d, edit!.changes![d.uri]));
    }
    function revalidates(r: TextDocument): void {
      const diags = s.diagnostics(r, defaultSettings);
      assert.deepEqual(errorsOf(diags).map((x) => x.message), [], 'no errors after the rename');
      assert.deepEqual(sig(diags), baseline, 'the same diagnostics as before the rename');
    }

    const cases: [string, keyof Names, string, string, string][] = [
      ['a store, from its definition', 'cas', DEF.cas[0], DEF.cas[1], 'BLOB_STORE'],
      ['a store, from a single-quoted reference', 'ac', "ac_store: 'AC_MAIN' }]", "'AC_MAIN'", 'ACTION_CACHE'],
      ['a store, from the legacy bytestream map', 'cas', 'cas_stores: { main: "CAS_MAIN" }', '"CAS_MAIN"', 'cas-v2'],
      ['a ref_store store, from its use', 'alias', 'cas_store: "CAS_ALIAS"', '"CAS_ALIAS"', 'EXEC_CAS'],
      ['the worker store, from cas_fast_slow_store', 'worker', 'cas_fast_slow_store: "WORKER_FAST_SLOW"', '"WORKER_FAST_SLOW"', 'WORKER_STORE'],
      ['a scheduler, from worker_api', 'sched', 'worker_api: { scheduler: "MAIN_SCHEDULER" }', '"MAIN_SCHEDULER"', 'sched_a'],
      ['a scheduler, from a single-quoted reference', 'sched', "remote_execution: { scheduler: 'MAIN_SCHEDULER' }", "'MAIN_SCHEDULER'", 'SCHED'],
    ];
    for (const [label, key, context, quoted, newName] of cases) {
      it(`${label}: definition and all references, quote style kept, comments and lookalikes untouched`, () => {
        const r = renamed(at(d, context, quoted, 3), newName);
        assert.equal(r.getText(), config({ [key]: newName }));
        revalidates(r);
      });
    }

    it('edits exactly the definition and the uses, inside the quotes', () => {
      const edit = s.rename(d, at(d, DEF.cas[0], DEF.cas[1]), 'X', defaultSettings)!;
      const edits = edit.changes![d.uri];
      assert.equal(edits.length, 5);
      for (const e of edits) assert.equal(textOf(d, e.range), 'CAS_MAIN');
    });

    it('escapes a new name holding quotes or backslashes, so the document stays valid', () => {
      const newName = `it's "the" \\cas`;
      const r = renamed(at(d, DEF.cas[0], DEF.cas[1]), newName);
      const parsed = JSON5.parse(r.getText());
      assert.equal(parsed.stores[0].name, newName);
      assert.equal(parsed.stores[2].ref_store.name, newName, 'single-quoted reference');
      assert.equal(parsed.servers[0].services.cas[0].cas_store, newName, 'double-quoted reference');
      revalidates(r);
    });

    it('renames nothing where there is no symbol', () => {
      assert.equal(s.rename(d, at(d, 'work_directory: "/tmp/nl/work"', '/tmp'), 'X', defaultSettings), null);
      assert.equal(s.rename(d, at(d, 'socket_address: "0.0.0.0:50051"', '0.0.0.0'), 'X', defaultSettings), null);
      assert.equal(s.rename(d, at(d, '// CAS_MAIN holds', 'CAS_MAIN'), 'X', defaultSettings), null);
    });

    it('the fixture mentions the names outside references (guards the lookalike checks above)', () => {
      assert.ok(occurrences(TEXT, 'CAS_MAIN').length > 5);
      assert.ok(occurrences(TEXT, 'MAIN_SCHEDULER').length > 4);
    });
  });
});
