/**
 * The contributed snippets (snippets/*.code-snippets) must expand to configs that our own language
 * service accepts: whole-config snippets with no error or warning at all, fragments with no error
 * (and, with the wrappers below, no warning either) once placed into a minimal valid config.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings } from '../../../server/src/service/settings';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** Works from test/unit/snippets (ts) and out/test/unit/snippets (transpiled). */
function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'snippets', 'nativelink.code-snippets')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`snippets/ not found above ${__dirname}`);
}

const ROOT = repoRoot();

function load(file: string): Record<string, Snippet> {
  // VS Code reads these as JSONC; ours are plain JSON so a strict parse also guards the format.
  return JSON.parse(readFileSync(join(ROOT, 'snippets', file), 'utf8')) as Record<string, Snippet>;
}

function bodyText(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

function prefixOf(s: Snippet): string {
  return Array.isArray(s.prefix) ? s.prefix[0] : s.prefix;
}

// ---------------------------------------------------------------------------------------------
// A small TextMate/VS Code snippet expander: `${N:default}` -> default (nested placeholders
// expanded too), `${N|a,b|}` -> one choice, `$N` / `${N}` -> the default of tab stop N when it has
// one elsewhere (VS Code mirrors it), else nothing; `$0` -> nothing; `\$`, `\}`, `\\` -> literal.
// Variables ($TM_FILENAME, ...) are not used by our snippets and make expansion fail loudly.
// ---------------------------------------------------------------------------------------------

type Part = { kind: 'text'; text: string } | { kind: 'stop'; n: number; children?: Part[]; choices?: string[] };

function parseSnippet(src: string): Part[] {
  let i = 0;
  const parse = (inPlaceholder: boolean): Part[] => {
    const out: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', text });
      text = '';
    };
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1])) {
        text += src[i + 1];
        i += 2;
        continue;
      }
      if (inPlaceholder && c === '}') {
        i++;
        flush();
        return out;
      }
      if (c === '$') {
        const m = /^\$(\d+)/.exec(src.slice(i));
        if (m) {
          flush();
          out.push({ kind: 'stop', n: Number(m[1]) });
          i += m[0].length;
          continue;
        }
        const open = /^\$\{(\d+)(:|\||\})/.exec(src.slice(i));
        if (open) {
          flush();
          const n = Number(open[1]);
          i += open[0].length;
          if (open[2] === '}') out.push({ kind: 'stop', n });
          else if (open[2] === ':') out.push({ kind: 'stop', n, children: parse(true) });
          else {
            const end = src.indexOf('|}', i);
            if (end < 0) throw new Error(`unterminated choice at ${i}`);
            const choices = src.slice(i, end).split(',').map((x) => x.replace(/\\(.)/g, '$1'));
            out.push({ kind: 'stop', n, choices });
            i = end + 2;
          }
          continue;
        }
        if (/^\$(\{)?[A-Za-z_]/.test(src.slice(i))) throw new Error(`snippet variable at ${i}: ${src.slice(i, i + 20)}`);
      }
      text += c;
      i++;
    }
    if (inPlaceholder) throw new Error('unterminated placeholder');
    flush();
    return out;
  };
  return parse(false);
}

/** Expands a snippet body; `choice` picks the n-th option of every choice placeholder (clamped). */
export function expandSnippet(src: string, choice = 0): string {
  const parts = parseSnippet(src);
  const defaults = new Map<number, Part[]>();
  const choose = (p: Extract<Part, { kind: 'stop' }>) => p.choices![Math.min(choice, p.choices!.length - 1)];
  const collect = (ps: Part[]) => {
    for (const p of ps) {
      if (p.kind !== 'stop') continue;
      if (p.children && !defaults.has(p.n)) defaults.set(p.n, p.children);
      if (p.choices && !defaults.has(p.n)) defaults.set(p.n, [{ kind: 'text', text: choose(p) }]);
      if (p.children) collect(p.children);
    }
  };
  collect(parts);
  const render = (ps: Part[], depth = 0): string =>
    ps
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.choices) return choose(p);
        if (p.children) return render(p.children, depth + 1);
        const d = p.n === 0 ? undefined : defaults.get(p.n);
        return d && depth < 8 ? render(d, depth + 1) : '';
      })
      .join('');
  return render(parts);
}

