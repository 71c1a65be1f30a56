import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { ASTNode } from '../../../server/src/parser/ast';
import { parseYaml, parseYamlFull, parseYamlIncremental } from '../../../server/src/parser/yaml';
import { corpusFiles, prng } from './helpers';

/** The incremental (piece-cached) YAML parse must be indistinguishable from the whole-text parse. */
function canon(r: { root: ASTNode | undefined; errors: unknown[]; comments: unknown[]; documents: (ASTNode | undefined)[] }): string {
  const sortKeys = (_k: string, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).filter(([k]) => k !== 'parent').sort(([a], [b]) => (a < b ? -1 : 1))) : v;
  return JSON.stringify({ root: r.root, errors: r.errors, comments: r.comments, documents: r.documents }, sortKeys);
}

function parentsOk(n: ASTNode | undefined, p: ASTNode | undefined): boolean {
  if (!n) return true;
  return n.parent === p && (n.children ?? []).every((c) => parentsOk(c, n));
}

function bigCollector(n: number): string {
  const L = ['# big collector config', 'receivers:'];
  for (let i = 0; i < n; i++) L.push(`  otlp/r${i}:`, '    protocols:', '      grpc:', `        endpoint: 0.0.0.0:${4317 + i}  # port`, '');
  L.push('processors:', '  # limiter first', '  memory_limiter:', '    check_interval: 1s', '    limit_mib: 512', '  batch:', '    send_batch_size: 512');
  for (let i = 0; i < n; i++) L.push(`  attributes/a${i}:`, '    actions:', '    - key: execution_action_digest', '      action: delete', `  resource/x${i}:`, '    attributes:', '      - key: k', "        value: 'v: x'", '        action: upsert');
  L.push('exporters:');
  for (let i = 0; i < n; i++) L.push(`  otlp_http/e${i}:`, `    endpoint: "http://backend-${i}:4318"`, '    headers:', '      X-Scope-OrgID: |', '        tenant', '        more');
  L.push('service:', '  extensions: []', '  pipelines:', '    metrics:', '      receivers: [otlp/r0]', '      processors: [memory_limiter, batch]', '      exporters:', '        - otlp_http/e0', '# trailing comment', '');
  return L.join('\n');
}

describe('parseYaml incremental pieces', () => {
  const base = [bigCollector(60), bigCollector(25), ...corpusFiles('otel', ['.yaml', '.yml']).map((f) => fs.readFileSync(f, 'utf8'))];

  it('is used for large configs and equals the whole-text parse', () => {
    for (const t of base) {
      const inc = parseYamlIncremental(t);
      if (t.length > 8192) assert.ok(inc, 'incremental parse should apply to a plain large config');
      if (!inc) continue;
      assert.equal(canon(inc), canon(parseYamlFull(t)));
      assert.ok(parentsOk(inc.root, undefined));
    }
    assert.equal(canon(parseYaml(base[0])), canon(parseYamlFull(base[0])));
  });

  it('equals the whole-text parse after hundreds of random edits (or declines)', function () {
    this.timeout(60_000);
    const r = prng(7);
    const bits = [' ', '  ', '-', '- ', ':', ': ', '#', 'a', '\n', '\n  ', '\n#c\n', '\nfoo: 1\n', '\n  bar: 2\n', '"', "'", '&a ', '*a', '|', '>', '\t', '[', ']', '{', '}', ',', '? ', '!!str ', '%', '---\n', '<<: *a\n', '~', 'true', '\n  - ', 'null: 1\n', ' #x'];
    let used = 0;
    for (let it = 0; it < 600; it++) {
      let t = base[it % 2];
      const k = 1 + Math.floor(r() * 3);
      for (let j = 0; j < k; j++) {
        let pos = Math.floor(r() * t.length);
        if (r() < 0.5) pos = t.lastIndexOf('\n', pos) + 1;
        t = r() < 0.35 ? t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 3)) : t.slice(0, pos) + bits[Math.floor(r() * bits.length)] + t.slice(pos);
      }
      const inc = parseYamlIncremental(t);
      if (!inc) continue;
      used++;
      assert.equal(canon(inc), canon(parseYamlFull(t)), `edit round ${it}`);
      assert.ok(parentsOk(inc.root, undefined));
    }
    assert.ok(used > 50, `incremental path exercised only ${used} times`);
  });

  it('declines documents it cannot split exactly (aliases, several documents, duplicate sections, errors)', () => {
    const t = bigCollector(40);
    assert.equal(parseYamlIncremental(t.replace('  memory_limiter:', '  memory_limiter: &m').replace('  batch:\n', '  batch: *m\n  batch2:\n')), undefined);
    assert.equal(parseYamlIncremental(`${t}---\nfoo: 1\n`), undefined);
    assert.equal(parseYamlIncremental(`${t}receivers:\n  x: 1\n`), undefined);
    assert.equal(parseYamlIncremental(t.replace('    limit_mib: 512', '    limit_mib: [512')), undefined);
    const dup = t.replace('  batch:\n', '  memory_limiter:\n');
    assert.equal(parseYamlIncremental(dup), undefined);
    assert.ok(parseYaml(dup).errors.some((e) => /unique/i.test(e.message)));
  });
});
