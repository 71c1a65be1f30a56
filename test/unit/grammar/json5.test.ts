// Tokenizes JSON5 with the JSON5 TextMate grammar the way VS Code does (vscode-textmate + the Oniguruma WASM
// engine) and checks the scopes that themes colour.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

// Compiled to out/test/unit/grammar/, so the repository root is four levels up (as it is from test/unit/grammar/).
const grammarPath = path.join(__dirname, '..', '..', '..', '..', 'syntaxes', 'json5.tmLanguage.json');
const wasmPath = path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm');

interface Token {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

let grammar: vsctm.IGrammar;

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = readFileSync(wasmPath);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.json5') return null;
      return vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
    },
  });
  const g = await registry.loadGrammar('source.json5');
  if (!g) throw new Error(`could not load ${grammarPath}`);
  return g;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let stack = vsctm.INITIAL;
  src.split(/\r?\n/).forEach((text, line) => {
    const r = grammar.tokenizeLine(text, stack);
    for (const t of r.tokens) {
      out.push({ line, start: t.startIndex, end: Math.min(t.endIndex, text.length), text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

/**
 * Line and column ranges of the `occurrence`-th (0-based) appearance of `needle` in `src`. A needle may mark the
 * part to check with «…» and give the rest as context: `next: «1»` is the `1` after `next: `.
 */
function locate(src: string, needle: string, occurrence = 0): { line: number; start: number; end: number } {
  const marked = /^(.*)«(.*)»(.*)$/s.exec(needle);
  if (marked) {
    const whole = locate(src, marked[1] + marked[2] + marked[3], occurrence);
    const start = whole.start + marked[1].length;
    if (marked[1].includes('\n')) throw new Error('context before « must be on one line');
    return { line: whole.line, start, end: start + marked[2].length };
  }
  let idx = -1;
  for (let i = 0; i <= occurrence; i++) {
    idx = src.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`${JSON.stringify(needle)} occurrence ${occurrence} not in source`);
  }
  const before = src.slice(0, idx);
  const line = before.split('\n').length - 1;
  const start = idx - (before.lastIndexOf('\n') + 1);
  if (needle.includes('\n')) return { line, start, end: Number.MAX_SAFE_INTEGER };
  return { line, start, end: start + needle.length };
}

function describeTokens(tokens: Token[]): string {
  return tokens.map((t) => `${JSON.stringify(t.text)} → ${t.scopes.join(' ')}`).join('\n    ');
}

/**
 * Every token overlapping `needle` carries a scope that starts with `scope` (e.g. `comment.` or the exact
 * `support.type.property-name.json5`). Multi-line needles are checked on their first line only, up to the line end.
 */
function expectScope(src: string, needle: string, scope: string, occurrence = 0): void {
  const tokens = tokenize(src);
  const at = locate(src, needle, occurrence);
  const overlapping = tokens.filter((t) => t.line === at.line && t.end > at.start && t.start < at.end && t.end > t.start);
  assert.ok(overlapping.length > 0, `no tokens for ${JSON.stringify(needle)}`);
  const bad = overlapping.filter((t) => !t.scopes.some((s) => s === scope || s.startsWith(scope)));
  assert.deepStrictEqual(
    bad.map((t) => t.text),
    [],
    `${JSON.stringify(needle)} in ${JSON.stringify(src)} should be ${scope}:\n    ${describeTokens(overlapping)}`,
  );
}

/** No token overlapping `needle` has a scope starting with `scope`. */
function expectNotScope(src: string, needle: string, scope: string, occurrence = 0): void {
  const tokens = tokenize(src);
  const at = locate(src, needle, occurrence);
  const overlapping = tokens.filter((t) => t.line === at.line && t.end > at.start && t.start < at.end && t.end > t.start);
  const bad = overlapping.filter((t) => t.scopes.some((s) => s.startsWith(scope)));
  assert.deepStrictEqual(bad.map((t) => t.text), [], `${JSON.stringify(needle)} should not be ${scope}:\n    ${describeTokens(overlapping)}`);
}

function expectNoInvalid(src: string): void {
  const bad = tokenize(src).filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
  assert.deepStrictEqual(bad.map((t) => `${t.line + 1}:${t.start + 1} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`), []);
}

const KEY = 'support.type.property-name.json5';

// A realistic NativeLink config: stores, workers, schedulers, servers, comments everywhere, trailing commas.
const NATIVELINK = `// NativeLink basic_cas.json5 — local CAS + scheduler.
{
  stores: [
    {
      name: "AC_MAIN_STORE",
      memory: {
        eviction_policy: {
          // 500mb
          max_bytes: 500000000,
        },
      },
    },
    {
      name: 'WORKER_FAST_SLOW_STORE',
      fast_slow: {
        fast: {
          filesystem: {
            content_path: "/tmp/nativelink/data-worker-test/content_path-cas",
            temp_path: "/tmp/nativelink/data-worker-test/tmp_path-cas",
            eviction_policy: { max_bytes: 10e9, }, /* 10gb */
          },
        },
        slow: { noop: {}, },
      },
    },
  ],
  schedulers: [
    {
      name: "MAIN_SCHEDULER",
      simple: {
        supported_platform_properties: {
          cpu_count: "minimum",
          OSFamily: "priority",
          "container-image": 'priority',
        },
        retain_completed_for_s: 60,
        max_job_retries: 3,
        worker_timeout_s: .5e2,
      },
    },
  ],
  workers: [{
    local: {
      worker_api_endpoint: { uri: "grpc://127.0.0.1:50061", },
      cas_fast_slow_store: "WORKER_FAST_SLOW_STORE",
      upload_action_result: { ac_store: "AC_MAIN_STORE", },
      work_directory: "/tmp/nativelink/work",
      platform_properties: {
        cpu_count: { query_cmd: "nproc", },
        OSFamily: { values: ["", 'Linux',], },
      },
    },
  }],
  servers: [
    {
      name: "public",
      listener: {
        http: {
          socket_address: "0.0.0.0:50051",
          compression: { send_compression_algorithm: "gzip", },
          advanced_http: { http2_keep_alive_interval: 0x1E, max_decoding_message_size: +4194304, },
        },
      },
      services: {
        cas: [{ instance_name: "main", cas_store: "WORKER_FAST_SLOW_STORE", }],
        execution: [{ instance_name: "main", cas_store: "WORKER_FAST_SLOW_STORE", scheduler: "MAIN_SCHEDULER", }],
        health: {}, // trailing comment after a trailing comma
        $meta: null,
        _experimental: true,
      },
    },
  ],
  global: { max_open_files: 24576, },
}
`;

describe('JSON5 TextMate grammar (vscode-textmate + Oniguruma)', function () {
  before(async function () {
    this.timeout(20000);
    grammar = await loadGrammar();
  });

  it('loads the grammar as source.json5', () => {
    assert.strictEqual(grammar.tokenizeLine('{}', vsctm.INITIAL).tokens[0].scopes[0], 'source.json5');
  });

  describe('keys', () => {
    it('unquoted keys, including $ and _, are property names', () => {
      const src = '{ name: 1, $ref: 2, _private: 3, a_b$c9: 4, $: 5, _: 6 }';
      for (const k of ['name', '$ref', '_private', 'a_b$c9', ' «$»:', ' «_»:']) expectScope(src, k, KEY);
    });

    it('keys on the line after { and after comments are property names', () => {
      const src = '{\n  first: 1,\n  // note\n  second: 2,\n  /* block */ third: 3,\n  /* multi\n     line */ fourth: 4,\n}';
      for (const k of ['first', 'second', 'third', 'fourth']) expectScope(src, k, KEY);
      expectScope(src, '// note', 'comment.line');
      expectScope(src, '/* block */', 'comment.block');
      expectScope(src, 'line */', 'comment.block');
    });

    it('keys in nested objects and objects inside arrays are property names', () => {
      const src = '{ outer: { inner: { deepest: 1 } }, list: [{ item: 1 }, { other: 2 }] }';
      for (const k of ['outer', 'inner', 'deepest', 'list', 'item', 'other']) expectScope(src, k, KEY);
    });

    it('double- and single-quoted keys are property names, not values', () => {
      const src = `{ "double": 1, 'single': 2, "with \\"esc\\"": 3, 'it\\'s': 4 }`;
      for (const k of ['"double"', "'single'", '"with', "'it"]) {
        expectScope(src, k, KEY);
        expectNotScope(src, k, 'string.quoted');
      }
    });

    it('reserved words are legal JSON5 identifier names, so they are keys, not constants', () => {
      const src = '{ true: 1, null: 2, false: 3, Infinity: 4, NaN: 5, if: 6 }';
      for (const k of ['true', 'null', 'false', 'Infinity', 'NaN', 'if']) {
        expectScope(src, k, KEY);
        expectNotScope(src, k, 'constant');
      }
    });

    it('unicode identifiers and escapes in unquoted keys are property names', () => {
      const src = '{ größe: 1, ключ: 2, \\u0061bc: 3, a\\u0062: 4 }';
      for (const k of ['größe', 'ключ', '\\u0061bc', 'a\\u0062']) expectScope(src, k, KEY);
    });

    it('a comment between key and colon keeps the key a property name', () => {
      const src = '{ a /* why */ : 1, "b" /* q */ : 2, c // why\n  : 3 }';
      expectScope(src, '«a» /*', KEY);
      expectScope(src, '"b"', KEY);
      expectScope(src, '«c» //', KEY);
      expectScope(src, '/* why */', 'comment.block');
      expectScope(src, '/* q */', 'comment.block');
      expectScope(src, '// why', 'comment.line');
      expectScope(src, '3', 'constant.numeric');
    });
  });

  describe('strings', () => {
    it('double- and single-quoted values are string.quoted.*', () => {
      const src = `{ a: "double", b: 'single', c: ["x", 'y'] }`;
      expectScope(src, '"double"', 'string.quoted.double');
      expectScope(src, "'single'", 'string.quoted.single');
      expectScope(src, '"x"', 'string.quoted.double');
      expectScope(src, "'y'", 'string.quoted.single');
      expectNotScope(src, '"double"', KEY);
      expectNotScope(src, "'single'", KEY);
    });

    it('a top-level string is a string', () => {
      expectScope(`'top'`, `'top'`, 'string.quoted.single');
      expectScope(`"top"`, `"top"`, 'string.quoted.double');
    });

    it('escapes are constant.character.escape', () => {
      const src = `{ a: "x\\ny\\x41\\u0041\\t\\\\\\"\\0", b: 'q\\'r\\x7e\\u00e9' }`;
      for (const e of ['\\n', '\\x41', '\\u0041', '\\t', '\\\\', '\\"', '\\0', "\\'", '\\x7e', '\\u00e9']) {
        expectScope(src, e, 'constant.character.escape.json5');
      }
      expectScope(src, 'x\\n«y»', 'string.quoted.double');
      expectScope(src, "'«q»", 'string.quoted.single');
    });

    it('a backslash at the end of a line continues the string onto the next line', () => {
      const src = `{\n  a: "first \\\n  second",\n  b: 'one \\\n  two',\n  c: 1,\n}`;
      expectScope(src, '\\\n', 'constant.character.escape.json5', 0);
      expectScope(src, '\\\n', 'constant.character.escape.json5', 1);
      expectScope(src, 'second"', 'string.quoted.double');
      expectScope(src, "two'", 'string.quoted.single');
      expectScope(src, '«c»: 1', KEY);
      expectScope(src, 'c: «1»', 'constant.numeric');
    });

    it('// and /* inside strings are not comments', () => {
      const src = `{ url: "grpc://127.0.0.1:50051", glob: '/tmp/*.log', key: "a /* b */ c", next: 1 }`;
      expectScope(src, '"grpc://127.0.0.1:50051"', 'string.quoted.double');
      expectNotScope(src, '//127', 'comment');
      expectScope(src, "'/tmp/*.log'", 'string.quoted.single');
      expectNotScope(src, '/* b */', 'comment');
      expectScope(src, 'next', KEY);
      expectScope(src, 'next: «1»', 'constant.numeric');
    });

    it('commas, colons and braces inside strings do not end the value', () => {
      const src = `{ a: "x, y: }", b: 'p, q: ]', c: 2 }`;
      expectScope(src, '"x, y: }"', 'string.quoted.double');
      expectScope(src, "'p, q: ]'", 'string.quoted.single');
      expectScope(src, '«b»:', KEY);
      expectScope(src, '«c»:', KEY);
    });
  });

  describe('comments', () => {
    it('line and block comments anywhere are comment.*', () => {
      const src = [
        '// header',
        '/* banner */ {',
        '  a: /* before value */ 1 /* after value */, // after comma',
        '  b: [1, /* in array */ 2, // after array comma',
        '  ], /* after trailing comma */',
        '  c: { d: 1, /* trailing in object */ }, // end',
        '}',
        '// footer',
      ].join('\n');
      for (const c of [
        '// header',
        '/* banner */',
        '/* before value */',
        '/* after value */',
        '// after comma',
        '/* in array */',
        '// after array comma',
        '/* after trailing comma */',
        '/* trailing in object */',
        '// end',
        '// footer',
      ]) {
        expectScope(src, c, c.startsWith('//') ? 'comment.line.double-slash' : 'comment.block');
      }
      expectScope(src, '//', 'punctuation.definition.comment', 0);
      expectScope(src, '/*', 'punctuation.definition.comment', 0);
      expectScope(src, '  «b»: [', KEY);
      expectScope(src, '  «c»: {', KEY);
      expectScope(src, '{ «d»: 1', KEY);
    });

    it('a multi-line block comment inside a value does not swallow the following key', () => {
      const src = '{\n  a: 1, /* one\n  two */ b: 2,\n}';
      expectScope(src, 'two */', 'comment.block');
      expectScope(src, '«b»: 2', KEY);
    });
  });

  describe('numbers and constants', () => {
    const numbers = ['10', '-1.5', '+1', '.5', '5.', '0x1F', '-0XaB', 'Infinity', '-Infinity', '+Infinity', 'NaN', '-NaN', '1e10', '2.5E-3', '0', '-0'];

    it('JSON5 numbers are constant.numeric.* as values', () => {
      for (const n of numbers) {
        expectScope(`{ k: ${n} }`, n, 'constant.numeric', 0);
        expectScope(`[${n}, ${n},]`, n, 'constant.numeric', 0);
        expectScope(`${n}`, n, 'constant.numeric', 0);
        expectNoInvalid(`{ k: ${n}, }`);
      }
    });

    it('hex numbers are constant.numeric.hex', () => {
      expectScope('{ k: 0x1F }', '0x1F', 'constant.numeric.hex.json5');
    });

    it('true, false and null are constant.language', () => {
      const src = '{ a: true, b: false, c: null, d: [true, false, null] }';
      for (const [w, occ] of [['true', 0], ['false', 0], ['null', 0], ['true', 1], ['false', 1], ['null', 1]] as const) {
        expectScope(src, w, 'constant.language.json5', occ);
      }
    });

    it('identifiers that merely start like constants are not constants', () => {
      const src = '{ nullable: 1, trueish: 2 }';
      expectScope(src, 'nullable', KEY);
      expectScope(src, 'trueish', KEY);
    });
  });

  describe('structure', () => {
    it('trailing commas produce no invalid scope', () => {
      expectNoInvalid('{ a: 1, b: [1, 2,], c: { d: "x", }, }');
      expectNoInvalid('[\n  1,\n  { a: 1, },\n  [2,],\n]');
      expectNoInvalid("{ 'a': 'b', \"c\": \"d\", }");
    });

    it('punctuation is scoped', () => {
      const src = '{ a: [1, 2], b: 3 }';
      expectScope(src, '{', 'punctuation.definition.dictionary.begin');
      expectScope(src, '}', 'punctuation.definition.dictionary.end');
      expectScope(src, '[', 'punctuation.definition.array.begin');
      expectScope(src, ']', 'punctuation.definition.array.end');
      expectScope(src, ':', 'punctuation.separator.dictionary.key-value');
      expectScope(src, '«,» 2', 'punctuation.separator.array');
      expectScope(src, '«,» b', 'punctuation.separator.dictionary.pair');
    });

    it('a value that starts on the line after the colon is still a value', () => {
      const src = '{\n  a:\n    "long value",\n  b:\n    [1],\n}';
      expectScope(src, '"long value"', 'string.quoted.double');
      expectScope(src, '«b»:', KEY);
    });

  });

  describe('a realistic NativeLink config', () => {
    it('has no invalid scope anywhere', () => {
      expectNoInvalid(NATIVELINK);
    });

    it('leaves no non-blank text uncoloured', () => {
      // Everything legal gets a themable scope: punctuation, key, string, comment or constant.
      const themable = /^(?:punctuation|support\.type\.property-name|string|comment|constant)\./;
      const bare = tokenize(NATIVELINK).filter((t) => t.text.trim() !== '' && !t.scopes.some((s) => themable.test(s)));
      assert.deepStrictEqual(bare.map((t) => `${t.line + 1}:${t.start + 1} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`), []);
    });

    it('every key is a property name and every key-shaped line colours its key', () => {
      const lines = NATIVELINK.split('\n');
      const tokens = tokenize(NATIVELINK);
      const keyRe = /(?:^|[{,\s])((?:[A-Za-z_$][\w$]*)|"[^"]*"|'[^']*')\s*:(?!\/)/g;
      let checked = 0;
      lines.forEach((text, line) => {
        if (/^\s*\/\//.test(text)) return;
        for (const m of text.matchAll(keyRe)) {
          const start = m.index! + m[0].indexOf(m[1]);
          // Skip matches inside string values ("grpc://127.0.0.1:50061" and the like).
          const at = tokens.find((t) => t.line === line && t.start <= start && start < t.end)!;
          if (at.scopes.some((s) => s.startsWith('string.quoted'))) continue;
          assert.ok(at.scopes.includes(KEY), `line ${line + 1} key ${m[1]}: ${at.scopes.join(' ')}`);
          checked++;
        }
      });
      assert.ok(checked > 60, `checked ${checked} keys`);
    });

    it('values, comments and numbers are coloured', () => {
      expectScope(NATIVELINK, '// NativeLink basic_cas.json5', 'comment.line');
      expectScope(NATIVELINK, '// 500mb', 'comment.line');
      expectScope(NATIVELINK, '/* 10gb */', 'comment.block');
      expectScope(NATIVELINK, '// trailing comment after a trailing comma', 'comment.line');
      expectScope(NATIVELINK, '"grpc://127.0.0.1:50061"', 'string.quoted.double');
      expectNotScope(NATIVELINK, '//127.0.0.1:50061', 'comment');
      expectScope(NATIVELINK, "'WORKER_FAST_SLOW_STORE'", 'string.quoted.single');
      expectScope(NATIVELINK, "'priority'", 'string.quoted.single');
      expectScope(NATIVELINK, '"container-image"', KEY);
      for (const n of ['500000000', '10e9', '.5e2', '0x1E', '+4194304', '24576']) expectScope(NATIVELINK, n, 'constant.numeric');
      expectScope(NATIVELINK, 'null', 'constant.language');
      expectScope(NATIVELINK, 'true', 'constant.language');
      expectScope(NATIVELINK, '$meta', KEY);
      expectScope(NATIVELINK, '_experimental', KEY);
    });

    it('agrees with the json5 parser on which names are keys', () => {
      // Sanity check that the sample is real JSON5, so the grammar is judged against legal input.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const JSON5 = require('json5') as { parse(s: string): unknown };
      const parsed = JSON5.parse(NATIVELINK) as { servers: Array<{ services: Record<string, unknown> }> };
      assert.deepStrictEqual(Object.keys(parsed.servers[0].services), ['cas', 'execution', 'health', '$meta', '_experimental']);
    });
  });
});