function choiceCount(src: string): number {
  let max = 1;
  const visit = (ps: Part[]) => {
    for (const p of ps) {
      if (p.kind !== 'stop') continue;
      if (p.choices) max = Math.max(max, p.choices.length);
      if (p.children) visit(p.children);
    }
  };
  visit(parseSnippet(src));
  return max;
}

function variants(src: string): { label: string; text: string }[] {
  const n = choiceCount(src);
  return Array.from({ length: n }, (_, k) => ({ label: n > 1 ? ` (choice #${k + 1})` : '', text: expandSnippet(src, k) }));
}

// ---------------------------------------------------------------------------------------------
// Running the real language service
// ---------------------------------------------------------------------------------------------

const service = new ConfigLanguageService(engines);
let version = 0;

function diagnose(text: string, lang: 'json5' | 'otelcol'): Diagnostic[] {
  const uri = lang === 'json5' ? 'file:///ws/nativelink.json5' : 'file:///ws/otel-collector-config.yaml';
  const doc = TextDocument.create(uri, lang, ++version, text);
  service.forget(uri);
  return service.diagnostics(doc, defaultSettings);
}

const SEVERITY_NAME: Record<number, string> = { 1: 'Error', 2: 'Warning', 3: 'Information', 4: 'Hint' };

function describeDiags(text: string, diags: Diagnostic[]): string {
  const lines = text.split('\n');
  return diags
    .map((d) => `  [${SEVERITY_NAME[d.severity ?? 1]}] ${String(d.code)} @${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}\n      > ${lines[d.range.start.line]?.trim()}`)
    .join('\n');
}

const isError = (d: Diagnostic) => d.severity === DiagnosticSeverity.Error;
const isWarning = (d: Diagnostic) => d.severity === DiagnosticSeverity.Warning;

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() ? by + l : l))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Fragment wrappers: a minimal, otherwise valid config around each fragment.
// ---------------------------------------------------------------------------------------------

/**
 * NativeLink fragments: where they go and what else the config needs to be complete.
 * Hints these wrapped fragments still get, and why that is fine (errors and warnings are not allowed):
 *  - nativelink/unused-store (hint) for the store snippets: the wrapper defines the store but nothing
 *    references it yet; in a real file the user points a service or worker at it.
 *  - nativelink/allocation-strategy (hint) for nl-simple-scheduler's second choice, most_recently_used:
 *    the hint explains the trade-off of a value the user picked on purpose.
 */
export const NL_FRAGMENTS: Record<string, (frag: string) => string> = {
  // Store entries go into `stores`; the extra server keeps the config a real, complete one.
  'nl-fast-slow': (f) => nlStores(f),
  'nl-cloud-store': (f) => nlStores(f),
  'nl-redis-store': (f) => nlStores(f),
  'nl-memory-store': (f) => nlStores(f),
  'nl-filesystem-store': (f) => nlStores(f),
  'nl-cache-metrics': (f) => nlStores(f),
  'nl-simple-scheduler': (f) => `{\n  stores: [],\n  schedulers: [\n${indent(f, '    ')}\n  ],\n  servers: [],\n}\n`,
  'nl-local-worker': (f) =>
    [
      '{',
      '  stores: [',
      '    { name: "AC_MAIN_STORE", memory: { eviction_policy: { max_bytes: "1gb" } } },',
      '    {',
      '      name: "WORKER_FAST_SLOW_STORE",',
      '      fast_slow: {',
      '        fast: { filesystem: { content_path: "/tmp/nl/cas", temp_path: "/tmp/nl/tmp" } },',
      '        slow: { memory: { eviction_policy: { max_bytes: "1gb" } } },',
      '      },',
      '    },',
      '  ],',
      '  schedulers: [ { name: "MAIN_SCHEDULER", simple: { worker_timeout_s: 30, max_action_executing_timeout_s: 600 } } ],',
      '  workers: [',
      indent(f, '    '),
      '  ],',
      '  servers: [',
      '    { listener: { http: { socket_address: "127.0.0.1:50061" } }, services: { worker_api: { scheduler: "MAIN_SCHEDULER" } } },',
      '  ],',
      '}',
      '',
    ].join('\n'),
};

function nlStores(frag: string): string {
  return `{\n  stores: [\n${indent(frag, '    ')}\n  ],\n  servers: [],\n}\n`;
}

/** Collector fragments: section, the id the fragment defines, and how to wire it into a pipeline. */
export const OTEL_FRAGMENTS: Record<string, (frag: string) => string> = {
  'otel-memory-limiter': (f) => collector({ processors: f, pipelineProcessors: ['memory_limiter', 'attributes/drop', 'batch'] }),
  'otel-batch': (f) => collector({ processors: f, pipelineProcessors: ['memory_limiter', 'attributes/drop', 'batch'] }),
  'otel-attributes-delete': (f) => collector({ processors: f, pipelineProcessors: ['memory_limiter', 'attributes/drop_high_cardinality', 'batch'] }),
  'otel-prometheus-exporter': (f) => collector({ exporters: f, pipelineExporters: ['prometheus'] }),
  'otel-prometheusremotewrite': (f) => collector({ exporters: f, pipelineExporters: ['prometheusremotewrite'] }),
  'otel-health-check': (f) => collector({ extensions: f, serviceExtensions: ['health_check'] }),
};

/**
 * Builds a complete NativeLink-ready collector config and puts the fragment into its section.
 * Base components the fragment does not define are added so every pipeline reference resolves.
 */
function collector(o: { processors?: string; exporters?: string; extensions?: string; pipelineProcessors?: string[]; pipelineExporters?: string[]; serviceExtensions?: string[] }): string {
  const procs = o.pipelineProcessors ?? ['memory_limiter', 'attributes/drop', 'batch'];
  const exps = o.pipelineExporters ?? ['prometheus'];
  const baseProcs: Record<string, string> = {
    memory_limiter: 'memory_limiter:\n  check_interval: 1s\n  limit_mib: 1024\n  spike_limit_mib: 256',
    'attributes/drop': 'attributes/drop:\n  actions:\n    - key: execution.action_digest\n      action: delete',
    batch: 'batch:\n  send_batch_size: 512\n  send_batch_max_size: 1024',
  };
  const fragDefines = (frag: string | undefined, id: string) => !!frag && new RegExp(`^${id.replace('/', '\\/')}:`, 'm').test(frag);
  const procBlocks = procs.filter((p) => !fragDefines(o.processors, p) && baseProcs[p]).map((p) => baseProcs[p]);
  if (o.processors) procBlocks.push(o.processors);
  const expBlocks = exps.filter((e) => !fragDefines(o.exporters, e)).map((e) => (e === 'prometheus' ? 'prometheus:\n  endpoint: 0.0.0.0:8889' : `${e}:`));
  if (o.exporters) expBlocks.push(o.exporters);
  const ext = o.extensions ? `extensions:\n${indent(o.extensions, '  ')}\n\n` : '';
  const svcExt = o.serviceExtensions?.length ? `  extensions: [${o.serviceExtensions.join(', ')}]\n` : '';
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      grpc:',
    '        endpoint: 0.0.0.0:4317',
    '',
    'processors:',
    indent(procBlocks.join('\n'), '  '),
    '',
    'exporters:',
    indent(expBlocks.join('\n'), '  '),
    '',
    ext + 'service:',
    svcExt + '  pipelines:',
    '    metrics:',
    '      receivers: [otlp]',
    `      processors: [${procs.join(', ')}]`,
    `      exporters: [${exps.join(', ')}]`,
    '',
  ].join('\n');
}

// Whole-config snippets: a file consisting of just the expanded body.
const NL_WHOLE = ['nl-single-node', 'nl-cas-ac-server', 'nl-scheduler-worker'];
const OTEL_WHOLE = ['otel-nativelink'];

/**
 * Non-error, non-warning findings that whole-config snippets are allowed to produce, with the reason.
 * Key: prefix; value: diagnostic codes.
 */
const ALLOWED_INFO: Record<string, Record<string, string>> = {
  // (none so far: every whole-config snippet is expected to be completely clean)
};

// ---------------------------------------------------------------------------------------------

describe('snippets: file format', () => {
  for (const file of ['nativelink.code-snippets', 'otelcol.code-snippets']) {
    it(`${file} is JSON with prefix, body and description on every snippet`, () => {
      const snippets = load(file);
      const names = Object.keys(snippets);
      assert.ok(names.length > 0, 'has snippets');
      const prefixes = new Set<string>();
      for (const [name, s] of Object.entries(snippets)) {
        const p = prefixOf(s);
        assert.ok(typeof p === 'string' && p.length > 0, `${name}: prefix`);
        assert.match(p, file.startsWith('nativelink') ? /^nl-[a-z0-9-]+$/ : /^otel-[a-z0-9-]+$/, `${name}: prefix style`);
        assert.ok(!prefixes.has(p), `${name}: duplicate prefix ${p}`);
        prefixes.add(p);
        assert.ok(s.description && s.description.length >= 20, `${name}: description`);
        assert.ok(bodyText(s).length > 0, `${name}: body`);
        assert.ok(!/\t/.test(bodyText(s)), `${name}: body indents with spaces`);
        // Parses as a snippet (balanced placeholders, no variables).
        assert.doesNotThrow(() => expandSnippet(bodyText(s)), `${name}: snippet syntax`);
      }
    });
  }

  it('has the expected NativeLink and collector prefixes', () => {
    const nl = Object.values(load('nativelink.code-snippets')).map(prefixOf);
    const ot = Object.values(load('otelcol.code-snippets')).map(prefixOf);
    for (const p of [...NL_WHOLE, ...Object.keys(NL_FRAGMENTS)]) assert.ok(nl.includes(p), `missing ${p}`);
    for (const p of [...OTEL_WHOLE, ...Object.keys(OTEL_FRAGMENTS)]) assert.ok(ot.includes(p), `missing ${p}`);
    // And every snippet is covered by a diagnostics test below.
    for (const p of nl) assert.ok(NL_WHOLE.includes(p) || p in NL_FRAGMENTS, `untested snippet ${p}`);
    for (const p of ot) assert.ok(OTEL_WHOLE.includes(p) || p in OTEL_FRAGMENTS, `untested snippet ${p}`);
  });

  it('JSON5 snippets use the house style: unquoted keys, trailing commas, 2-space indent', () => {
    for (const s of Object.values(load('nativelink.code-snippets'))) {
      const text = expandSnippet(bodyText(s));
      for (const line of text.split('\n')) {
        const lead = /^( *)/.exec(line)![1].length;
        assert.equal(lead % 2, 0, `${prefixOf(s)}: odd indent in ${JSON.stringify(line)}`);
        // Only keys that JSON5 cannot write bare (e.g. "container-image") may be quoted.
        const quotedKey = /^\s*"([A-Za-z_$][A-Za-z0-9_$]*)"\s*:/.exec(line);
        assert.equal(quotedKey, null, `${prefixOf(s)}: quoted identifier key in ${JSON.stringify(line)}`);
        // A closing brace/bracket or a value line that ends an entry carries a trailing comma, except the root's.
        if (/^\s+[}\]]$/.test(line)) assert.fail(`${prefixOf(s)}: missing trailing comma in ${JSON.stringify(line)}`);
      }
    }
  });

  it('the expander handles defaults, mirrors, choices and escapes', () => {
    assert.equal(expandSnippet('a ${1:x} b $1 c ${2|p,q|} $0'), 'a x b x c p ');
    assert.equal(expandSnippet('${2|p,q|}', 1), 'q');
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
    assert.equal(expandSnippet('\\${1:no} \\}'), '${1:no} }');
    assert.equal(expandSnippet('$3 none'), ' none');
  });
});

describe('snippets: NativeLink (json5) through the language service', () => {
  const snippets = load('nativelink.code-snippets');
  for (const s of Object.values(snippets)) {
    const prefix = prefixOf(s);
    for (const v of variants(bodyText(s))) {
      if (NL_WHOLE.includes(prefix)) {
        it(`${prefix}${v.label}: whole config has no error or warning`, () => {
          const diags = diagnose(v.text, 'json5');
          const allowed = ALLOWED_INFO[prefix] ?? {};
          const bad = diags.filter((d) => isError(d) || isWarning(d) || !(String(d.code) in allowed));
          assert.equal(bad.length, 0, `unexpected diagnostics:\n${describeDiags(v.text, bad)}`);
        });
      } else if (NL_FRAGMENTS[prefix]) {
        it(`${prefix}${v.label}: fragment in a minimal config has no error or warning`, () => {
          const text = NL_FRAGMENTS[prefix](v.text);
          const diags = diagnose(text, 'json5');
          const bad = diags.filter((d) => isError(d) || isWarning(d));
          assert.equal(bad.length, 0, `unexpected diagnostics:\n${describeDiags(text, bad)}\n--- document ---\n${text}`);
        });
      }
    }
  }
});

describe('snippets: collector (otelcol) through the language service', () => {
  const snippets = load('otelcol.code-snippets');
  for (const s of Object.values(snippets)) {
    const prefix = prefixOf(s);
    for (const v of variants(bodyText(s))) {
      if (OTEL_WHOLE.includes(prefix)) {
        it(`${prefix}${v.label}: whole config has no diagnostics beyond allowed ones`, () => {
          const diags = diagnose(v.text, 'otelcol');
          const allowed = ALLOWED_INFO[prefix] ?? {};
          const bad = diags.filter((d) => isError(d) || isWarning(d) || !(String(d.code) in allowed));
          assert.equal(bad.length, 0, `unexpected diagnostics:\n${describeDiags(v.text, bad)}`);
        });
      } else if (OTEL_FRAGMENTS[prefix]) {
        it(`${prefix}${v.label}: fragment in a minimal config has no error or warning`, () => {
          const text = OTEL_FRAGMENTS[prefix](v.text.replace(/\n+$/, ''));
          const diags = diagnose(text, 'otelcol');
          const bad = diags.filter((d) => isError(d) || isWarning(d));
          assert.equal(bad.length, 0, `unexpected diagnostics:\n${describeDiags(text, bad)}\n--- document ---\n${text}`);
        });
      }
    }
  }

  it('otel-nativelink keeps memory_limiter first and batch last, and enables health_check', () => {
    const s = Object.values(snippets).find((x) => prefixOf(x) === 'otel-nativelink')!;
    const text = expandSnippet(bodyText(s));
    assert.match(text, /processors: \[memory_limiter, attributes\/drop_high_cardinality, batch\]/);
    assert.match(text, /extensions: \[health_check\]/);
    assert.match(text, /endpoint: 0\.0\.0\.0:4317/);
    assert.match(text, /endpoint: 0\.0\.0\.0:4318/);
    assert.match(text, /endpoint: 0\.0\.0\.0:13133/);
    assert.match(text, /key: execution\.action_digest\n\s+action: delete/);
  });
});

describe('snippets: NativeLink content checks', () => {
  const snippets = load('nativelink.code-snippets');
  const get = (p: string) => expandSnippet(bodyText(Object.values(snippets).find((x) => prefixOf(x) === p)!));

  it('nl-single-node wraps CAS and AC in cache_metrics, bounds memory stores, sets worker_timeout_s 30', () => {
    const t = get('nl-single-node');
    assert.match(t, /cache_type: "cas"/);
    assert.match(t, /cache_type: "ac"/);
    assert.equal((t.match(/memory: \{\s*eviction_policy: \{\s*max_bytes:/g) ?? []).length, 2);
    assert.match(t, /worker_timeout_s: 30,/);
    assert.match(t, /fast_slow: \{\s*fast: \{\s*filesystem:/);
  });

  it('nl-cloud-store offers aws and gcs as provider', () => {
    const raw = bodyText(Object.values(snippets).find((x) => prefixOf(x) === 'nl-cloud-store')!);
    assert.match(raw, /provider: "\$\{\d+\|aws,gcs\|\}"/);
  });
});
